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

/** HH[:?MM[:?SS[{.,}f+]]]; the components, or null. */
function hhmmssff(s: string): [number, number, number, number] | null {
  const comps: [number, number, number, number] = [0, 0, 0, 0];
  let pos = 0;
  let sep = false;
  for (let c = 0; c < 3; c++) {
    const v = digits(s, pos, 2);
    if (v === null) return null;
    comps[c] = v;
    pos += 2;
    const next = s[pos];
    if (c === 0) sep = next === ':';
    if (next === undefined || c >= 2) break;
    if (sep && next !== ':') return null;
    if (sep) pos++;
  }
  if (pos < s.length) {
    if (s[pos] !== '.' && s[pos] !== ',') return null;
    pos++;
    const rest = s.slice(pos);
    if (rest === '' || !/^[0-9]+$/.test(rest)) return null;
    comps[3] = Number(rest.slice(0, 6).padEnd(6, '0'));
  }
  return comps;
}

function validTime(s: string): boolean {
  if (s.length < 2) return false;
  const m = /[-+Z]/.exec(s);
  const tz = m ? m.index : -1;
  const t = hhmmssff(tz >= 0 ? s.slice(0, tz) : s);
  if (!t || t[0] > 23 || t[1] > 59 || t[2] > 59) return false;
  if (tz < 0) return true;
  if (s[tz] === 'Z') return tz === s.length - 1;
  const zs = s.slice(tz + 1);
  if (zs.length === 0 || zs.length === 1 || zs.length === 3) return false;
  const z = hhmmssff(zs);
  if (!z) return false;
  // the offset must be strictly within a day
  return z[0] * 3600 + z[1] * 60 + z[2] + z[3] / 1e6 < 86400;
}

/** Would Python 3.11's `datetime.fromisoformat(s)` return a value? */
export function pyFromIsoformatOk(s: string): boolean {
  if (s.length < 7) return false;
  const len = dateLength(s);
  if (len === null || !validDate(s.slice(0, len))) return false;
  const time = s.slice(len + 1);
  return time === '' || validTime(time);
}
