// "Bad input never crashes anything, and never sets off runaway work": seeded
// random bytes, mutations of real training.yaml texts and .dlm documents, and
// pathological texts (deep nesting, huge lines, alias bombs) through every text
// entry point of the engine, each call in a child process (../helpers/fuzz.ts).
// Every call must return (not throw, not abort the process, not still run at
// the hang guard) with a well-formed result (../helpers/fuzzChild.ts).
// Tests assert behaviour, not the machine's speed, so no call has a time limit.
// Runaway work (a backtracking regexp, a quadratic loop) shows in how the cost
// grows instead: a pathological text whose size is a parameter n also runs at
// n/4, and the call at n may cost at most 8× the CPU time of the call at n/4
// (linear work costs about 4×, quadratic 16×). Both sizes run on the same
// machine in the same process, so a slow or busy machine slows them alike; a
// call that grows too much is measured once more before it fails.
// Texts of one fixed shape (billion laughs, exponential in their levels; odd
// characters; a key just over a length limit) get the behavioural checks only.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  deepBlockMap, deepBlockSeq, deepFlow, deepFlowMap, describeInput, Guard, int, laughs, MUTATIONS, mutate, pick, randomBytes, randomText, rng,
  type GuardResult, type Target,
} from '../helpers/fuzz';
import { loadParityCase, loadYamlCases, parityCaseNames } from '../helpers/shared';

const SEED = Number(process.env.DLMW_FUZZ_SEED ?? 20240611);

// a call still running after this much wall time counts as hung (killed): a hang
// guard, far above anything a loaded machine needs
const guard = new Guard(120_000);
after(() => guard.stop());

/** The call at size n may cost this many times the CPU time of the call at n/4: linear work is about 4×, quadratic 16×. */
const MAX_GROWTH_AT_4X = 8;
/** Only loosens the scaling check: absorbs JIT warm-up and timer noise when the calls are small. */
const WARMUP_AND_NOISE_SLACK_MS = 250;

const YAML_TARGETS: Target[] = ['loadText', 'loadBytes', 'diagnoseYaml', 'diagnoseIgnore'];
const DOC_TARGETS: Target[] = ['parseDocument', 'planDocument'];
const ALL_TARGETS: Target[] = [...YAML_TARGETS, ...DOC_TARGETS];

type Input = string | Uint8Array;

interface Call {
  label: string;
  input: Input;
  /** the same input at a quarter of its size: then the cost of `input` must scale (see the header) */
  quarter?: Input;
  targets: Target[];
}

function verdict(r: GuardResult): string {
  if (r.died) return `PROCESS DIED: ${r.died}`;
  if (r.hung) return 'HUNG (killed)';
  if (r.threw) return `threw ${r.threw}`;
  if (r.problem) return `malformed result: ${r.problem}`;
  return '';
}

/** '' when the call at n cost no more than the call at n/4 allows, else what it cost. */
function superlinear(atQuarter: GuardResult, atN: GuardResult): string {
  if (atN.cpuMs <= MAX_GROWTH_AT_4X * atQuarter.cpuMs + WARMUP_AND_NOISE_SLACK_MS) return '';
  return `superlinear: n/4 took ${Math.round(atQuarter.cpuMs)} ms of CPU, n took ${Math.round(atN.cpuMs)} ms`;
}

/** The cheaper of two runs of one call (a run that failed does not count). */
const lower = (a: GuardResult, b: GuardResult): GuardResult => (verdict(b) === '' && b.cpuMs < a.cpuMs ? b : a);

const LOADER_TARGETS = new Set<Target>(['loadText', 'loadBytes', 'diagnoseYaml']);

/**
 * Runs every call's input (its quarter-size input first, when it has one)
 * through its targets; fails listing every bad call. With `sameText`, every
 * input is a variant of one text: once the training.yaml loader hung on one,
 * the other loader-based calls are not run (they would hang too).
 */
