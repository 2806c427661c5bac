// Python 3.11's `datetime.fromisoformat`, as a yes/no: dlm validates the
// timestamps of auto-mined / auto-synth markers with it (after turning `Z`
// into `+00:00`). Hand-written because no JavaScript date parser accepts
// exactly the same strings (week dates, basic format, any separator, 1-6+
// fraction digits, second-resolution offsets) and the verdict must match.

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

function digits(s: string, at: number, n: number): number | null {
  if (at + n > s.length) return null;
  let v = 0;
  for (let i = at; i < at + n; i++) {
    if (!isDigit(s[i])) return null;
    v = v * 10 + (s.charCodeAt(i) - 48);
  }
  return v;
}

/** Where the date part ends (Python's separator search); null when impossible. */
function dateLength(s: string): number | null {
  const n = s.length;
  if (n === 7) return 7;
  if (s[4] === '-') {
    if (s[5] !== 'W') return 10; // YYYY-MM-DD
    if (n > 8 && s[8] === '-') {
      if (n === 9) return null;
      return n > 10 && isDigit(s[10]) ? 8 : 10; // YYYY-Www-D, or YYYY-Www + separator
    }
    return 8; // YYYY-Www
  }
  if (s[4] === 'W') {
    let i = 7;
    while (i < n && isDigit(s[i])) i++;
    if (i < 9) return i;
    return i % 2 === 0 ? 7 : 8;
  }
  return 8; // YYYYMMDD
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}
function daysIn(y: number, m: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}
/** ISO years with 53 weeks start on a Thursday, or on a Wednesday in a leap year. */
function hasWeek53(y: number): boolean {
  const jan1 = new Date(Date.UTC(y, 0, 1)).getUTCDay(); // 0 = Sunday
  return jan1 === 4 || (jan1 === 3 && isLeap(y));
}

function validDate(s: string): boolean {
  if (![7, 8, 10].includes(s.length)) return false;
  const year = digits(s, 0, 4);
  if (year === null || year < 1) return false;
  const sep = s[4] === '-';
  let pos = sep ? 5 : 4;
  if (s[pos] === 'W') {
    pos++;
    const week = digits(s, pos, 2);
    pos += 2;
    let day = 1;
    if (s.length > pos) {
      if ((s[pos] === '-') !== sep) return false;
      if (sep) pos++;
      const d = digits(s, pos, 1);
      if (d === null || pos + 1 !== s.length) return false;
      day = d;
    }
    if (week === null || week < 1 || week > 53 || (week === 53 && !hasWeek53(year))) return false;
    return day >= 1 && day <= 7;
  }
  const month = digits(s, pos, 2);
  pos += 2;
  if ((s[pos] === '-') !== sep) return false;
  if (sep) pos++;
  const day = digits(s, pos, 2);
  if (month === null || day === null || pos + 2 !== s.length) return false;
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
}

/**
 * CPython 3.11's time scanner over s[from, to): HH[:?MM[:?SS]] then a
 * fraction (after `.` / `,`, or directly after the seconds in the basic
 * form). Like the C code it may read past `to` (into a time zone) when
 * checking what follows. Returns the components and whether text follows,
 * or null on a malformed time.
 */
function scanTime(s: string, from: number, to: number): { comps: [number, number, number, number]; more: boolean } | null {
  const comps: [number, number, number, number] = [0, 0, 0, 0];
  let p = from;
  let sep = true;
  for (let i = 0; i < 3; i++) {
    const v = digits(s, p, 2);
    if (v === null) return null;
    comps[i] = v;
    p += 2;
    const c = s[p];
    p++;
    if (i === 0) sep = c === ':';
    if (p >= to) return { comps, more: c !== undefined };
    if (sep && c === ':') continue;
    if (c === '.' || c === ',') break;
    if (!sep) p--;
    else return null;
  }
  const n = Math.min(to - p, 6);
  if (n > 0) {
    const f = digits(s, p, n);
    if (f === null) return null;
    comps[3] = f * 10 ** (6 - n);
    p += n;
  }
  while (isDigit(s[p])) p++;
  return { comps, more: p < s.length };
}

function validTime(s: string): boolean {
  let tz = 0;
  while (tz < s.length && s[tz] !== 'Z' && s[tz] !== '+' && s[tz] !== '-') tz++;
  if (s.length === 0) return false;
  const t = scanTime(s, 0, tz);
  if (!t || t.comps[0] > 23 || t.comps[1] > 59 || t.comps[2] > 59) return false;
  if (tz >= s.length) return !t.more;
  if (s[tz] === 'Z') return tz === s.length - 1;
  const z = scanTime(s, tz + 1, s.length);
  if (!z || z.more) return false;
  // the offset must be strictly within a day
  return z.comps[0] * 3600 + z.comps[1] * 60 + z.comps[2] + z.comps[3] / 1e6 < 86400;
}

/** Would Python 3.11's `datetime.fromisoformat(s)` return a value? */
export function pyFromIsoformatOk(s: string): boolean {
  if (s.length < 7) return false;
  const len = dateLength(s);
  if (len === null || !validDate(s.slice(0, len))) return false;
  // a separator must be followed by a time
  return s.length === len || validTime(s.slice(len + 1));
}
