// Measuring one row: its characters and tokens (the same on the worker and
// on the calling thread).
import type { TextReader } from '../store/textReader.js';
import type { TokenCounter } from '../tokens/counter.js';
import { readRowText } from './collect.js';
import type { MeasureJob, MeasureResult } from './measureProtocol.js';
import { rowChars } from './rowText.js';

export function measureJob(job: MeasureJob, counter: TokenCounter, reader: TextReader): MeasureResult {
  const text = 'text' in job ? job.text : readRowText({ kind: 'file', abs: job.abs, rel: job.rel }, reader);
  if (text === null) return { key: job.key, unread: true };
  const t = counter.count(text);
  return { key: job.key, chars: rowChars(text), tokens: t.tokens, exact: t.exact };
}
