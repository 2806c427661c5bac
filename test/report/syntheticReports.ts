// Made-up dry-run reports: a large one for the virtualised table, and a
// realistic small corpus (with a previous run) for the README screenshots.
import { SKIP_REASONS, type ConfigSummary, type DryRunReport, type ReportRow, type SkipReason, type TagMap, type WeightMap } from '../../src/engine/types';
import type { ViewModelDetails } from '../../src/report/viewModel';
import { createHash } from 'node:crypto';
import { rng as prng } from '../helpers/rng';

const idOf = (origin: string): string => createHash('sha256').update(origin).digest('hex').slice(0, 16);


const hex16 = (rand: () => number): string =>
  Array.from({ length: 16 }, () => Math.floor(rand() * 16).toString(16)).join('');

function skippedRecord(partial: Partial<Record<SkipReason, number>> = {}): Record<SkipReason, number> {
  return Object.fromEntries(SKIP_REASONS.map((r) => [r, partial[r] ?? 0])) as Record<SkipReason, number>;
}

/** Totals and distribution recomputed from rows, so every number is consistent. */
function finish(base: Omit<DryRunReport, 'totals' | 'distribution'>): DryRunReport {
  const distribution = new Map<string, Map<string, number>>();
  let expandedRows = 0;
  let valRows = 0;
  let droppedRows = 0;
  let leakedRows = 0;
  for (const r of base.rows) {
    for (const [k, v] of r.tags) {
      let m = distribution.get(k);
      if (!m) distribution.set(k, (m = new Map()));
      m.set(v, (m.get(v) ?? 0) + 1);
    }
    expandedRows += r.copies;
    valRows += r.valCopies;
    if (r.copies === 0) droppedRows++;
    if (r.valCopies > 0 && r.valCopies < r.copies) leakedRows++;
  }
  return {
    ...base,
    distribution,
    totals: { rows: base.rows.length, expandedRows, droppedRows, trainRows: expandedRows - valRows, valRows, leakedRows },
  };
}

function expand(rand: () => number, weight: number): { copies: number; valCopies: number } {
  if (!(weight > 0)) return { copies: 0, valCopies: 0 };
  const whole = Math.trunc(weight);
  const copies = whole + (rand() < weight - whole ? 1 : 0);
  let valCopies = 0;
  for (let i = 0; i < copies; i++) if (rand() < 0.1) valCopies++;
  return { copies, valCopies };
}

function composedWeight(tags: TagMap, merged: WeightMap): number {
  let w = 1;
  for (const [k, v] of tags) {
    const f = merged.get(k)?.get(v);
    if (f !== undefined) w *= f;
  }
  return w;
}

/** n rows across a few tags; weights 0, 0.5, 1, 1.5, 2.5. */
export function bigReport(n: number): DryRunReport {
  const rand = prng(7);
  const langs = ['python', 'go', 'markdown', 'rust'];
  const merged: WeightMap = new Map([['lang', new Map([['python', 1.5], ['go', 0.5], ['markdown', 2.5], ['rust', 0]])]]);
  const rows: ReportRow[] = [];
  for (let i = 0; i < n; i++) {
    const lang = langs[i % langs.length];
    const tags: TagMap = new Map([['lang', lang], ['shard', `s${i % 7}`]]);
    const weight = composedWeight(tags, merged);
    rows.push({ sectionId: hex16(rand), origin: `src/pkg${String(i % 100).padStart(2, '0')}/file${String(i).padStart(6, '0')}.${lang === 'python' ? 'py' : lang === 'go' ? 'go' : lang === 'rust' ? 'rs' : 'md'}`, tags, weight, ...expand(rand, weight) });
  }
  return finish({
    formatVersion: 1, mode: 'directory', document: null, seed: 42n, valFraction: 0.1,
    sources: [{ path: '.', files: n, skipped: skippedRecord({ excluded: 1234, binary: 17 }) }],
    configs: [{ anchor: '.', trainingYaml: 'valid', problem: null, ignoreRules: 3, metadata: new Map(), weights: merged }],
    mergedWeights: merged, rows, trainError: null, documentError: null,
  });
}

interface DemoConfig {
  anchor: string;
  metadata?: Array<[string, string]>;
  weights?: Array<[string, string, number]>;
  problem?: ConfigSummary['problem'];
  ignoreRules?: number;
}

const DEMO_FILES: Array<[string, number, string]> = [
  ['README.md', 1, ''],
  ['docs/guide-', 36, '.md'],
  ['docs/api/ref-', 18, '.md'],
  ['notebooks/explore-', 9, '.txt'],
  ['src/trainer/', 64, '.py'],
  ['src/data/', 41, '.py'],
  ['src/legacy/', 27, '.py'],
  ['tests/test_', 48, '.py'],
  ['vendor/tokenizers/', 22, '.py'],
];

