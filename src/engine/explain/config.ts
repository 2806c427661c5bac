// Why dlm ignores a config (or crashes on it): its first problem and where it is,
// instead of a paragraph about the kind of problem.
import { trainingYamlPath, type AnchorState } from '../corpus/anchors.js';
import { posixRelative } from '../corpus/directives.js';
import { linkTo, unblocked, type ExplainInput } from './context.js';
import type { ConfigExplanation } from './types.js';

export function explainAnchorConfig(input: ExplainInput, a: AnchorState): ConfigExplanation {
  const { index } = unblocked(input);
  const y = a.yaml;
  const anchor = posixRelative(index.plan.base, a.abs);
  if (!y) return { kind: 'config', anchor, state: 'absent', cause: null, moreProblems: 0 };
  const first = y.issues[0];
  const cause = !y.accepted || y.crash
    ? first ? { code: first.code, message: first.message, link: linkTo(index, trainingYamlPath(a.abs), first.range) } : null
    : null;
  return { kind: 'config', anchor, state: y.accepted ? 'valid' : 'invalid', cause, moreProblems: Math.max(0, y.issues.length - 1) };
}

/** Explanations of every config of the corpus that dlm ignores or crashes on, once per folder, in merge order. */
export function explainConfigs(input: ExplainInput): ConfigExplanation[] {
  const { index } = unblocked(input);
  const seen = new Set<string>();
  const out: ConfigExplanation[] = [];
  for (const a of index.allAnchors()) {
    if (seen.has(a.abs)) continue;
    seen.add(a.abs);
    const e = explainAnchorConfig(input, a);
    if (e.cause) out.push(e);
  }
  return out;
}
