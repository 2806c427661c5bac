// "Bad input never crashes anything": seeded random bytes, mutations of real
// training.yaml texts and .dlm documents, and pathological texts (deep
// nesting, huge lines, alias bombs) through every text entry point of the
// engine. Each call must return (not throw, not hang, not abort the process)
// with a well-formed result (see ../helpers/fuzzChild.ts). The CPU bound only
// catches runaway work (catastrophic backtracking, exponential blow-ups): it is
// ten times what any input takes on a busy machine, and CPU time, unlike wall
// time, does not grow when other processes compete for the cores.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  deepBlockMap, deepBlockSeq, deepFlow, deepFlowMap, describeInput, Guard, int, laughs, MUTATIONS, mutate, pick, randomBytes, randomText, rng,
  type GuardResult, type Target,
} from '../helpers/fuzz';
import { loadParityCase, loadYamlCases, parityCaseNames } from '../helpers/shared';

const TIME_BOUND_MS = Number(process.env.DLMW_TIME_BOUND_MS ?? 20_000);
const SEED = Number(process.env.DLMW_FUZZ_SEED ?? 20240611);

// a call still running after this much wall time counts as hung (killed): a hang
// guard, far above anything a loaded machine needs
const guard = new Guard(120_000);
after(() => guard.stop());

const YAML_TARGETS: Target[] = ['loadText', 'loadBytes', 'diagnoseYaml', 'diagnoseIgnore'];
const DOC_TARGETS: Target[] = ['parseDocument', 'planDocument'];
const ALL_TARGETS: Target[] = [...YAML_TARGETS, ...DOC_TARGETS];

function verdict(r: GuardResult): string {
  if (r.died) return `PROCESS DIED: ${r.died}`;
  if (r.hung) return 'HUNG (killed)';
  if (r.threw) return `threw ${r.threw}`;
  if (r.problem) return `malformed result: ${r.problem}`;
  if (r.cpuMs > TIME_BOUND_MS) return `took ${Math.round(r.cpuMs)} ms of CPU (${Math.round(r.ms)} ms wall)`;
  return '';
}

const LOADER_TARGETS = new Set<Target>(['loadText', 'loadBytes', 'diagnoseYaml']);

/**
 * Runs every (label, input) through the targets; fails listing every bad call.
 * The bound is on CPU time, so a busy machine does not fail it; a call just
 * over it is retried once. With `sameText`, every input is a variant of one
 * text: once the training.yaml loader hung or went over the bound on one, the
 * other loader-based calls are not run (they would do the same).
 */