function demoReport(withVendorConfig: boolean): { report: DryRunReport; details: ViewModelDetails } {
  const configs: DemoConfig[] = [
    { anchor: '.', weights: [['kind', 'docs', 2], ['kind', 'tests', 0.5], ['lang', 'python', 1.5]], ignoreRules: 2 },
    { anchor: 'src', metadata: [['kind', 'code'], ['lang', 'python']] },
    { anchor: 'docs', metadata: [['kind', 'docs'], ['lang', 'markdown']] },
    { anchor: 'tests', metadata: [['kind', 'tests'], ['lang', 'python']] },
    ...(withVendorConfig ? [{ anchor: 'vendor', metadata: [['origin', 'vendor']] as Array<[string, string]>, weights: [['origin', 'vendor', 0], ['lang', 'python', 0.75]] as Array<[string, string, number]> }] : []),
    { anchor: 'notebooks', problem: 'schema' },
    { anchor: 'src/legacy', metadata: [['era', 'legacy']], weights: [['era', 'legacy', 0.25]] },
  ];
  const summaries: ConfigSummary[] = configs.map((c) => ({
    anchor: c.anchor,
    trainingYaml: c.problem ? 'invalid' : 'valid',
    problem: c.problem ?? null,
    ignoreRules: c.ignoreRules ?? 0,
    metadata: new Map(c.problem ? [] : c.metadata ?? []),
    weights: c.problem ? new Map() : (c.weights ?? []).reduce<WeightMap>((m, [k, v, n]) => {
      if (!m.has(k)) m.set(k, new Map());
      m.get(k)!.set(v, n);
      return m;
    }, new Map()),
  }));
  const merged: WeightMap = new Map();
  for (const s of summaries) {
    for (const [k, vs] of s.weights) {
      if (!merged.has(k)) merged.set(k, new Map());
      for (const [v, n] of vs) merged.get(k)!.set(v, n);
    }
  }
  const rows: ReportRow[] = [];
  for (const [prefix, count, ext] of DEMO_FILES) {
    for (let i = 0; i < count; i++) {
      const origin = count === 1 ? prefix : `${prefix}${String(i + 1).padStart(2, '0')}${ext}`;
      const tags: TagMap = new Map();
      for (const s of summaries) {
        if (s.anchor === '.' || origin.startsWith(`${s.anchor}/`)) for (const [k, v] of s.metadata) tags.set(k, v);
      }
      const weight = composedWeight(tags, merged);
      rows.push({ sectionId: idOf(origin), origin, tags, weight, ...expand(prng(parseInt(idOf(origin).slice(0, 8), 16)), weight) });
    }
  }
  const skippedFiles: ViewModelDetails['skippedFiles'] = [
    ...['.git/HEAD', '.git/config', '.git/index', '.env', 'node_modules/left-pad/index.js', 'src/trainer/__pycache__/loop.cpython-312.pyc', 'build/lib/setup.py', 'dist/acme-0.3.tar.gz', 'uv.lock']
      .map((path) => ({ source: '.', path, reason: 'excluded' as const })),
    ...['docs/img/architecture.png', 'docs/img/loss-curve.png', 'docs/img/logo.svg.png'].map((path) => ({ source: '.', path, reason: 'image' as const })),
    { source: '.', path: 'data/sample.bin', reason: 'binary' },
    { source: '.', path: 'docs/legacy-notes-latin1.txt', reason: 'encoding' },
  ];
  const counts: Partial<Record<SkipReason, number>> = {};
  for (const f of skippedFiles) counts[f.reason] = (counts[f.reason] ?? 0) + 1;
  const report = finish({
    formatVersion: 1, mode: 'directory', document: null, seed: 42n, valFraction: 0.1,
    sources: [{ path: '.', files: rows.length, skipped: skippedRecord(counts) }],
    configs: summaries, mergedWeights: merged, rows, trainError: null, documentError: null,
  });
  return { report, details: { root: '/home/dev/acme-assistant', skippedFiles } };
}

/** A plausible project before and after someone adds vendor/.dlm/training.yaml. */
export function demoReports(): { current: DryRunReport; previous: DryRunReport; details: ViewModelDetails } {
  const { report: current, details } = demoReport(true);
  const { report: previous } = demoReport(false);
  return { current, previous, details };
}

const scaled = (w: WeightMap, f: number): WeightMap => new Map([...w].map(([k, vs]) => [k, new Map([...vs].map(([v, n]) => [v, n * f]))]));

/**
 * What a weights edit does to a report: new weights, copies and totals, the
 * same rows (same objects for origin / tags; new row objects). `bad` makes
 * some weights non-finite.
 */
