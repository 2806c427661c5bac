// Cross-file checks: what dlm accepts but probably does not do what the user
// meant — mostly because dlm merges every config's weights into one global
// map (semantics.md §5) and its ignore rules are not gitignore.
import { join } from 'node:path';
import type { CorpusIndex, ReportDetails } from '../corpus/corpusIndex.js';
import { ignorePath, loaded, trainingYamlPath, type AnchorState } from '../corpus/anchors.js';
import { displayBase, posixRelative } from '../corpus/directives.js';
import { ignoreMatcher } from '../ignoreMatcher.js';
import type { DryRunReport } from '../types.js';
import type { AnchorFile } from './anchorFiles.js';
import { CorpusFacts, type AnchorChecks } from './corpusFacts.js';
import { deadWeightDiagnostics } from './deadWeights.js';
import { ignoreLineRanges } from './ignoreFile.js';
import { closest } from './similar.js';
import { rowFolders, setterValue, tagSetters, type TagSetters } from './tagSetters.js';
import type { Diagnostic } from './types.js';

const EXAMPLES = 3;

function examples(paths: string[]): string {
  const shown = paths.slice(0, EXAMPLES).map((p) => `\`${p}\``).join(', ');
  return paths.length > EXAMPLES ? `${shown} and ${paths.length - EXAMPLES} more` : shown;
}

const rowsGet = (n: number, tag: string) => `${n} ${n === 1 ? 'row' : 'rows'} tagged ${tag} ${n === 1 ? 'gets' : 'get'}`;

function configLabel(base: string, a: AnchorState): string {
  return posixRelative(base, trainingYamlPath(a.abs));
}

/**
 * Diagnostics for every config and ignore file of the corpus, keyed by
 * absolute path. Per-file checks (diagnoseTrainingYamlText) come on top.
 * `facts`: the report's facts when the caller holds them (a language
 * server's snapshot), else made here.
 */