async function runAll(inputs: Array<{ label: string; input: string | Uint8Array; targets: Target[] }>, opts: { sameText?: boolean } = {}): Promise<void> {
  const failures: string[] = [];
  let loaderStuck = '';
  for (const { label, input, targets } of inputs) {
    if (!opts.sameText) loaderStuck = '';
    for (const t of targets) {
      if (loaderStuck && LOADER_TARGETS.has(t)) {
        failures.push(`${t} ← ${label}: not run (the loader ${loaderStuck} on this text)`);
        continue;
      }
      let r = await guard.run(t, input);
      if (!r.hung && !r.died && !r.threw && !r.problem && r.cpuMs > TIME_BOUND_MS && r.cpuMs < 1.5 * TIME_BOUND_MS) {
        const again = await guard.run(t, input);
        if (again.hung || again.cpuMs < r.cpuMs) r = again;
      }
      if (LOADER_TARGETS.has(t) && (r.hung || r.cpuMs > TIME_BOUND_MS)) loaderStuck = r.hung ? 'hung' : 'went over the time bound';
      const v = verdict(r);
      if (v) failures.push(`${t} ← ${label}: ${v}\n    input: ${describeInput(input)}`);
    }
  }
  assert.equal(failures.length, 0, `${failures.length} failing call(s):\n${failures.slice(0, 30).join('\n')}${failures.length > 30 ? '\n…' : ''}`);
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
  const yaml: Array<[string, () => string, 'doc'?]> = [
    ['flow lists nested 10k deep under metadata', () => deepFlow(10_000), 'doc'],
    ['flow lists nested 10k deep at the top', () => deepFlow(10_000, '[', ']', '')],
    ['flow lists nested 3000 deep', () => deepFlow(3000)],
    ['flow lists nested 1000 deep', () => deepFlow(1000)],
    ['flow lists nested 481 deep', () => deepFlow(481)],
    ['flow maps nested 10k deep under weights', () => deepFlowMap(10_000)],
    ['flow maps nested 2000 deep', () => deepFlowMap(2000)],
    ['unclosed flow lists 10k deep', () => `metadata: ${'['.repeat(10_000)}\n`],
    ['block sequences nested 10k deep on one line', () => deepBlockSeq(10_000)],
    ['block mappings nested 1500 deep by indentation', () => deepBlockMap(1500)],
    ['a 5 MB plain scalar on one line', () => `metadata:\n  k: ${'x'.repeat(FIVE_MB)}\n`, 'doc'],
    ['a 5 MB comment line', () => `# ${'c'.repeat(FIVE_MB)}\nmetadata: {k: v}\n`],
    ['a 5 MB implicit key', () => `${'k'.repeat(FIVE_MB)}: v\n`],
    ['a 5 MB double-quoted string full of escapes', () => `metadata:\n  k: "${'\\t\\u00e9'.repeat(FIVE_MB / 8)}"\n`],
    ['a 5 MB flow list of patterns on one line', () => `include: [${Array(FIVE_MB / 8).fill('"a/*.py"').join(',')}]\n`],
    ['a 5 MB flow list of non-strings on one line', () => `exclude: [${Array(FIVE_MB / 2).fill('1').join(',')}]\n`],
    ['20k weights entries', () => `weights:\n  k:\n${Array.from({ length: 20_000 }, (_, i) => `    v${i}: ${i % 7}\n`).join('')}`, 'doc'],
    ['20k duplicate keys', () => `metadata:\n${'  k: v\n'.repeat(20_000)}`],
    ['billion laughs (lists) as include', () => laughs(10, 10, 'list', 'include: $TOP')],
    ['billion laughs (lists) as a metadata value', () => laughs(10, 10, 'list', 'metadata: {k: $TOP}')],
    ['billion laughs (lists) as a weight', () => laughs(10, 10, 'list', 'weights: {k: {v: $TOP}}')],
    ['billion laughs (lists) as exclude_defaults', () => laughs(10, 10, 'list', 'exclude_defaults: $TOP')],
    ['billion laughs (lists) as dlm_training_version', () => laughs(10, 10, 'list', 'dlm_training_version: $TOP')],
    ['billion laughs (maps) as metadata', () => laughs(10, 10, 'map', 'metadata: $TOP'), 'doc'],
    ['billion laughs (maps) as weights', () => laughs(10, 10, 'map', 'weights: $TOP')],
    ['billion laughs (maps) merged into the top level', () => laughs(10, 10, 'map', '<<: $TOP')],
    ['billion laughs (maps) merged into weights', () => laughs(10, 10, 'map', 'weights:\n  <<: $TOP')],
    ['billion laughs (maps) as a mapping key', () => laughs(10, 10, 'map', '? $TOP\n: v')],
    ['billion laughs only (all unknown keys)', () => laughs(10, 10, 'list', 'y: $TOP')],
    ['20k aliases of one anchor', () => `x: &a [1]\ninclude: [${Array(20_000).fill('*a').join(', ')}]\n`, 'doc'],
    ['10k NULs', () => `metadata: {k: v}\n${'\0'.repeat(10_000)}`, 'doc'],
    ['10k tabs', () => `metadata:\n${'\t'.repeat(10_000)}k: v\n`],
    ['100k lines of only U+2028 / NEL breaks', () => '\u2028\u0085'.repeat(50_000)],
    ['lone surrogates everywhere', () => `metadata: {k: "\ud800", \udc00: v}\n${'\ud800'.repeat(1000)}`, 'doc'],
    ['20k documents', () => '---\n'.repeat(20_000)],
    ['10k anchors', () => `x: [${Array.from({ length: 10_000 }, (_, i) => `&a${i} v`).join(', ')}]\n`],
    ['10k tags', () => `x: [${Array(10_000).fill('!!str v').join(', ')}]\n`],
    ['a key 1025 characters long', () => `${'k'.repeat(1025)}: v\n`],
    // Python's str.strip() is linear; a backtracking /\s+$/ is quadratic on a long inner run of spaces
    ['a weight string with 200k inner spaces', () => `weights:\n  k:\n    v: "1${' '.repeat(200_000)}x"\n`],
    ['a metadata value with 200k inner spaces', () => `metadata:\n  k: "a${' '.repeat(200_000)}b"\n`],
  ];

  for (const [name, make, doc] of yaml) {
    test(`training.yaml: ${name}`, async () => {
      const text = make();
      await runAll([
        { label: name, input: text, targets: ['loadText', 'diagnoseYaml', 'diagnoseIgnore'] },
        { label: `${name} (bytes)`, input: Buffer.from(text, 'utf8'), targets: ['loadBytes'] },
        // the same text as a .dlm document's body, and for some as its frontmatter
        { label: `${name} (body)`, input: `---\ntraining: {}\n---\n${text}`, targets: ['parseDocument'] },
        ...(doc ? [{ label: `${name} (frontmatter)`, input: `---\ntraining:\n  x: 1\n${text}---\nbody\n`, targets: DOC_TARGETS }] : []),
      ], { sameText: true });
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

  test('.dlm documents: deep frontmatter, a 5 MB line, 100k fences, unterminated code blocks', async () => {
    const docs: Array<[string, string]> = [
      ['frontmatter nested 10k deep', `---\ntraining:\n  sources: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n---\n`],
      ['frontmatter nested 3000 deep', `---\ntraining:\n  sources: ${'['.repeat(3000)}${']'.repeat(3000)}\n---\n`],
      ['frontmatter seed 10k digits', `---\ntraining:\n  seed: ${'9'.repeat(10_000)}\n---\nx\n`],
      ['frontmatter billion laughs', `---\n${laughs(10, 10, 'list', 'training: {sources: $TOP}')}---\nx\n`],
      ['frontmatter billion laughs (maps)', `---\n${laughs(10, 10, 'map', 'training: $TOP')}---\nx\n`],
      ['5 MB body line', `---\ntraining: {}\n---\n${'x'.repeat(FIVE_MB)}\n`],
      ['100k fences', `---\n---\n${'::instruction::\n### Q\nq\n### A\na\n'.repeat(100_000)}`],
      ['100k unknown fences', `---\n---\n${'::nope::\n'.repeat(100_000)}`],
      ['a Q/A line with 200k inner spaces', `---\n---\n::instruction::\n### Q\nq${' '.repeat(200_000)}x\n### A\na\n`],
      ['a preference line with 200k inner spaces', `---\n---\n::preference::\n### Prompt\np${' '.repeat(200_000)}x\n### Chosen\nc\n### Rejected\nr\n`],
      ['unterminated code block', `---\n---\n\`\`\`\n${'::prose::\n'.repeat(1000)}`],
      ['no closing frontmatter, 1M lines', `---\n${'a: b\n'.repeat(1_000_000)}`],
      ['sources with 10k directives', `---\ntraining:\n  sources:\n${'    - path: .\n'.repeat(10_000)}---\n`],
      ['sources paths that are not paths', `---\ntraining:\n  sources:\n    - path: "\\0"\n    - path: ~\n    - path: ${'a/'.repeat(5000)}\n    - path: [1]\n    - {path: {}}\n    - 7\n---\n`],
    ];
    await runAll(docs.map(([label, input]) => ({ label, input, targets: DOC_TARGETS })));
  });

  test('.dlm/ignore: huge and odd', async () => {
    const ignores: Array<[string, string]> = [
      ['a 5 MB pattern', `${'*'.repeat(FIVE_MB)}\n`],
      ['a 5 MB line of slashes', `!${'/'.repeat(FIVE_MB)}\n`],
      ['a line of 200k spaces, then a pattern', `${' '.repeat(200_000)}x\n`],
      ['a line of 200k tabs and NBSPs, then a pattern', `${'\t\u00a0'.repeat(100_000)}x\n`],
      ['200k rules', Array.from({ length: 200_000 }, (_, i) => `${i % 3 ? '!' : ''}/dir${i}/\n`).join('')],
      ['every Python line break', 'a/\nb/\rc/\r\nd/\x0be/\x0cf/\x1cg/\x1dh/\x1ei/\x85j/\u2028k/\u2029l/'],
      ['BOM, then breaks only', '\ufeff\n\r\n\r\u2028'],
      ['NULs and lone surrogates', '\0/\n\ud800/\n!\udc00\n'],
    ];
    await runAll(ignores.map(([label, input]) => ({ label, input, targets: ['diagnoseIgnore'] as Target[] })));
  });
});