async function runAll(calls: Call[], opts: { sameText?: boolean } = {}): Promise<void> {
  const failures: string[] = [];
  let loaderStuck = false;
  const run = async (t: Target, label: string, input: Input): Promise<GuardResult | null> => {
    if (loaderStuck && LOADER_TARGETS.has(t)) {
      failures.push(`${t} ← ${label}: not run (the loader hung on this text)`);
      return null;
    }
    const r = await guard.run(t, input);
    if (LOADER_TARGETS.has(t) && r.hung) loaderStuck = true;
    const v = verdict(r);
    if (v) failures.push(`${t} ← ${label}: ${v}\n    input: ${describeInput(input)}`);
    return v ? null : r;
  };
  for (const { label, input, quarter, targets } of calls) {
    if (!opts.sameText) loaderStuck = false;
    for (const t of targets) {
      const atQuarter = quarter === undefined ? null : await run(t, `${label} (n/4)`, quarter);
      const atN = await run(t, label, input);
      let growth = atQuarter && atN ? superlinear(atQuarter, atN) : '';
      if (growth) {
        // measured once more at both sizes, the lower cost of each counting: noise seldom repeats, runaway work always does
        const [q2, n2] = [await guard.run(t, quarter!), await guard.run(t, input)];
        growth = superlinear(lower(atQuarter!, q2), lower(atN!, n2));
      }
      if (growth) failures.push(`${t} ← ${label}: ${growth}\n    input: ${describeInput(input)}`);
    }
  }
  assert.equal(failures.length, 0, `${failures.length} failing call(s):\n${failures.slice(0, 30).join('\n')}${failures.length > 30 ? '\n…' : ''}`);
}

/** A pathological text: made at a size n (also run at n/4, its cost must scale), or of one fixed shape (n null). */
interface Shape {
  n: number | null;
  make: (n: number) => string;
}
const ofSize = (n: number, make: (n: number) => string): Shape => ({ n, make });
const fixed = (make: () => string): Shape => ({ n: null, make });

/** The calls `callsOn` makes for the text at full size, each paired with the same call on the text at n/4. */
function sizedCalls(shape: Shape, callsOn: (text: string) => Call[]): Call[] {
  const atN = callsOn(shape.make(shape.n ?? 0));
  if (shape.n === null) return atN;
  const atQuarter = callsOn(shape.make(Math.floor(shape.n / 4)));
  return atN.map((c, i) => ({ ...c, quarter: atQuarter[i]!.input }));
}

const asText = (b: Uint8Array) => new TextDecoder('utf-8', { fatal: false }).decode(b);

describe('random input', () => {
  test(`random bytes (seed ${SEED})`, async () => {
    const inputs = [];
    for (let i = 0; i < 120; i++) {
      const r = rng(SEED + i);
      const b = randomBytes(r, i < 100 ? 300 : 4000);
      inputs.push({ label: `random-bytes #${i}`, input: b, targets: ['loadBytes'] as Target[] });
      inputs.push({ label: `random-bytes #${i} (decoded)`, input: asText(b), targets: ALL_TARGETS.filter((t) => t !== 'loadBytes') });
    }
    await runAll(inputs);
  });

  test(`random YAML-ish token soup (seed ${SEED})`, async () => {
    const inputs = [];
    for (let i = 0; i < 200; i++) {
      const r = rng(SEED * 31 + i);
      const text = randomText(r, 60);
      inputs.push({ label: `token-soup #${i}`, input: text, targets: ALL_TARGETS });
      // as a document: frontmatter and body made of the same soup
      inputs.push({ label: `token-soup document #${i}`, input: `---\n${randomText(r, 30)}\n---\n${randomText(r, 30)}`, targets: DOC_TARGETS });
    }
    await runAll(inputs);
  });
});

describe('mutations of real inputs', () => {
  test(`yaml-cases texts: truncation, tabs, NULs, invalid UTF-8, splices, CRLF, BOM (seed ${SEED})`, async () => {
    const cases = loadYamlCases();
    const inputs = [];
    for (let i = 0; i < 260; i++) {
      const r = rng(SEED * 7 + i);
      const c = pick(r, cases);
      let bytes: Uint8Array = Buffer.from(c.b64, 'base64');
      const applied: string[] = [];
      for (let k = 1 + int(r, 3); k > 0; k--) {
        const m = i < MUTATIONS.length * 10 ? MUTATIONS[i % MUTATIONS.length]! : pick(r, MUTATIONS);
        applied.push(m);
        bytes = mutate(r, bytes, m);
      }
      const label = `${c.name} + ${applied.join(', ')} #${i}`;
      inputs.push({ label, input: bytes, targets: ['loadBytes'] as Target[] });
      inputs.push({ label, input: asText(bytes), targets: ['loadText', 'diagnoseYaml', 'diagnoseIgnore'] as Target[] });
    }
    await runAll(inputs);
  });

  test(`.dlm documents from the parity corpora, mutated (seed ${SEED})`, async () => {
    const docs: Array<{ name: string; bytes: Uint8Array }> = [];
    for (const name of parityCaseNames()) {
      for (const f of loadParityCase(name).corpus.files) if (f.path.endsWith('.dlm')) docs.push({ name: `${name}/${f.path}`, bytes: Buffer.from(f.b64, 'base64') });
    }
    assert.ok(docs.length >= 10, `only ${docs.length} documents`);
    const inputs = [];
    for (const d of docs) inputs.push({ label: d.name, input: asText(d.bytes), targets: DOC_TARGETS });
    for (let i = 0; i < 150; i++) {
      const r = rng(SEED * 13 + i);
      const d = pick(r, docs);
      let bytes = d.bytes;
      const applied: string[] = [];
      for (let k = 1 + int(r, 3); k > 0; k--) {
        const m = pick(r, MUTATIONS);
        applied.push(m);
        bytes = mutate(r, bytes, m);
      }
      inputs.push({ label: `${d.name} + ${applied.join(', ')} #${i}`, input: asText(bytes), targets: DOC_TARGETS });
    }
    await runAll(inputs);
  });
});

