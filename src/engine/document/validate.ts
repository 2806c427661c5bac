// validateDocument: a `.dlm` document through dlm's stages, in dlm's order
// (docs/spec/document.md): read bytes → delimiters → YAML → dlm_version and
// migrations → schema → body, then the rows `dlm train` builds.
import { decodeUtf8Strict, TextMap } from '../config/decode.js';
import { pyyamlSafeLoad } from '../config/pyyaml.js';
import { isDict, type PyDict, type Span } from '../config/pyvalue.js';
import type { Range } from '../types.js';
import { tokenizeBody, type TokenizedSection } from './body.js';
import { buildFrontmatter } from './frontmatterConfig.js';
import { checkVersion, migrateV1 } from './migrate.js';
import { parseInstructionRows, parsePreferenceRows } from './rows.js';
import { validateFrontmatter } from './schema.js';
import type { DocumentProblem, DocumentSection, DocumentValidation, FrontmatterKey } from './types.js';
import { collectWarnings, problemFixes } from './warnings.js';
import { firstYamlIssue } from './yamlMark.js';

export interface ValidateOptions {
  /** Clock for quick-fix ULIDs (tests). */
  now?: () => number;
  /**
   * false: skip the frontmatter stages (YAML, version, schema) for callers that read it
   * themselves; `dlmAccepts` then speaks for the delimiters and the body only.
   */
  frontmatter?: boolean;
}

/** The limit dlm-weights applies to a training.yaml too (config/load.ts), kept here so this module does not load that one. */
const MAX_CONFIG_CHARS = 1 << 20;

/** Offset of the frontmatter text in the normalised document: after `---\n`. */
const FM = 4;

function empty(): DocumentValidation {
  return { dlmAccepts: false, problems: [], rowsProblems: [], rowsError: null, warnings: [], frontmatter: null, sections: [], keys: [], frontmatterRange: null, frontmatterText: null, frontmatterYaml: null, bodyStartLine: null };
}

/** Validate a document given as its bytes (exactly as dlm reads the file) or as editor text. */
export function validateDocument(input: Uint8Array | string, options: ValidateOptions = {}): DocumentValidation {
  let map: TextMap;
  if (typeof input === 'string') map = new TextMap(input);
  else {
    const d = decodeUtf8Strict(input);
    if (!d.ok) {
      const prefix = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(input.subarray(0, d.byteOffset));
      const pm = new TextMap(prefix.startsWith('\ufeff') ? prefix.slice(1) : prefix, true);
      const at = pm.normalized.length;
      const out = empty();
      out.problems.push({ kind: 'frontmatter-encoding', stage: 'read', message: `the document is not valid UTF-8 (byte ${d.byteOffset}: ${d.reason}); dlm refuses it. Save it as UTF-8.`, range: pm.range(at, at), upstreamLine: null });
      return out;
    }
    map = new TextMap(d.text, true);
  }
  return validateText(map, options);
}

