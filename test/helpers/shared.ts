// Locates the vendored ground truth: the parity data computed by running
// upstream dlm (test/parity/data) and the spec (docs/spec), both copied from
// ../shared by `npm run sync-parity`. A missing file is a failure, never a skip:
// these suites are the proof the tool matches dlm.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../..');
export const PARITY_DIR = join(REPO_ROOT, 'test', 'parity', 'data');
export const SPEC_DIR = join(REPO_ROOT, 'docs', 'spec');

/** A path inside the vendored parity data; throws when it is missing. */
export function parityPath(...parts: string[]): string {
  const p = join(PARITY_DIR, ...parts);
  if (!existsSync(p)) throw new Error(`parity data not found at ${p} (run npm run sync-parity)`);
  return p;
}

export interface CorpusFile {
  path: string;
  b64: string;
}

export interface CorpusSpec {
  name: string;
  files: CorpusFile[];
  dirs?: string[];
  doc: string | null;
  /** exact decimal text of the seed override (may exceed 2^53), or null */
  seed: string | null;
}

export interface ParityCase {
  name: string;
  dir: string;
  corpus: CorpusSpec;
  expectedText: string;
}

export function parityCaseNames(): string[] {
  return readdirSync(parityPath('cases')).sort();
}

/** The seed as written (JSON.parse would round one beyond 2^53). */
export function rawSeed(corpusJson: string): string | null {
  const m = [...corpusJson.matchAll(/"seed"\s*:\s*(null|-?\d+)/g)];
  if (m.length !== 1) throw new Error(`expected exactly one "seed" key, found ${m.length}`);
  return m[0]![1] === 'null' ? null : m[0]![1]!;
}

export function loadParityCase(name: string): ParityCase {
  const dir = parityPath('cases', name);
  const text = readFileSync(join(dir, 'corpus.json'), 'utf8');
  const parsed = JSON.parse(text);
  return {
    name, dir,
    corpus: { name: parsed.name ?? name, files: parsed.files, dirs: parsed.dirs ?? [], doc: parsed.doc ?? null, seed: rawSeed(text) },
    expectedText: readFileSync(join(dir, 'expected.json'), 'utf8'),
  };
}

export interface YamlCase {
  name: string;
  text: string | null;
  b64: string;
  verdict: {
    dlmAccepts: boolean;
    problem: string | null;
    crash: boolean;
    exception?: string;
    [k: string]: unknown;
  };
}

export function loadYamlCases(): YamlCase[] {
  return JSON.parse(readFileSync(parityPath('yaml-cases.json'), 'utf8')).cases;
}

/** The text of every training.yaml in the parity YAML cases (yaml-cases.json and yaml-edge-cases.json), labelled by file and index. */
export function parityYamlTexts(): Array<{ label: string; text: string }> {
  const out: Array<{ label: string; text: string }> = [];
  for (const file of ['yaml-cases.json', 'yaml-edge-cases.json']) {
    const cases = JSON.parse(readFileSync(parityPath(file), 'utf8')).cases as Array<{ text?: unknown }>;
    cases.forEach((c, i) => { if (typeof c.text === 'string') out.push({ label: `${file} #${i}`, text: c.text }); });
  }
  return out;
}
