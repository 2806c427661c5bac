// The words the report uses for dlm's codes.
import type { ConfigProblem, SkipReason, TrainError } from '../shared/reportModel';

export const TRAIN_ERROR_TEXT: Record<TrainError, { title: string; explanation: string }> = {
  'no-rows': {
    title: 'dlm train stops: no training rows',
    explanation: 'Every file was skipped, excluded or empty, so there is nothing to train on.',
  },
  'all-dropped': {
    title: 'dlm train stops: every row was dropped',
    explanation: 'Every row has a composed weight of 0 (or a fraction whose roll failed), so nothing is left after expansion.',
  },
  'nan-weight': {
    title: 'dlm train crashes: a weight is NaN',
    explanation: 'Some row\'s composed weight is NaN — a .nan weight, or a 0 and an infinite factor on the same row (0 × ∞). dlm fails on int(nan) during expansion.',
  },
  'inf-weight': {
    title: 'dlm train crashes: a weight is infinite',
    explanation: 'Some row\'s composed weight is infinite — a .inf, \'inf\' or 1e400-style weight. dlm fails on int(inf) during expansion.',
  },
};

// Outcome first (what does not apply), then the cause: a cut-off line still says what matters.
const IGNORED = 'None of this file applies (metadata, weights, include, exclude): dlm ignores it whole, with one warning in its log. Its .dlm/ignore still applies.';

export const CONFIG_PROBLEM_TEXT: Record<ConfigProblem, string> = {
  yaml: `${IGNORED} Cause: not valid YAML as PyYAML reads it (YAML 1.1) — e.g. a tab used for indentation, a second document, or a syntax error.`,
  'not-mapping': `${IGNORED} Cause: the top level is not a mapping (a list or a plain value).`,
  schema: `${IGNORED} Cause: valid YAML, but dlm's schema rejects it — e.g. an unknown key, a metadata value or tag value that is not a string (unquoted true, 2024, a date, ~), a negative weight, or a list holding a non-string.`,
  encoding: `${IGNORED} Cause: not readable as UTF-8 (saved as UTF-16 or Latin-1?).`,
};

export const CONFIG_LOADED_TEXT = 'Loaded. Its metadata tags the files under this directory; its weights join the one merged map that applies to every row.';
export const CONFIG_ABSENT_TEXT = 'No metadata or weights here: this .dlm/ directory has no training.yaml. Its .dlm/ignore rules, if any, still apply.';

export const SKIP_REASON_TEXT: Record<SkipReason, { label: string; explanation: string }> = {
  excluded: { label: 'Excluded', explanation: 'Not matched by include, or excluded by the directive, the default excludes, a training.yaml exclude or .dlm/ignore.' },
  binary: { label: 'Binary', explanation: 'A NUL byte in the first 1024 bytes.' },
  encoding: { label: 'Not UTF-8', explanation: 'The file is not valid UTF-8.' },
  overSize: { label: 'Too large', explanation: 'Larger than the directive\'s max_bytes_per_file.' },
  image: { label: 'Images', explanation: 'Image files (.png, .jpg, …): dlm train passes no blob store, so media never becomes rows.' },
  audio: { label: 'Audio', explanation: 'Audio files (.wav, .flac, .ogg): dlm train passes no blob store, so media never becomes rows.' },
  maxFiles: { label: 'Over max_files', explanation: 'Never read: the directive had already reached max_files.' },
};
