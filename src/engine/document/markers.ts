// Provenance markers: HTML comments on the first lines of an instruction or
// preference section, which dlm strips before hashing the section. Harvest
// markers are free-form; mined (preference) and synth (instruction) markers
// are validated strictly, and a bad one makes dlm refuse the document.
import { pyFloatFromStr, pyIntFromStr } from '../config/pynum.js';
import { pyFromIsoformatOk } from './isoformat.js';

const HARVEST = /^<!-- dlm-auto-harvest: source="[^"]*" -->$/;
const MINED = /^<!-- dlm-auto-mined:(.*) -->$/;
const SYNTH = /^<!-- dlm-auto-synth:(.*) -->$/;
const ATTRS = /^(?: [a-z_]+="[^"]*")+$/;
const ATTR = / ([a-z_]+)="([^"]*)"/g;

const MINED_KEYS = ['judge_name', 'judge_score_chosen', 'judge_score_rejected', 'mined_at', 'mined_run_id'];
const SYNTH_KEYS = ['synth_teacher', 'synth_strategy', 'synth_at', 'source_section_id'];

export type MarkerLine =
  | { kind: 'none' }
  | { kind: 'harvest' }
  | { kind: 'mined' | 'synth'; error: string | null; attrs: Map<string, string> };

/** What a leading line of a section of `type` is, marker-wise. */
export function readMarker(line: string, type: 'instruction' | 'preference'): MarkerLine {
  if (HARVEST.test(line)) return { kind: 'harvest' };
  const re = type === 'preference' ? MINED : SYNTH;
  const m = re.exec(line);
  if (!m) return { kind: 'none' };
  const kind = type === 'preference' ? 'mined' : 'synth';
  const attrs = new Map<string, string>();
  return { kind, attrs, error: validate(kind, m[1]!, attrs) };
}

function validate(kind: 'mined' | 'synth', blob: string, attrs: Map<string, string>): string | null {
  const name = `dlm-auto-${kind}`;
  const keys = kind === 'mined' ? MINED_KEYS : SYNTH_KEYS;
  if (!ATTRS.test(blob)) return `the ${name} marker must be \`key="value"\` pairs, each after one space`;
  for (const m of blob.matchAll(ATTR)) {
    const key = m[1]!;
    if (attrs.has(key)) return `the ${name} marker repeats \`${key}\``;
    if (!keys.includes(key)) return `the ${name} marker has an unknown attribute \`${key}\` (known: ${keys.join(', ')})`;
    attrs.set(key, m[2]!);
  }
  const missing = keys.filter((k) => !attrs.has(k));
  if (missing.length) return `the ${name} marker lacks ${missing.map((k) => `\`${k}\``).join(', ')}`;
  if (kind === 'mined') {
    for (const k of ['judge_score_chosen', 'judge_score_rejected']) {
      let x: number;
      try {
        x = pyFloatFromStr(attrs.get(k)!);
      } catch {
        return `\`${k}\` of the ${name} marker is not a number`;
      }
      if (!Number.isFinite(x)) return `\`${k}\` of the ${name} marker must be finite`;
    }
    if (!isoOk(attrs.get('mined_at')!)) return `\`mined_at\` of the ${name} marker is not an ISO-8601 timestamp`;
    const run = pyInt(attrs.get('mined_run_id')!);
    if (run === null) return `\`mined_run_id\` of the ${name} marker is not an integer`;
    if (run < 1n) return `\`mined_run_id\` of the ${name} marker must be 1 or more`;
  } else {
    if (!isoOk(attrs.get('synth_at')!)) return `\`synth_at\` of the ${name} marker is not an ISO-8601 timestamp`;
    if (!/^[0-9a-f]{16}$/.test(attrs.get('source_section_id')!)) return `\`source_section_id\` of the ${name} marker must be a section id (16 lowercase hex digits)`;
  }
  return null;
}

function isoOk(s: string): boolean {
  return pyFromIsoformatOk(s.replace(/Z/g, '+00:00'));
}

/** Python `int(str)` (base 10), or null where it raises. */
function pyInt(s: string): bigint | null {
  try {
    return pyIntFromStr(s, 10);
  } catch {
    return null;
  }
}

/** The section-constructor check that follows a valid synth marker (a plain ValueError upstream). */
export function synthFieldsError(attrs: Map<string, string>): string | null {
  for (const k of ['synth_teacher', 'synth_strategy']) {
    if (attrs.get(k) === '') return `\`${k}\` of the dlm-auto-synth marker is empty; dlm crashes on it (ValueError) instead of reporting a location`;
  }
  return null;
}