function validateText(map: TextMap, options: ValidateOptions): DocumentValidation {
  const out = empty();
  const text = map.normalized;
  const lines = text.split('\n');
  const starts: number[] = [];
  for (let i = 0, o = 0; i < lines.length; o += lines[i]!.length + 1, i++) starts.push(o);
  // below line 0 (where an editor's BOM shifts characters) a range is plain line / character arithmetic
  const lineRange = (i: number, a = 0, b = lines[i]?.length ?? 0): Range => (i > 0 && i < lines.length
    ? { start: { line: i, character: a }, end: { line: i, character: b } }
    : map.range((starts[i] ?? text.length) + a, (starts[i] ?? text.length) + b));
  if (lines[0] !== '---') {
    const first = lines[0]!;
    const why = first === '' ? 'the first line is empty' : first.trim() === '---' || first.startsWith('---') ? `the first line is \`${first}\`, not exactly \`---\`` : 'it has no frontmatter';
    out.problems.push({ kind: 'frontmatter-open', stage: 'delimiters', message: `a .dlm document must start with a line that is exactly \`---\` (the frontmatter), but ${why}; dlm refuses it`, range: lineRange(0), upstreamLine: 1 });
    return out;
  }
  const close = lines.indexOf('---', 1);
  if (close < 0) {
    out.problems.push({ kind: 'frontmatter-unclosed', stage: 'delimiters', message: 'the frontmatter is never closed: no later line is exactly `---` (`--- `, `----` and `...` do not count); dlm refuses the document', range: lineRange(0, 0, 3), upstreamLine: 1 });
    return out;
  }
  const yamlText = lines.slice(1, close).join('\n');
  const span = (s: Span): Range => map.range(FM + s[0], FM + s[1]);
  out.frontmatterRange = map.range(FM, FM + yamlText.length);
  out.frontmatterText = yamlText;
  out.bodyStartLine = close + 1;

  const body = tokenizeBody(lines, close + 1);
  let root: PyDict | null = null;
  let migratedRoot: PyDict | null = null;
  let versionDeclared = false;
  let dpo: ReturnType<typeof migrateV1>['dpo'] = null;

  const y = options.frontmatter === false ? undefined : yamlText.length > MAX_CONFIG_CHARS ? null : pyyamlSafeLoad(yamlText);
  if (y === undefined) {
    // the caller reads the frontmatter itself
  } else if (y === null) {
    // as for a training.yaml: real frontmatters are a few hundred bytes; a huge one could take minutes and gigabytes
    out.problems.push({ kind: 'frontmatter-yaml', stage: 'yaml', message: `dlm-weights does not check a frontmatter over ${MAX_CONFIG_CHARS / 1024} KiB (this one has ${(yamlText.length / 2 ** 20).toFixed(1)} M characters); treat the document as refused until it is trimmed`, range: lineRange(0, 0, 3), upstreamLine: null });
  } else if (y.kind === 'yaml') {
    const { issue, line, mark } = firstYamlIssue(yamlText, y.issues);
    // start where PyYAML stops (the line dlm reports), end with the issue or that line
    let where = issue.span;
    if (mark !== null && mark !== issue.span[0]) {
      const eol = yamlText.slice(mark).search(/[\n\x85\u2028\u2029]/);
      const lineEnd = eol < 0 ? yamlText.length : mark + eol;
      where = [mark, issue.span[1] > mark && issue.span[1] <= lineEnd ? issue.span[1] : Math.max(mark, lineEnd)];
    }
    out.problems.push({ kind: 'frontmatter-yaml', stage: 'yaml', message: `the frontmatter is not valid YAML for PyYAML: ${issue.message}; dlm refuses the document`, range: span(where), upstreamLine: line === null ? null : line + 2 });
  } else if (y.kind === 'crash') {
    out.problems.push({ kind: 'frontmatter-yaml-crash', stage: 'yaml', message: `PyYAML raises ${y.exception} on the frontmatter (${y.message}); dlm does not catch it, so every dlm command on this document crashes`, range: span(y.span), upstreamLine: null });
  } else if (y.value === null || !isDict(y.value)) {
    const what = y.value === null ? 'empty (only comments)' : typeof y.value === 'object' && 'items' in y.value ? 'a list' : 'a single value';
    const r: Span = y.rootSpan[1] > y.rootSpan[0] ? y.rootSpan : [0, Math.max(0, lines[1]?.length ?? 0)];
    out.problems.push({ kind: 'frontmatter-not-mapping', stage: 'yaml', message: `the frontmatter must be a mapping of keys (dlm_id, base_model, …), but it is ${what}; dlm refuses the document`, range: close === 1 ? lineRange(0, 0, 3) : span(r), upstreamLine: 2 });
  } else {
    root = y.value;
    out.frontmatterYaml = root;
    out.keys = collectKeys(root, span);
    const v = checkVersion(root);
    if (!v.ok) {
      out.problems.push({ kind: v.kind, stage: 'version', message: v.message, range: span(v.span), upstreamLine: v.upstreamLine });
    } else {
      versionDeclared = v.declared !== null;
      migratedRoot = root;
      if (v.version === 1n) ({ root: migratedRoot, dpo } = migrateV1(root));
      const s = validateFrontmatter(migratedRoot, yamlText);
      for (const e of s.errors) {
        const range = e.type === 'missing' && e.loc.length === 1 ? lineRange(0, 0, 3) : span(e.span);
        const p: DocumentProblem = { kind: 'frontmatter-schema', stage: 'schema', message: `${e.message}; dlm refuses the document`, range, upstreamLine: 2, loc: e.loc, pydanticType: e.type };
        const fixes = problemFixes(e, p, yamlText, map, options.now ?? Date.now);
        if (fixes.length) p.fixes = fixes;
        out.problems.push(p);
      }
      if (!s.errors.length && s.json) out.frontmatter = buildFrontmatter(s.json, s.ints, versionDeclared ? Number(v.version) : null);
    }
  }

  for (const p of body.problems) {
    out.problems.push({ kind: p.kind, stage: 'body', message: `${p.message}; dlm refuses the document`, range: lineRange(p.line, p.start, p.end), upstreamLine: p.upstreamLine });
  }
  out.dlmAccepts = out.problems.length === 0;
  out.sections = body.sections.map((s) => toSection(s, lines, lineRange, out.rowsProblems));
  out.rowsError = out.rowsProblems[0] ?? null;
  out.warnings = collectWarnings({ root, migratedRoot, versionDeclared, dpo, body, sections: out.sections, frontmatter: out.frontmatter, map, lines, lineRange });
  return out;
}