export function reweighted(r: DryRunReport, step: number, bad = false): DryRunReport {
  const rows: ReportRow[] = r.rows.map((row, i) => {
    const weight = bad && i % 5 === 0 ? (i % 10 === 0 ? NaN : Infinity) : row.weight * (1 + step) + (i % 3) * 0.25;
    const copies = Number.isFinite(weight) ? Math.max(0, Math.round(weight)) : 0;
    const valCopies = copies > 0 && (i + step) % 4 === 0 ? 1 : 0;
    return { ...row, weight, copies, valCopies };
  });
  const expandedRows = rows.reduce((n, x) => n + x.copies, 0);
  const valRows = rows.reduce((n, x) => n + x.valCopies, 0);
  return {
    ...r,
    configs: r.configs.map((c) => ({ ...c, weights: scaled(c.weights, 1 + step) })),
    mergedWeights: scaled(r.mergedWeights, 1 + step),
    rows,
    totals: {
      rows: rows.length, expandedRows, valRows, trainRows: expandedRows - valRows,
      droppedRows: rows.filter((x) => x.copies === 0).length, leakedRows: rows.filter((x) => x.valCopies > 0 && x.valCopies < x.copies).length,
    },
    trainError: bad && rows.length ? 'nan-weight' : r.trainError,
  };
}

/**
 * A report built to strain the layout: deep paths and long file names, long
 * tag keys and values, weights with float noise, several sources, an ignored
 * config, and rows beyond the thousands (the headline figures are made large
 * in the view-model by the layout tests).
 */
export function stressReport(): { report: DryRunReport; details: ViewModelDetails } {
  const configs: ConfigSummary[] = [
    { anchor: '.', trainingYaml: 'valid', problem: null, ignoreRules: 12, metadata: new Map(), weights: new Map([['kind', new Map([['documentation-and-tutorials', 0.1 + 0.2], ['generated', 0.15000000000000002]])], ['lang', new Map([['python', 1 / 3]])]]) },
    { anchor: 'services/payments-gateway/internal', trainingYaml: 'valid', problem: null, ignoreRules: 0, metadata: new Map([['kind', 'generated'], ['component-owner-team', 'payments-platform-reliability']]), weights: new Map([['component-owner-team', new Map([['payments-platform-reliability', 12345.678]])]]) },
    { anchor: 'docs/architecture-decision-records', trainingYaml: 'valid', problem: null, ignoreRules: 0, metadata: new Map([['kind', 'documentation-and-tutorials'], ['lang', 'markdown']]), weights: new Map() },
    { anchor: 'third_party/vendored/protobuf', trainingYaml: 'invalid', problem: 'yaml', ignoreRules: 0, metadata: new Map(), weights: new Map() },
    { anchor: 'src', trainingYaml: 'absent', problem: null, ignoreRules: 3, metadata: new Map(), weights: new Map() },
  ];
  const merged: WeightMap = new Map();
  for (const c of configs) for (const [k, vs] of c.weights) for (const [v, n] of vs) (merged.get(k) ?? merged.set(k, new Map()).get(k)!).set(v, n);
  const files: Array<[string, number]> = [
    ['services/payments-gateway/internal/reconciliation/settlement_batch_processor_with_retries.py', 6],
    ['docs/architecture-decision-records/0042-adopt-event-sourcing-for-the-ledger-and-its-projections.md', 4],
    ['src/a.py', 3],
    ['README.md', 1],
  ];
  const rows: ReportRow[] = [];
  for (const [path, n] of files) {
    for (let i = 0; i < n; i++) {
      const origin = n === 1 ? path : path.replace(/(\.\w+)$/, `_${i}$1`);
      const tags: TagMap = new Map();
      for (const c of configs) if (c.trainingYaml === 'valid' && (c.anchor === '.' || origin.startsWith(`${c.anchor}/`))) for (const [k, v] of c.metadata) tags.set(k, v);
      if (origin.endsWith('.py')) tags.set('lang', 'python');
      const weight = composedWeight(tags, merged);
      rows.push({ sectionId: idOf(origin), origin, tags, weight, ...expand(prng(parseInt(idOf(origin).slice(0, 8), 16)), Math.min(weight, 40)) });
    }
  }
  const skippedFiles: ViewModelDetails['skippedFiles'] = [
    { source: '.', path: 'services/payments-gateway/internal/reconciliation/__pycache__/settlement_batch_processor.cpython-312.pyc', reason: 'excluded' },
    { source: '.', path: 'docs/architecture-decision-records/diagrams/ledger-event-flow-overview-final-v3.png', reason: 'image' },
  ];
  const report = finish({
    formatVersion: 1, mode: 'document', document: 'training/corpora/the-payments-platform-assistant-corpus.dlm', seed: 18446744073709551615n, valFraction: 0.15000000000000002,
    sources: [
      { path: 'services/payments-gateway', files: 6, skipped: skippedRecord({ excluded: 1 }) },
      { path: 'docs/architecture-decision-records', files: 4, skipped: skippedRecord({ image: 1 }) },
      { path: '.', files: 4, skipped: skippedRecord() },
    ],
    configs, mergedWeights: merged, rows, trainError: null, documentError: null,
  });
  return { report, details: { root: '/home/dev/work/the-payments-platform', skippedFiles } };
}
