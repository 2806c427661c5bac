// What dlm accepts but the author probably did not mean, and the quick
// fixes that go with problems and warnings.
import type { TextMap } from '../config/decode.js';
import type { PyDict, Span } from '../config/pyvalue.js';
import { closest } from '../diagnostics/similar.js';
import type { Fix } from '../diagnostics/types.js';
import type { Range } from '../types.js';
import type { BodyResult } from './body.js';
import type { DpoMigration } from './migrate.js';
import type { SchemaError } from './schema.js';
import type { DocumentProblem, DocumentSection, DocumentWarning, FrontmatterConfig } from './types.js';
import { freshUlid } from './ulid.js';

const FM = 4;

/** A one-line plain YAML scalar we can safely wrap in single quotes. */
function quotable(s: string): boolean {
  return s.length > 0 && s === s.trim() && !/^['"!&*|>[{%@`#]/.test(s) && !s.includes('\n') && !s.includes(': ') && !s.includes(' #');
}

function quoted(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Quick fixes for one schema problem (`p.range` is where the problem is shown). */
export function problemFixes(e: SchemaError, p: DocumentProblem, yamlText: string, map: TextMap, now: () => number): Fix[] {
  const r = (s: Span): Range => map.range(FM + s[0], FM + s[1]);
  const fixes: Fix[] = [];
  const at = e.loc.join('.');
  if (at === 'dlm_id' && e.type === 'missing') {
    const id = freshUlid(now());
    fixes.push({ kind: 'new-dlm-id', title: `Add a new dlm_id (${id})`, edits: [{ range: map.range(FM, FM), newText: `dlm_id: ${id}\n` }] });
  } else if (at === 'dlm_id' && (e.type === 'value_error' || e.type === 'string_type')) {
    const id = freshUlid(now());
    fixes.push({ kind: 'new-dlm-id', title: `Replace with a new ULID (${id})`, edits: [{ range: r(e.span), newText: id }] });
  }
  if (e.type === 'string_type' && e.at === 'value' && e.value !== undefined && e.value !== null && typeof e.value !== 'string') {
    const text = yamlText.slice(e.span[0], e.span[1]);
    const kind = typeof e.value === 'boolean' ? 'bool' : e.value.kind;
    if (['bool', 'int', 'float', 'date', 'datetime'].includes(kind) && quotable(text)) {
      fixes.push({ kind: 'quote', title: `Quote as ${quoted(text)} (a string)`, edits: [{ range: r(e.span), newText: quoted(text) }] });
    }
  }
  if ((e.type === 'extra_forbidden' || e.type === 'literal_error') && e.suggestion) {
    fixes.push({ kind: 'did-you-mean', title: `Change to \`${e.suggestion}\``, edits: [{ range: p.range, newText: e.suggestion }] });
  }
  return fixes;
}

export interface WarningInput {
  root: PyDict | null;
  migratedRoot: PyDict | null;
  versionDeclared: boolean;
  dpo: DpoMigration | null;
  body: BodyResult;
  sections: DocumentSection[];
  frontmatter: FrontmatterConfig | null;
  map: TextMap;
  lines: readonly string[];
  lineRange: (line: number) => Range;
}

export function collectWarnings(w: WarningInput): DocumentWarning[] {
  const out: DocumentWarning[] = [];
  const r = (s: Span): Range => w.map.range(FM + s[0], FM + s[1]);
  const lineRange = w.lineRange;

  if (w.root && w.migratedRoot && !w.versionDeclared) {
    const hasDpo = w.dpo !== null;
    out.push({
      code: 'dlm-version-missing',
      message: `no dlm_version: dlm reads this document as version 1 (not 15) and runs every migration${hasDpo ? ', which rewrites training.dpo' : ''}. Add \`dlm_version: 15\` to say which format it is written in.`,
      range: w.map.range(0, 3),
      fixes: hasDpo ? [] : [{ kind: 'add-dlm-version', title: 'Add dlm_version: 15', edits: [{ range: w.map.range(FM, FM), newText: 'dlm_version: 15\n' }] }],
    });
  }
  if (w.dpo) {
    const parts: string[] = [];
    if (w.dpo.droppedNull) parts.push('`dpo: ~` is dropped');
    else parts.push('dlm moves it to training.preference (method dpo; beta, learning_rate and num_epochs under hyperparams)');
    if (w.dpo.dropped.length) parts.push(`and silently drops ${w.dpo.dropped.map((d) => `\`${d.name}\``).join(', ')}`);
    if (w.dpo.replacedPreference) parts.push('— and it replaces the training.preference block written here');
    out.push({ code: 'dpo-migrated', message: `training.dpo is the version-1 name: ${parts.join(' ')}.`, range: r(w.dpo.keySpan) });
  }
  const fm = w.frontmatter;
  if (fm) {
    const declared = fm.training.adapters ? [...fm.training.adapters.keys()] : [];
    for (const s of w.sections) {
      if (s.adapter === null || declared.includes(s.adapter) || !s.adapterRange) continue;
      const near = closest(s.adapter, declared);
      const message = declared.length
        ? `adapter \`${s.adapter}\` is not declared in training.adapters (${declared.join(', ')})${near ? ` — did you mean \`${near}\`?` : ''}; dlm accepts the suffix but has no such adapter to train`
        : `adapter \`${s.adapter}\` routes this section to a named adapter, but the frontmatter declares none (no training.adapters)`;
      out.push({ code: 'adapter-undeclared', message, range: s.adapterRange, fixes: near ? [{ kind: 'did-you-mean', title: `Change to \`${near}\``, edits: [{ range: s.adapterRange, newText: near }] }] : [] });
    }
  }
  for (const l of w.body.lookalikes) {
    const shown = w.lines[l.line]!;
    out.push({
      code: 'fence-lookalike',
      message: `\`${shown.length > 50 ? shown.slice(0, 47) + '...' : shown}\` looks like a section fence, but dlm reads it as plain text (a fence is exactly \`::type::\` or \`::image path="…"::\` alone on its line)${l.intended ? `; did you mean \`${l.intended}\`?` : ''}`,
      range: lineRange(l.line),
      fixes: l.intended ? [{ kind: 'did-you-mean', title: `Change to \`${l.intended}\``, edits: [{ range: lineRange(l.line), newText: l.intended }] }] : [],
    });
  }
  return out;
}