/** A body section as the API shows it; the id is hashed on first use. */
class Section implements DocumentSection {
  readonly type: DocumentSection['type'];
  readonly line: number;
  readonly adapter: string | null;
  readonly mediaPath: string | null;
  readonly content: string;
  constructor(private readonly token: TokenizedSection, readonly range: Range, readonly adapterRange: Range | null, readonly rowCount: number) {
    this.type = token.type;
    this.line = token.line + 1;
    this.adapter = token.adapter;
    this.mediaPath = token.mediaPath;
    this.content = token.content;
  }

  get sectionId(): string {
    return this.token.sectionId;
  }

  toJSON(): Omit<DocumentSection, never> {
    const { type, line, range, adapter, adapterRange, sectionId, mediaPath, rowCount, content } = this;
    return { type, line, range, adapter, adapterRange, sectionId, mediaPath, rowCount, content };
  }
}

function toSection(s: TokenizedSection, lines: readonly string[], lineRange: (i: number, a?: number, b?: number) => Range, rows: DocumentProblem[]): DocumentSection {
  let rowCount = 0;
  const fence = lineRange(s.line);
  if (s.type === 'prose') rowCount = 1;
  else if (s.type === 'image' || s.type === 'audio') {
    rows.push({ kind: 'media-section', stage: 'rows', message: `an in-body ${s.type} section: dlm train turns it into rows only with a blob store, which it does not have for a text base model, so training stops here (dlm-weights does not model vision / audio bases)`, range: fence, upstreamLine: null });
  } else {
    const r = s.type === 'instruction' ? parseInstructionRows(s.content) : parsePreferenceRows(s.content);
    rowCount = r.error ? 0 : r.rows;
    if (r.error) {
      const line = s.line + 1 + s.markerLines + r.error.line; // 1-based file line, as dlm's message counts
      // the line can be one past the section (an answer missing at its end), even past the text
      const range: Range = line - 1 < lines.length ? lineRange(line - 1) : { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: 0 } };
      rows.push({
        kind: s.type === 'instruction' ? 'instruction-body' : 'preference-body', stage: 'rows',
        message: `${r.error.message}: dlm train fails on this ${s.type} section`, range, upstreamLine: line,
      });
    }
  }
  return new Section(s, fence, s.adapterRange ? lineRange(s.line, s.adapterRange.start, s.adapterRange.end) : null, rowCount);
}

function collectKeys(root: PyDict, span: (s: Span) => Range): FrontmatterKey[] {
  const out: FrontmatterKey[] = [];
  const seen = new Set<object>();
  const visit = (d: PyDict, path: Array<string | number>, depth: number): void => {
    if (seen.has(d) || depth > 8) return; // aliases can share a mapping
    seen.add(d);
    for (const e of d.entries) {
      if (typeof e.key !== 'string') continue;
      const p = [...path, e.key];
      out.push({ path: p, keyRange: span(e.keySpan), valueRange: span(e.valueSpan) });
      const v = e.value;
      if (isDict(v)) visit(v, p, depth + 1);
      else if (v !== null && typeof v === 'object' && v.kind === 'list') {
        v.items.forEach((item, i) => { if (isDict(item)) visit(item, [...p, i], depth + 1); });
      }
    }
  };
  visit(root, [], 0);
  return out;
}
