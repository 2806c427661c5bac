// Child process of fuzz.ts's Guard: runs one engine entry point on one input
// and checks that what came back is well-formed. Never trusts the engine:
// a throw is caught and reported, the parent handles hangs and aborts.
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadTrainingYamlBytes, loadTrainingYamlText, type LoadResult } from '../../src/engine/config/index';
import { diagnoseIgnoreText, diagnoseTrainingYamlText, type Diagnostic } from '../../src/engine/diagnostics/index';
import { parseDocument, type ParsedDocument } from '../../src/engine/document';
import { planDocument, type CorpusPlan } from '../../src/engine/corpus/directives';
import { isDocumentErrorKind } from '../../src/engine/problems';
import type { Range } from '../../src/engine/types';
import type { Target } from './fuzz';

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SEVERITIES = new Set(['error', 'warning', 'information', 'hint']);
const PROBLEMS = new Set(['yaml', 'not-mapping', 'schema', 'encoding', 'loader-crash']);
const SECTION_TYPES = new Set(['prose', 'instruction', 'preference', 'image', 'audio']);

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/** The lines an editor shows (LSP: \n, \r\n, \r). */
function editorLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

function rangeProblem(r: Range | undefined, lines: string[] | null, what: string): string {
  if (!r || typeof r !== 'object') return `${what}: no range`;
  for (const p of [r.start, r.end]) {
    if (!p || !isCount(p.line) || !isCount(p.character)) return `${what}: bad range ${JSON.stringify(r)}`;
    if (lines && (p.line >= lines.length || p.character > lines[p.line]!.length)) {
      return `${what}: range ${JSON.stringify(r)} outside the text (${lines.length} lines, line ${p.line} has ${lines[p.line]?.length})`;
    }
  }
  if (r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character)) return `${what}: range ends before it starts ${JSON.stringify(r)}`;
  return '';
}

function diagnosticsProblem(ds: unknown, lines: string[] | null): string {
  if (!Array.isArray(ds)) return 'diagnostics is not an array';
  for (const d of ds as Diagnostic[]) {
    if (!SEVERITIES.has(d.severity)) return `severity ${d.severity}`;
    if (typeof d.code !== 'string' || !KEBAB.test(d.code)) return `code ${JSON.stringify(d.code)}`;
    if (typeof d.message !== 'string' || !d.message.trim()) return `${d.code}: empty message`;
    const p = rangeProblem(d.range, lines, d.code);
    if (p) return p;
    for (const f of d.fixes ?? []) {
      if (typeof f.title !== 'string') return `${d.code}: fix without a title`;
      for (const e of f.edits) {
        const q = rangeProblem(e.range, lines, `${d.code} fix edit`);
        if (q) return q;
        if (typeof e.newText !== 'string') return `${d.code}: fix edit without text`;
      }
    }
  }
  return '';
}

function loadResultProblem(r: LoadResult, lines: string[] | null): string {
  if (typeof r.accepted !== 'boolean' || typeof r.crash !== 'boolean') return 'accepted/crash not booleans';
  if (r.accepted) {
    if (r.problem !== null) return `accepted with problem ${r.problem}`;
    const c = r.config;
    if (!c) return 'accepted without a config';
    if (!Array.isArray(c.include) || !c.include.every((x) => typeof x === 'string')) return 'config.include not string[]';
    if (!Array.isArray(c.exclude) || !c.exclude.every((x) => typeof x === 'string')) return 'config.exclude not string[]';
    if (typeof c.excludeDefaults !== 'boolean') return 'config.excludeDefaults not boolean';
    if (!(c.metadata instanceof Map) || ![...c.metadata].every(([k, v]) => typeof k === 'string' && typeof v === 'string')) return 'config.metadata not Map<string,string>';
    if (!(c.weights instanceof Map)) return 'config.weights not a Map';
    let nonFinite = false;
    for (const [k, m] of c.weights) {
      if (typeof k !== 'string' || !(m instanceof Map)) return 'config.weights not Map<string, Map>';
      for (const [v, w] of m) {
        if (typeof v !== 'string' || typeof w !== 'number') return 'config.weights values not string -> number';
        if (w < 0) return `accepted a negative weight ${w}`;
        if (!Number.isFinite(w)) nonFinite = true;
      }
    }
    if (r.crash !== nonFinite) return `accepted, crash=${r.crash} but non-finite weights=${nonFinite}`;
  } else {
    if (!PROBLEMS.has(r.problem as string)) return `rejected with problem ${r.problem}`;
    if (r.config !== null) return 'rejected but has a config';
    if (r.crash !== (r.problem === 'loader-crash')) return `rejected (${r.problem}) with crash=${r.crash}`;
    if (!r.issues.length) return 'rejected without an issue';
  }
  if (!Array.isArray(r.issues)) return 'issues not an array';
  for (const i of r.issues) {
    if (typeof i.code !== 'string' || !KEBAB.test(i.code)) return `issue code ${JSON.stringify(i.code)}`;
    if (typeof i.message !== 'string' || !i.message.trim()) return `issue ${i.code}: empty message`;
    const p = rangeProblem(i.range, lines, `issue ${i.code}`);
    if (p) return p;
  }
  return '';
}

