// Shape checks of the mix and since-last-run view-models (see ./insightsTypes).
import { arrayOf, exactObject, isBoolean, isCount, isString, nullable, oneOf, type Check } from './shapes';

const isInt: Check = (v) => typeof v === 'number' && Number.isSafeInteger(v);
const amounts = exactObject({ rows: isCount, chars: isCount, tokens: isCount });
const item = exactObject({ label: isString, kind: oneOf('value', 'none', 'others'), before: amounts, after: amounts });

export const isMixVM: Check = exactObject({
  tokensExact: isBoolean,
  tokenSource: isString,
  estimatedRows: isCount,
  counting: nullable(exactObject({ done: isCount, total: isCount })),
  sequenceLen: isCount,
  unreadRows: isCount,
  totals: exactObject({ before: amounts, after: amounts }),
  groups: arrayOf(exactObject({ kind: oneOf('tag', 'folder'), key: isString, items: arrayOf(item) })),
  longRows: exactObject({
    rows: isCount, expandedRows: isCount,
    list: arrayOf(exactObject({ origin: isString, tokens: isCount, copies: isCount })),
  }),
});

const seedText: Check = (v) => typeof v === 'string' && /^-?\d+$/.test(v);

export const isSinceVM: Check = exactObject({
  status: oneOf('compared', 'unusable'),
  reason: nullable(isString),
  manifest: isString,
  firstRun: isBoolean,
  adapterVersion: nullable(isCount),
  lastRun: nullable(exactObject({ runId: isInt, seed: seedText, endedAt: nullable(isString) })),
  laterRuns: arrayOf(exactObject({ runId: isInt, status: isString })),
  sections: nullable(exactObject({ new: isCount, unchanged: isCount, removed: isCount })),
  seed: nullable(exactObject({ then: seedText, now: seedText, changed: isBoolean })),
  distribution: nullable(exactObject({
    weightsThen: isBoolean, weightsNow: isBoolean,
    tags: arrayOf(exactObject({ key: isString, value: isString, then: nullable(isCount), now: isCount, delta: nullable(isInt) })),
  })),
  replayRows: nullable(isCount),
});
