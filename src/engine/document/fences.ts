// What dlm's body tokenizer makes of one line outside a code block: a fence
// (bare `::type#adapter::` or attribute `::image path="…"::`), a fence it
// refuses, or plain content. Whitespace is Python's (`\s` in a str pattern
// is str.isspace(), which differs from JavaScript's `\s`).
import type { SectionType } from '../hashing.js';

export const SECTION_TYPES: readonly SectionType[] = ['prose', 'instruction', 'preference', 'image', 'audio'];
export const ADAPTER_NAME = /^[a-z][a-z0-9_]{0,31}$/;

const WS = '[\\t\\n\\x0b\\x0c\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const BARE = /^::([A-Za-z0-9_#-]+)::$/;
const ATTR = new RegExp(`^::([a-z][a-z0-9_]*)((?:${WS}+[a-z][a-z0-9_]*="[^"\\n]*")+)${WS}*::$`);
const ATTR_PAIR = new RegExp(`${WS}+([a-z][a-z0-9_]*)="([^"\\n]*)"`, 'g');

const MEDIA_ATTRS: Record<'image' | 'audio', { allowed: string[]; required: string[] }> = {
  image: { allowed: ['path', 'alt'], required: ['path'] },
  audio: { allowed: ['path', 'transcript'], required: ['path', 'transcript'] },
};

export interface FenceAttr { key: string; value: string; start: number; end: number }

export type FenceLine =
  | { kind: 'content' }
  | { kind: 'fence'; type: SectionType; adapter: string | null; attrs: FenceAttr[] }
  /** A fence dlm refuses (FenceError): `start`/`end` locate the offending part of the line. */
  | { kind: 'bad'; message: string; start: number; end: number };

function isSectionType(s: string): s is SectionType {
  return (SECTION_TYPES as readonly string[]).includes(s);
}

export function classifyLine(line: string): FenceLine {
  const a = ATTR.exec(line);
  if (a) return attributeFence(line, a[1]!, a[2]!);
  const b = BARE.exec(line);
  if (b) return bareFence(line, b[1]!);
  return { kind: 'content' };
}

function attributeFence(line: string, type: string, attrText: string): FenceLine {
  const typeEnd = 2 + type.length;
  if (!isSectionType(type)) {
    return { kind: 'bad', message: `unknown section fence \`::${type} …::\`: only image and audio fences take attributes`, start: 2, end: typeEnd };
  }
  if (type !== 'image' && type !== 'audio') {
    return { kind: 'bad', message: `a \`::${type}::\` fence takes no attributes; write \`::${type}::\` alone on the line`, start: 0, end: line.length };
  }
  const spec = MEDIA_ATTRS[type];
  const attrs: FenceAttr[] = [];
  const seen = new Set<string>();
  const base = typeEnd;
  ATTR_PAIR.lastIndex = 0;
  for (let m = ATTR_PAIR.exec(attrText); m; m = ATTR_PAIR.exec(attrText)) {
    const key = m[1]!;
    const value = m[2]!;
    const start = base + m.index + m[0].length - (key.length + value.length + 3);
    const end = base + m.index + m[0].length;
    if (seen.has(key)) return { kind: 'bad', message: `the \`${type}\` fence repeats the attribute \`${key}\``, start, end };
    if (!spec.allowed.includes(key)) {
      return { kind: 'bad', message: `unknown attribute \`${key}\` on an \`${type}\` fence (allowed: ${spec.allowed.join(', ')})`, start, end };
    }
    if (/[^\x00-\x7f]/.test(value)) {
      return { kind: 'bad', message: `the \`${key}\` attribute of an \`${type}\` fence must be ASCII text`, start, end };
    }
    seen.add(key);
    attrs.push({ key, value, start, end });
  }
  const missing = spec.required.filter((k) => !seen.has(k));
  if (missing.length) {
    return { kind: 'bad', message: `an \`${type}\` fence needs ${missing.map((k) => `\`${k}="…"\``).join(' and ')}`, start: 0, end: line.length };
  }
  return { kind: 'fence', type, adapter: null, attrs };
}

function bareFence(line: string, name: string): FenceLine {
  const hash = name.indexOf('#');
  const base = hash < 0 ? name : name.slice(0, hash);
  let adapter: string | null = null;
  if (hash >= 0) {
    adapter = name.slice(hash + 1);
    const start = 2 + hash + 1;
    if (adapter === '') return { kind: 'bad', message: `\`${line}\` has an empty adapter name after \`#\``, start: start - 1, end: start };
    if (!ADAPTER_NAME.test(adapter)) {
      return { kind: 'bad', message: `\`${adapter}\` is not a valid adapter name (lowercase letter first, then up to 31 lowercase letters, digits or _)`, start, end: start + adapter.length };
    }
  }
  if (!isSectionType(base)) {
    const hint = isSectionType(base.toLowerCase()) ? ` (types are lowercase: \`::${base.toLowerCase()}${hash >= 0 ? name.slice(hash) : ''}::\`)` : '';
    return { kind: 'bad', message: `unknown section fence \`${line}\`: the types are ${SECTION_TYPES.join(', ')}${hint}`, start: 2, end: 2 + base.length };
  }
  if (base === 'image' || base === 'audio') {
    const example = base === 'image' ? '::image path="…" alt="…"::' : '::audio path="…" transcript="…"::';
    return { kind: 'bad', message: `an \`${base}\` fence needs attributes, like \`${example}\``, start: 0, end: line.length };
  }
  return { kind: 'fence', type: base, adapter, attrs: [] };
}

/**
 * Text dlm silently reads as content although it was probably meant as a
 * fence: a known section type between colons with stray whitespace, wrong
 * case, single or missing quotes, or a suffix on a media fence. Returns the
 * fence it was probably meant to be (if that one is valid), else undefined
 * when the line does not look like a fence at all.
 */
export function lookalikeFence(line: string): { intended: string | null } | undefined {
  // cheap filters first: fence-like text starts and ends with `:` and is short
  if (line.length > 300 || !/^\s*:/.test(line) || !/:\s*$/.test(line)) return undefined;
  const m = /^\s*:{1,3}\s*([A-Za-z][A-Za-z0-9_#-]*)(\s[^]*?)?\s*:{1,3}\s*$/.exec(line);
  if (!m) return undefined;
  const name = m[1]!;
  const base = name.split('#')[0]!.toLowerCase();
  if (!isSectionType(base)) return undefined;
  const rest = (m[2] ?? '').trim();
  let candidate: string;
  if (rest === '') candidate = `::${name.toLowerCase() === name ? name : base + name.slice(base.length)}::`;
  else {
    const pairs = [...rest.matchAll(/([A-Za-z][A-Za-z0-9_]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))/g)];
    if (!pairs.length) return { intended: null };
    candidate = `::${base} ${pairs.map((p) => `${p[1]!.toLowerCase()}="${p[2] ?? p[3] ?? p[4]}"`).join(' ')}::`;
  }
  const c = classifyLine(candidate);
  return { intended: c.kind === 'fence' && candidate !== line ? candidate : null };
}
