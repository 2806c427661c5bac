// A config file that cannot be read as a regular file: dlm cannot use it either.
import type { ReadResult } from '../fs/index.js';
import type { Diagnostic } from './types.js';

type Failure = Extract<ReadResult, { kind: 'not-regular' | 'missing' | 'error' }>;

function why(r: Failure): string {
  switch (r.kind) {
    case 'not-regular': return r.what === 'dir' ? 'it is a directory, not a file' : 'it is not a regular file (dlm would block or fail reading it)';
    case 'missing': return 'it cannot be read (ENOENT)';
    case 'error': return `it cannot be read (${r.code})`;
  }
}

/** `file-unreadable`: the safe read found no regular, readable file. */
export function fileUnreadableDiagnostic(r: Failure): Diagnostic {
  return {
    severity: 'error', code: 'file-unreadable',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    message: `dlm train cannot use this file: ${why(r)}.`,
  };
}