describe('pathological texts', () => {
  const FIVE_MB = 5 * 1024 * 1024;
  const yaml: Array<[string, Shape, 'doc'?]> = [
    ['flow lists nested 10k deep under metadata', ofSize(10_000, (n) => deepFlow(n)), 'doc'],
    ['flow lists nested 10k deep at the top', ofSize(10_000, (n) => deepFlow(n, '[', ']', ''))],
    ['flow lists nested 3000 deep', ofSize(3000, (n) => deepFlow(n))],
    ['flow lists nested 1000 deep', ofSize(1000, (n) => deepFlow(n))],
    ['flow lists nested 481 deep', ofSize(481, (n) => deepFlow(n))],
    ['flow maps nested 10k deep under weights', ofSize(10_000, (n) => deepFlowMap(n))],
    ['flow maps nested 2000 deep', ofSize(2000, (n) => deepFlowMap(n))],
    ['unclosed flow lists 10k deep', ofSize(10_000, (n) => `metadata: ${'['.repeat(n)}\n`)],
    ['block sequences nested 10k deep on one line', ofSize(10_000, (n) => deepBlockSeq(n))],
    // the text grows with the square of the depth, so the size is depth²: n/4 is half as deep
    ['block mappings nested 1500 deep by indentation', ofSize(1500 ** 2, (n) => deepBlockMap(Math.round(Math.sqrt(n))))],
    ['a 5 MB plain scalar on one line', ofSize(FIVE_MB, (n) => `metadata:\n  k: ${'x'.repeat(n)}\n`), 'doc'],
    ['a 5 MB comment line', ofSize(FIVE_MB, (n) => `# ${'c'.repeat(n)}\nmetadata: {k: v}\n`)],
    ['a 5 MB implicit key', ofSize(FIVE_MB, (n) => `${'k'.repeat(n)}: v\n`)],
    ['a 5 MB double-quoted string full of escapes', ofSize(FIVE_MB, (n) => `metadata:\n  k: "${'\\t\\u00e9'.repeat(n / 8)}"\n`)],
    ['a 5 MB flow list of patterns on one line', ofSize(FIVE_MB, (n) => `include: [${Array(n / 8).fill('"a/*.py"').join(',')}]\n`)],
    ['a 5 MB flow list of non-strings on one line', ofSize(FIVE_MB, (n) => `exclude: [${Array(n / 2).fill('1').join(',')}]\n`)],
    ['20k weights entries', ofSize(20_000, (n) => `weights:\n  k:\n${Array.from({ length: n }, (_, i) => `    v${i}: ${i % 7}\n`).join('')}`), 'doc'],
    ['20k duplicate keys', ofSize(20_000, (n) => `metadata:\n${'  k: v\n'.repeat(n)}`)],
    ['billion laughs (lists) as include', fixed(() => laughs(10, 10, 'list', 'include: $TOP'))],
    ['billion laughs (lists) as a metadata value', fixed(() => laughs(10, 10, 'list', 'metadata: {k: $TOP}'))],
    ['billion laughs (lists) as a weight', fixed(() => laughs(10, 10, 'list', 'weights: {k: {v: $TOP}}'))],
    ['billion laughs (lists) as exclude_defaults', fixed(() => laughs(10, 10, 'list', 'exclude_defaults: $TOP'))],
    ['billion laughs (lists) as dlm_training_version', fixed(() => laughs(10, 10, 'list', 'dlm_training_version: $TOP'))],
    ['billion laughs (maps) as metadata', fixed(() => laughs(10, 10, 'map', 'metadata: $TOP')), 'doc'],
    ['billion laughs (maps) as weights', fixed(() => laughs(10, 10, 'map', 'weights: $TOP'))],
    ['billion laughs (maps) merged into the top level', fixed(() => laughs(10, 10, 'map', '<<: $TOP'))],
    ['billion laughs (maps) merged into weights', fixed(() => laughs(10, 10, 'map', 'weights:\n  <<: $TOP'))],
    ['billion laughs (maps) as a mapping key', fixed(() => laughs(10, 10, 'map', '? $TOP\n: v'))],
    ['billion laughs only (all unknown keys)', fixed(() => laughs(10, 10, 'list', 'y: $TOP'))],
    ['20k aliases of one anchor', ofSize(20_000, (n) => `x: &a [1]\ninclude: [${Array(n).fill('*a').join(', ')}]\n`), 'doc'],
    ['10k NULs', ofSize(10_000, (n) => `metadata: {k: v}\n${'\0'.repeat(n)}`), 'doc'],
    ['10k tabs', ofSize(10_000, (n) => `metadata:\n${'\t'.repeat(n)}k: v\n`)],
    ['100k lines of only U+2028 / NEL breaks', ofSize(100_000, (n) => '\u2028\u0085'.repeat(n / 2))],
    ['lone surrogates everywhere', fixed(() => `metadata: {k: "\ud800", \udc00: v}\n${'\ud800'.repeat(1000)}`), 'doc'],
    ['20k documents', ofSize(20_000, (n) => '---\n'.repeat(n))],
    ['10k anchors', ofSize(10_000, (n) => `x: [${Array.from({ length: n }, (_, i) => `&a${i} v`).join(', ')}]\n`)],
    ['10k tags', ofSize(10_000, (n) => `x: [${Array(n).fill('!!str v').join(', ')}]\n`)],
    // just over YAML's 1024-character limit on implicit keys: the length is the point, not a size
    ['a key 1025 characters long', fixed(() => `${'k'.repeat(1025)}: v\n`)],
    // Python's str.strip() is linear; a backtracking /\s+$/ is quadratic on a long inner run of spaces
    ['a weight string with 200k inner spaces', ofSize(200_000, (n) => `weights:\n  k:\n    v: "1${' '.repeat(n)}x"\n`)],
    ['a metadata value with 200k inner spaces', ofSize(200_000, (n) => `metadata:\n  k: "a${' '.repeat(n)}b"\n`)],
  ];

  /** One training.yaml text as text and as bytes, as a .dlm document's body, and for some as its frontmatter. */
  const yamlCalls = (name: string, doc: boolean) => (text: string): Call[] => [
    { label: name, input: text, targets: ['loadText', 'diagnoseYaml', 'diagnoseIgnore'] },
    { label: `${name} (bytes)`, input: Buffer.from(text, 'utf8'), targets: ['loadBytes'] },
    { label: `${name} (body)`, input: `---\ntraining: {}\n---\n${text}`, targets: ['parseDocument'] },
    ...(doc ? [{ label: `${name} (frontmatter)`, input: `---\ntraining:\n  x: 1\n${text}---\nbody\n`, targets: DOC_TARGETS }] : []),
  ];

  for (const [name, shape, doc] of yaml) {
    test(`training.yaml: ${name}`, async () => {
      await runAll(sizedCalls(shape, yamlCalls(name, doc === 'doc')), { sameText: true });
    });
  }

  // V8 compiles (tiers up) a regexp on its second use; when that happens deep in
  // a recursion that is about to overflow the stack, the process aborts
  // ("RegExpCompiler Allocation failed") instead of throwing a RangeError.
  // So: a fresh process, the same deeply nested text loaded several times.
  for (const n of [3000, 10_000]) {
    test(`fresh process: flow lists nested ${n} deep, loaded 3 times`, async () => {
      guard.restart();
      const text = deepFlow(n);
      await runAll([{ label: `nested ${n} (1st)`, input: text, targets: ['loadText', 'loadText', 'loadText', 'diagnoseYaml'] }]);
    });
  }
  test('fresh process: the parity case crash-deep-nesting, loaded 3 times', async () => {
    guard.restart();
    const c = loadYamlCases().find((x) => x.name === 'crash-deep-nesting');
    assert.ok(c, 'yaml case crash-deep-nesting');
    const bytes = Buffer.from(c.b64, 'base64');
    await runAll([{ label: c.name, input: bytes, targets: ['loadBytes', 'loadBytes', 'loadBytes'] }]);
  });

  /** Each text through the given targets, at n/4 and at n when it has a size. */
  const callsOnEach = (texts: Array<[string, Shape]>, targets: Target[]): Call[] =>
    texts.flatMap(([label, shape]) => sizedCalls(shape, (text) => [{ label, input: text, targets }]));

  test('.dlm documents: deep frontmatter, a 5 MB line, 100k fences, unterminated code blocks', async () => {
    const docs: Array<[string, Shape]> = [
      ['frontmatter nested 10k deep', ofSize(10_000, (n) => `---\ntraining:\n  sources: ${'['.repeat(n)}${']'.repeat(n)}\n---\n`)],
      ['frontmatter nested 3000 deep', ofSize(3000, (n) => `---\ntraining:\n  sources: ${'['.repeat(n)}${']'.repeat(n)}\n---\n`)],
      ['frontmatter seed 10k digits', ofSize(10_000, (n) => `---\ntraining:\n  seed: ${'9'.repeat(n)}\n---\nx\n`)],
      ['frontmatter billion laughs', fixed(() => `---\n${laughs(10, 10, 'list', 'training: {sources: $TOP}')}---\nx\n`)],
      ['frontmatter billion laughs (maps)', fixed(() => `---\n${laughs(10, 10, 'map', 'training: $TOP')}---\nx\n`)],
      ['5 MB body line', ofSize(FIVE_MB, (n) => `---\ntraining: {}\n---\n${'x'.repeat(n)}\n`)],
      ['100k fences', ofSize(100_000, (n) => `---\n---\n${'::instruction::\n### Q\nq\n### A\na\n'.repeat(n)}`)],
      ['100k unknown fences', ofSize(100_000, (n) => `---\n---\n${'::nope::\n'.repeat(n)}`)],
      ['a Q/A line with 200k inner spaces', ofSize(200_000, (n) => `---\n---\n::instruction::\n### Q\nq${' '.repeat(n)}x\n### A\na\n`)],
      ['a preference line with 200k inner spaces', ofSize(200_000, (n) => `---\n---\n::preference::\n### Prompt\np${' '.repeat(n)}x\n### Chosen\nc\n### Rejected\nr\n`)],
      ['unterminated code block', ofSize(1000, (n) => `---\n---\n\`\`\`\n${'::prose::\n'.repeat(n)}`)],
      ['no closing frontmatter, 1M lines', ofSize(1_000_000, (n) => `---\n${'a: b\n'.repeat(n)}`)],
      ['sources with 10k directives', ofSize(10_000, (n) => `---\ntraining:\n  sources:\n${'    - path: .\n'.repeat(n)}---\n`)],
      ['sources paths that are not paths', fixed(() => `---\ntraining:\n  sources:\n    - path: "\\0"\n    - path: ~\n    - path: ${'a/'.repeat(5000)}\n    - path: [1]\n    - {path: {}}\n    - 7\n---\n`)],
    ];
    await runAll(callsOnEach(docs, DOC_TARGETS));
  });

  test('.dlm/ignore: huge and odd', async () => {
    const ignores: Array<[string, Shape]> = [
      ['a 5 MB pattern', ofSize(FIVE_MB, (n) => `${'*'.repeat(n)}\n`)],
      ['a 5 MB line of slashes', ofSize(FIVE_MB, (n) => `!${'/'.repeat(n)}\n`)],
      ['a line of 200k spaces, then a pattern', ofSize(200_000, (n) => `${' '.repeat(n)}x\n`)],
      ['a line of 200k tabs and NBSPs, then a pattern', ofSize(200_000, (n) => `${'\t\u00a0'.repeat(n / 2)}x\n`)],
      ['200k rules', ofSize(200_000, (n) => Array.from({ length: n }, (_, i) => `${i % 3 ? '!' : ''}/dir${i}/\n`).join(''))],
      ['every Python line break', fixed(() => 'a/\nb/\rc/\r\nd/\x0be/\x0cf/\x1cg/\x1dh/\x1ei/\x85j/\u2028k/\u2029l/')],
      ['BOM, then breaks only', fixed(() => '\ufeff\n\r\n\r\u2028')],
      ['NULs and lone surrogates', fixed(() => '\0/\n\ud800/\n!\udc00\n')],
    ];
    await runAll(callsOnEach(ignores, ['diagnoseIgnore']));
  });
});
