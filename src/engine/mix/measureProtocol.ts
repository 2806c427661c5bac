// Messages between the mix's second pass and its worker thread (./measureWorker.ts).

/** The tokenizer to count with (the files' text: plain data), or null to estimate. */
export interface TokenizerData {
  json: string;
  config: string | null;
  label: string;
}

/** A row to measure: a file to read again (abs, rel) or a text at hand. */
export type MeasureJob = { key: string; abs: string; rel: string } | { key: string; text: string };

/** A measured row; `unread` when its text could not be read. */
export type MeasureResult = { key: string; chars: number; tokens: number; exact: boolean } | { key: string; unread: true };

export type ToWorker =
  | { type: 'init'; tokenizer: TokenizerData | null }
  | { type: 'measure'; id: number; jobs: MeasureJob[] };

export type FromWorker =
  | { type: 'result'; id: number; results: MeasureResult[] }
  /** The tokenizer could not be loaded: the worker estimates. */
  | { type: 'init-failed'; message: string };
