// Synthetic benchmark corpus: N text files (median ~4 KiB, log-normal) in 500
// module folders × 20 subfolders, 100 (or 500) anchors with metadata,
// fractional weights and excludes, some ignore files, and files the default
// excludes catch. The files do not depend on the number of anchors, so 100 vs
// 500 anchors compares the same tree. Deterministic; made once and cached in
// the temp folder. Fast: the texts come from a pool of 4096 and are written
// synchronously (a million files in about a minute).
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rng } from '../../test/helpers/rng';

const WORDS = 'the of and to in is that for it as with was on be by this are from at or an have not which but all were when we there can more if no out so what up about into than them only some could time these two may then do first any my now such like our over man me even most made after also did many before must through back years where much your way well down should because each just those people how too little state good very make world still own see men work long get here between both life being under never day same another know while last might us great old year off come since against go came right used take three'.split(' ');
const LANGS = ['python', 'markdown', 'rust', 'go', 'text'];
const EXT: Record<string, string> = { python: 'py', markdown: 'md', rust: 'rs', go: 'go', text: 'txt' };
const MODULES = 500;
const SUBDIRS = 20;
const POOL = 4096;

export interface BenchCorpus {
  root: string;
  files: number;
  anchors: number;
  /** An anchor whose training.yaml has a weight to flip for the incremental runs. */
  weightAnchor: string;
  weightYaml: string;
}

function text(r: () => number): string {
  // log-normal-ish sizes around a 4 KiB median
  const target = Math.max(200, Math.round(4096 * Math.exp((r() - 0.5) * 1.6)));
  const parts: string[] = [];
  let n = 0;
  while (n < target) {
    const line = Array.from({ length: 8 + Math.floor(r() * 8) }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
    parts.push(line);
    n += line.length + 1;
  }
  return parts.join('\n') + '\n';
}

const moduleDir = (m: number): string => (m < 10 ? `pkg${m}` : `pkg${m % 10}/mod${m}`);

function anchorYaml(a: number): string {
  const lang = LANGS[a % LANGS.length]!;
  return [
    'metadata:',
    `  team: t${a % 7}`,
    `  area: a${a}`,
    `  lang: ${lang}`,
    'exclude:',
    "  - 'vendor/**'",
    'weights:',
    '  team:',
    `    t${a % 7}: ${(0.3 + (a % 7) * 0.35).toFixed(2)}`,
    '  lang:',
    `    ${lang}: ${(0.5 + (a % 5) * 0.4).toFixed(2)}`,
    '',
  ].join('\n');
}

export function ensureBenchCorpus(files: number, anchors = 100, log: (m: string) => void = () => undefined): BenchCorpus {
  const root = join(tmpdir(), `dlm-weights-bench-v2-${files}-a${anchors}`);
  const stamp = join(root, '.bench-complete');
  const out: BenchCorpus = { root, files, anchors, weightAnchor: join(root, moduleDir(0)), weightYaml: anchorYaml(0) };
  if (existsSync(stamp)) return out;
  log(`generating ${files} files with ${anchors} anchors in ${root} (once; cached)…`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, '.dlm'), { recursive: true });
  writeFileSync(join(root, '.dlm/training.yaml'), 'metadata:\n  repo: bench\nweights:\n  repo:\n    bench: 1.0\n');
  for (let a = 0; a < anchors; a++) {
    const dir = join(root, moduleDir(a));
    mkdirSync(join(dir, '.dlm'), { recursive: true });
    writeFileSync(join(dir, '.dlm/training.yaml'), anchorYaml(a));
    if (a % 10 === 3) writeFileSync(join(dir, '.dlm/ignore'), '# bench ignore\n*.tmp\nscratch/\n!keep.tmp\n');
  }
  const tr = rng(12345);
  const pool = Array.from({ length: POOL }, () => Buffer.from(text(tr)));
  const made = new Set<string>();
  const r = rng(files);
  for (let i = 0; i < files; i++) {
    const m = Math.floor(r() * MODULES);
    const lang = LANGS[Math.floor(r() * LANGS.length)]!;
    const sub = `d${Math.floor(r() * SUBDIRS)}`;
    const body = pool[Math.floor(r() * POOL)]!;
    let name = `f${i}.${EXT[lang]}`;
    let dir = `${moduleDir(m)}/${sub}`;
    const roll = r();
    if (roll < 0.01) dir = `node_modules/m${i % 50}`; // default-excluded
    else if (roll < 0.02) name = `f${i}.tmp`; // ignore-file candidates
    else if (roll < 0.025) dir = `${moduleDir(m)}/vendor`;
    if (!made.has(dir)) {
      mkdirSync(join(root, dir), { recursive: true });
      made.add(dir);
    }
    writeFileSync(join(root, dir, name), body);
    if (i % 100_000 === 99_999) log(`  ${i + 1} files`);
  }
  writeFileSync(stamp, '');
  return out;
}