function documentProblem(d: ParsedDocument, lines: string[]): string {
  if (d.frontmatter !== null && typeof d.frontmatter !== 'string') return 'frontmatter not string|null';
  if (!isCount(d.frontmatterLine)) return 'frontmatterLine';
  if (!Array.isArray(d.sections) || !Array.isArray(d.problems)) return 'sections/problems not arrays';
  for (const s of d.sections) {
    if (!SECTION_TYPES.has(s.type)) return `section type ${s.type}`;
    if (typeof s.content !== 'string') return 'section content';
    if (!isCount(s.rowCount)) return `section rowCount ${s.rowCount}`;
    if (!isCount(s.line) || s.line >= lines.length) return `section line ${s.line} of ${lines.length}`;
  }
  for (const p of d.problems) {
    if (!isCount(p.line) || p.line >= lines.length) return `problem line ${p.line} of ${lines.length}`;
    if (typeof p.message !== 'string' || !p.message) return 'problem message';
  }
  return '';
}

function planProblem(p: CorpusPlan): string {
  if (p.mode !== 'document') return `mode ${p.mode}`;
  if (typeof p.seed !== 'bigint') return `seed ${typeof p.seed}`;
  if (!Array.isArray(p.directives) || !Array.isArray(p.problems)) return 'directives/problems not arrays';
  for (const f of p.problems) {
    if (!isDocumentErrorKind(f.kind) || !['parse', 'sources', 'rows'].includes(f.stage)) return `problem kind ${f.stage}/${f.kind}`;
    if (typeof f.message !== 'string' || !f.message) return 'problem message';
  }
  for (const d of p.directives) {
    if (typeof d.path !== 'string' || typeof d.abs !== 'string') return 'directive path';
    if (!Array.isArray(d.include) || !d.include.every((x) => typeof x === 'string')) return 'directive include not string[]';
    if (!Array.isArray(d.exclude) || !d.exclude.every((x) => typeof x === 'string')) return 'directive exclude not string[]';
    for (const n of [d.maxFiles, d.maxBytesPerFile]) if (n !== null && !isCount(n)) return `directive limit ${n}`;
  }
  return '';
}

const DOC_PATH = join(tmpdir(), 'dlmw-fuzz-nonexistent', 'corpus.dlm');

async function runOne(target: Target, input: string | Uint8Array): Promise<string> {
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(input);
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  switch (target) {
    case 'loadText': return loadResultProblem(loadTrainingYamlText(text), editorLines(text));
    case 'loadBytes': {
      const r = loadTrainingYamlBytes(bytes);
      let valid = true;
      try { new TextDecoder('utf-8', { fatal: true }).decode(bytes); } catch { valid = false; }
      if (!valid && (r.accepted || r.problem !== 'encoding')) return `invalid UTF-8 but problem ${r.problem}`;
      // byte input: ranges refer to the decoded text (no line check when undecodable)
      return loadResultProblem(r, valid ? editorLines(text) : null);
    }
    case 'diagnoseYaml': {
      const v = diagnoseTrainingYamlText(text);
      if (v.dlmAccepts !== v.result.accepted) return 'dlmAccepts differs from the loader';
      const hasError = v.diagnostics.some((d) => d.severity === 'error');
      if (hasError !== (!v.dlmAccepts || v.result.crash)) return `error diagnostic ${hasError} but accepted=${v.dlmAccepts} crash=${v.result.crash}`;
      return diagnosticsProblem(v.diagnostics, editorLines(text)) || loadResultProblem(v.result, editorLines(text));
    }
    case 'diagnoseIgnore': {
      const ds = diagnoseIgnoreText(text);
      // ranges refer to the text without a leading BOM (what an editor shows)
      return diagnosticsProblem(ds, editorLines(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text));
    }
    case 'parseDocument': {
      const normalized = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
      return documentProblem(parseDocument(text), normalized.split('\n'));
    }
    case 'planDocument':
      return planProblem(await planDocument(DOC_PATH, undefined, text, 'corpus.dlm'));
  }
}

process.on('message', async (m: { type: string; target: Target; input: string | Uint8Array }) => {
  if (m.type !== 'run') return;
  const start = performance.now();
  const cpu = process.cpuUsage();
  let problem = '';
  let threw: string | null = null;
  try {
    problem = await runOne(m.target, m.input);
  } catch (e) {
    threw = e instanceof Error ? `${e.name}: ${e.message.slice(0, 300)} ${(e.stack ?? '').split('\n').slice(1, 4).map((s) => s.trim()).join(' | ')}` : String(e);
  }
  const used = process.cpuUsage(cpu);
  process.send!({ type: 'result', ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, problem, threw });
});
process.send!({ type: 'ready' });