export function diagnoseCorpus(index: CorpusIndex, report: DryRunReport, details: ReportDetails, facts = new CorpusFacts(index, report, details)): Map<string, Diagnostic[]> {
  // a report with a documentError holds placeholders: configs are judged on what dlm would do past it
  ({ report, details } = facts);
  const out = new Map<string, Diagnostic[]>();
  const push = (path: string, d: Diagnostic) => {
    let list = out.get(path);
    if (!list) out.set(path, (list = []));
    list.push(d);
  };
  // files are named from the folder dlm trains (a document's own `.dlm/` is not that folder)
  const base = displayBase(index.plan);
  const origin = base === index.plan.base ? (o: string) => o : (o: string) => posixRelative(base, join(index.plan.base, o));
  const rows = facts.rows();
  const anchors = index.allAnchors();

  const known = facts.knownTags();
  // who sets each (key, value) and which rows the applied value reaches, once per tag value
  const setterMemo = new Map<string, TagSetters | null>();
  const conflicts = (k: string, v: string) => {
    const id = `${k}\u0000${v}`;
    let hit = setterMemo.get(id);
    if (hit === undefined) setterMemo.set(id, (hit = tagSetters(facts, k, v)));
    return hit;
  };

  const checked = new Set<string>();
  for (const a of anchors) {
    // an anchor several directives list (overlapping sources) is one config: checked once, against all of its files
    if (checked.has(a.abs)) continue;
    checked.add(a.abs);
    const file = trainingYamlPath(a.abs);
    for (const [p, d] of anchorChecks(facts, a, file)) push(p, d);
    if (!loaded(a) || !a.yaml!.locations) continue;
    const loc = a.yaml!.locations;
    for (const w of loc.weights) {
      const values = known.get(w.tagKey);
      if (!values) {
        const guess = closest(w.tagKey, known.keys());
        push(file, {
          severity: 'warning', code: 'weight-tag-key-unknown', range: w.keyRange,
          message: `No \`metadata\` in this corpus sets the tag key \`${w.tagKey}\`, so these weights change nothing.${guess ? ` Did you mean \`${guess}\`?` : ''}`,
          fixes: guess ? [{ kind: 'did-you-mean', title: `Change to \`${guess}\``, edits: [{ range: w.keyRange, newText: yamlKey(guess) }] }] : undefined,
        });
        continue;
      }
      for (const v of w.values) {
        const tag = `${w.tagKey}=${v.tagValue}`;
        if (!values.has(v.tagValue)) {
          const guess = closest(v.tagValue, values);
          push(file, {
            severity: 'warning', code: 'weight-tag-value-unknown', range: v.keyRange,
            message: `No \`metadata\` in this corpus sets \`${tag}\`, so this weight changes nothing.${guess ? ` Did you mean \`${guess}\`?` : ''}`,
            fixes: guess ? [{ kind: 'did-you-mean', title: `Change to \`${guess}\``, edits: [{ range: v.keyRange, newText: yamlKey(guess) }] }] : undefined,
          });
          continue;
        }
        const tagged = rows.rowsByTag.get(`${w.tagKey}\u0000${v.tagValue}`) ?? [];
        const setters = conflicts(w.tagKey, v.tagValue)!;
        const win = setters.winner;
        const applied = report.mergedWeights.get(w.tagKey)?.get(v.tagValue);
        // one cause, reported once: a weight dead because the winner's value reaches this folder's rows is said in the winner's leak
        if (win.abs !== a.abs && !Object.is(applied, v.weight) && !setters.leakedInto.includes(a)) {
          push(file, {
            severity: 'warning', code: 'weight-overridden', range: v.valueRange,
            message: `dlm train does not apply this weight: every row tagged \`${tag}\` gets ${applied} from \`${configLabel(base, win)}\`, later in its merge order (shorter paths first, then Python path order), because dlm merges every config's weights into one map.`,
            related: relatedWeight(win, w.tagKey, v.tagValue, `sets ${tag} to ${applied} (this value wins)`),
          });
        }
        if (tagged.length === 0) {
          push(file, {
            severity: 'information', code: 'weight-no-rows', range: v.keyRange,
            message: `No row of the corpus carries \`${tag}\` (the files tagged with it are excluded, skipped or absent), so this weight changes nothing today.`,
          });
          continue;
        }
        // only the winning config's value reaches rows, so only it can leak (one pass per tag value)
        const outside = win.abs === a.abs ? setters.leak : [];
        if (outside.length > 0) {
          const dead = setters.leakedInto;
          const overrides = dead.length
            ? ` There it overrides ${dead.map((d) => `\`${configLabel(base, d)}\`'s ${setterValue(d, w.tagKey, v.tagValue)}`).join(', ')}, which dlm drops.`
            : '';
          push(file, {
            severity: 'warning', code: 'weight-leaks', range: v.keyRange,
            message: `${outside.length} ${outside.length === 1 ? 'row' : 'rows'} tagged \`${tag}\` outside \`${posixRelative(base, a.abs)}/\` also ${outside.length === 1 ? 'gets' : 'get'} this weight, ${v.weight} (${tagged.length} tagged in all): dlm merges weights globally, not per subtree, whatever its cookbook says. E.g. ${examples(outside.map((r) => origin(r.origin)))}.${overrides}`,
            related: [
              ...dead.flatMap((d) => relatedWeight(d, w.tagKey, v.tagValue, `sets ${tag} to ${setterValue(d, w.tagKey, v.tagValue)}: dlm drops it for this weight's ${v.weight}`) ?? []),
              ...rowFolders(facts, outside, w.tagKey, (f, n) => `${f}: ${rowsGet(n, tag)} ${v.weight} from this weight`),
            ],
          });
        }
        if (v.weight === 0 && win.abs === a.abs) {
          push(file, {
            severity: 'warning', code: 'weight-drops-rows', range: v.valueRange,
            message: `A weight of 0 drops every row tagged \`${tag}\` (${tagged.length} rows) from training.`,
          });
        } else if (v.weight > 10 && Number.isFinite(v.weight)) {
          push(file, {
            severity: 'warning', code: 'weight-very-large', range: v.valueRange,
            message: `Every row tagged \`${tag}\` (${tagged.length} rows) appears ${Math.trunc(v.weight)}+ times: a handful of files may dominate training and overfit.`,
          });
        }
      }
    }
    const firstMeta = loc.metadata[0];
    if (firstMeta && !rows.rowsUnder.get(a.abs)) {
      push(file, {
        severity: 'information', code: 'metadata-tags-no-rows', range: loc.topKeys.get('metadata') ?? firstMeta.keyRange,
        message: `No file under \`${posixRelative(base, a.abs)}/\` becomes a training row, so this metadata tags nothing. (dlm still merges this config's weights corpus-wide.)`,
      });
    }
  }
  for (const [path, d] of deadWeightDiagnostics(index, report)) push(path, d);
  return out;
}

