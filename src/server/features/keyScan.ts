// The few key shapes completion looks for on a line, found in one pass each.
// Each returns exactly what a regular expression below once returned (group
// 1, untrimmed; test/features/keyScan.test.ts checks them against it on
// random lines), but without its backtracking: those expressions took time
// quadratic in a line's length (a long run of spaces before a `:`), and a
// client may send a line of any length.

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
const isPlainFlowKeyChar = (c: string): boolean => !':#{},\'"'.includes(c);

/** Start of the run of whitespace that ends at `end` (exclusive). */
function spaceRunStart(s: string, end: number): number {
  let i = end;
  while (i > 0 && isSpace(s[i - 1])) i--;
  return i;
}

/**
 * A flow mapping opened after a key at the end of `before`, `key: {inner`:
 * `/(?:^|[{,]\s*)((?:'[^']*'|"[^"]*"|[^:#{},'"]+?))\s*:\s*\{([^{}]*)$/` →
 * { key: group 1, inner: group 2 }, or null.
 */
export function openFlowAfterKey(before: string): { key: string; inner: string } | null {
  const brace = before.lastIndexOf('{');
  if (brace === -1 || before.indexOf('}', brace + 1) !== -1) return null;
  const colon = spaceRunStart(before, brace) - 1;
  if (colon < 0 || before[colon] !== ':') return null;
  const keyEnd = spaceRunStart(before, colon);
  const inner = before.slice(brace + 1);
  const last = before[keyEnd - 1];
  if (last === "'" || last === '"') {
    // a quoted key: its opening quote, at the start or after `{` / `,` and spaces
    const open = keyEnd - 2 < 0 ? -1 : before.lastIndexOf(last, keyEnd - 2);
    if (open === -1) return null;
    const lead = spaceRunStart(before, open);
    if (open !== 0 && !(lead > 0 && (before[lead - 1] === '{' || before[lead - 1] === ','))) return null;
    return { key: before.slice(open, keyEnd), inner };
  }
  // a plain key: back to the start, or to a `{` / `,`
  let start = keyEnd;
  while (start > 0 && isPlainFlowKeyChar(before[start - 1]!)) start--;
  if (start === 0) return colon === 0 ? null : { key: before.slice(0, Math.max(keyEnd, 1)), inner };
  if (before[start - 1] !== '{' && before[start - 1] !== ',') return null;
  // after the `{` / `,`, spaces are skipped, but the key keeps at least one character
  let g = start;
  while (g < colon && isSpace(before[g])) g++;
  if (g === colon) g--;
  if (g < start) return null;
  return { key: before.slice(g, Math.max(keyEnd, g + 1)), inner };
}

/** `/\{[^}]*$/.test(s)`: a `{` not closed before the end. */
export function hasOpenBrace(s: string): boolean {
  return s.indexOf('{', s.lastIndexOf('}') + 1) !== -1;
}

/**
 * A key and a value with no further `:`, from the start of `typed`:
 * `/^((?:'[^']*'|"[^"]*"|[^:#]+?))\s*:\s*([^:]*)$/` → group 1, or null.
 */
export function keyBeforeValue(typed: string): string | null {
  const q = typed[0];
  if (q === "'" || q === '"') {
    const close = typed.indexOf(q, 1);
    if (close !== -1) {
      const colon = skipSpaces(typed, close + 1);
      if (typed[colon] === ':' && typed.indexOf(':', colon + 1) === -1) return typed.slice(0, close + 1);
    }
  }
  const colon = typed.indexOf(':');
  if (colon < 1 || typed.indexOf(':', colon + 1) !== -1) return null;
  const end = Math.max(1, spaceRunStart(typed, colon));
  const hash = typed.indexOf('#');
  return hash !== -1 && hash < end ? null : typed.slice(0, end);
}

/**
 * The key a line starts with (after its indentation):
 * `/^\s*((?:'[^']*'|"[^"]*"|[^:#]+?))\s*:/` → group 1, or null.
 */
export function leadingKey(line: string): string | null {
  const g = skipSpaces(line, 0);
  const q = line[g];
  if (q === "'" || q === '"') {
    const close = line.indexOf(q, g + 1);
    if (close !== -1 && line[skipSpaces(line, close + 1)] === ':') return line.slice(g, close + 1);
  }
  const colon = line.indexOf(':', g);
  if (colon === -1) return null;
  // `  : x`: the key is the last space of the indentation
  if (colon === g) return g > 0 ? line.slice(g - 1, g) : null;
  const end = Math.max(g + 1, spaceRunStart(line, colon));
  const hash = line.indexOf('#', g);
  return hash !== -1 && hash < end ? null : line.slice(g, end);
}

function skipSpaces(s: string, from: number): number {
  let i = from;
  while (i < s.length && isSpace(s[i])) i++;
  return i;
}
