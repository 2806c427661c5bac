// PyYAML's Reader: which characters a stream may hold and which are line breaks.

// PyYAML's Reader accepts only these characters (no C0 controls but tab and
// line breaks, no DEL or C1 controls but NEL, no surrogates, no U+FFFE/FFFF).
export const NON_PRINTABLE = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;
export const EXTRA_BREAKS = /[\x85\u2028\u2029]/g;

export function describeChar(ch: string): string {
  const cp = ch.codePointAt(0)!;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}