function relatedWeight(a: AnchorState, key: string, value: string, message: string) {
  const w = a.yaml!.locations?.weights.find((x) => x.tagKey === key);
  const v = w?.values.find((x) => x.tagValue === value);
  return v ? [{ path: trainingYamlPath(a.abs), range: v.valueRange, message }] : undefined;
}

/** A tag name written as a YAML key that PyYAML reads back as the same string. */
export function yamlKey(s: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(s) && !/^(y|n|yes|no|true|false|on|off|null)$/i.test(s) ? s : `'${s.replace(/'/g, "''")}'`;
}

function diagnosePatterns(facts: CorpusFacts, a: AnchorState, file: string, push: (p: string, d: Diagnostic) => void): void {
  const loc = a.yaml!.locations!;
  for (const inc of loc.include) {
    // include patterns are matched against the path relative to the source root
    if (!facts.patternMatchesAny(a.abs, 'include', inc.pattern)) {
      push(file, { severity: 'warning', code: 'pattern-matches-nothing', range: inc.range, message: `\`${inc.pattern}\` matches no file under this folder. Note that dlm matches \`include\` against the path relative to the source root, not to this folder.` });
    }
  }
  for (const exc of loc.exclude) {
    if (!facts.patternMatchesAny(a.abs, 'exclude', exc.pattern)) {
      push(file, { severity: 'hint', code: 'pattern-matches-nothing', range: exc.range, message: `\`${exc.pattern}\` matches no file under this folder (matched against the path relative to this folder).` });
    }
  }
}

/** Pattern and ignore checks depend only on the listing and the anchor's state: the facts keep them per anchor state. */
function anchorChecks(facts: CorpusFacts, a: AnchorState, file: string): AnchorChecks {
  const hit = facts.anchorChecks.get(a);
  if (hit) return hit;
  const diags: Array<[string, Diagnostic]> = [];
  const push = (p: string, d: Diagnostic) => diags.push([p, d]);
  if (loaded(a) && a.yaml!.locations) diagnosePatterns(facts, a, file, push);
  if (a.ignore) diagnoseIgnoreRules(facts.index, facts.filesUnder(a.abs), a, push);
  facts.anchorChecks.set(a, diags);
  return diags;
}

function diagnoseIgnoreRules(index: CorpusIndex, files: readonly AnchorFile[], a: AnchorState, push: (p: string, d: Diagnostic) => void): void {
  const file = ignorePath(a.abs);
  const ranges = ignoreLineRanges(a.ignoreText ?? '');
  const rules = a.ignore!.rules;
  // one pass over the files with the bucketed matcher (not every rule against every file)
  const matcher = ignoreMatcher(a.ignore!);
  const matched = new Uint8Array(rules.length);
  const dirNames = new Set<string>();
  for (const f of files) {
    matcher.forEachMatch(f.anchorRel, (i) => { matched[i] = 1; });
    const parts = f.anchorRel.split('/');
    for (let i = 0; i < parts.length - 1; i++) dirNames.add(parts[i]!);
  }
  const namesFolder = new Uint8Array(rules.length);
  for (const n of dirNames) for (const i of matcher.fileRulesMatchingName(n)) namesFolder[i] = 1;
  rules.forEach((rule, i) => {
    if (rule.dirOnly && (rule.anchored || rule.pattern.includes('/'))) return; // diagnosed per file
    const range = ranges[rule.line];
    if (!range || matched[i]) return;
    if (!rule.dirOnly && !rule.anchored && !rule.pattern.includes('/') && namesFolder[i]) {
      push(file, {
        severity: 'warning', code: 'ignore-bare-name-matches-folder', range,
        message: `\`${rule.raw.trim()}\` names a folder, but dlm's ignore rules are not gitignore: a bare name does not match the files inside a folder of that name. Write \`${rule.pattern}/\` to exclude them.`,
        fixes: [{ kind: 'folder-rule', title: `Change to \`${rule.negated ? '!' : ''}${rule.pattern}/\``, edits: [{ range, newText: `${rule.negated ? '!' : ''}${rule.pattern}/` }] }],
      });
      return;
    }
    push(file, { severity: 'information', code: 'ignore-rule-matches-nothing', range, message: `\`${rule.raw.trim()}\` matches no file under \`${posixRelative(displayBase(index.plan), a.abs)}/\`.` });
  });
}
