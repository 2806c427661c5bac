// Synthetic benchmark corpus: N text files (median ~4 KiB), 100 anchors with
// metadata, fractional weights and excludes, some ignore files, and files the
// default excludes catch. Deterministic for a given size; cached in tmpdir.
import { existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rng } from '../../test/helpers/rng';

const WORDS = 'the of and to in is that for it as with was on be by this are from at or an have not which but all were when we there can more if no out so what up about into than them only some could time these two may then do first any my now such like our over man me even most made after also did many before must through back years where much your way well down should because each just those people how too little state good very make world still own see men work long get here between both life being under never day same another know while last might us great old year off come since against go came right used take three'.split(' ');
const LANGS = ['python', 'markdown', 'rust', 'go', 'text'];
const EXT: Record<string, string> = { python: 'py', markdown: 'md', rust: 'rs', go: 'go', text: 'txt' };

export interface BenchCorpus {
  root: string;
  files: number;
  bytes: number;
  /** An anchor whose training.yaml has a weight to flip for the incremental run. */
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

export function ensureBenchCorpus(files: number): BenchCorpus {
  const root = join(tmpdir(), `dlm-weights-bench-${files}`);
  const stamp = join(root, '.bench-complete');
  const r = rng(files);
  const anchorsCount = 100;
  const anchorDirs: string[] = [];
  for (let a = 0; a < anchorsCount; a++) anchorDirs.push(a < 10 ? `pkg${a}` : `pkg${a % 10}/mod${a}`);
  const weightAnchor = join(root, anchorDirs[0]!);
  const weightYaml = anchorYaml(0);
  if (existsSync(stamp)) return { root, files, bytes: 0, weightAnchor, weightYaml };
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  let bytes = 0;
  mkdirSync(join(root, '.dlm'), { recursive: true });
  writeFileSync(join(root, '.dlm/training.yaml'), 'metadata:\n  repo: bench\nweights:\n  repo:\n    bench: 1.0\n');
  anchorDirs.forEach((dir, a) => {
    mkdirSync(join(root, dir, '.dlm'), { recursive: true });
    writeFileSync(join(root, dir, '.dlm/training.yaml'), anchorYaml(a));
    if (a % 10 === 3) writeFileSync(join(root, dir, '.dlm/ignore'), '# bench ignore\n*.tmp\nscratch/\n!keep.tmp\n');
  });
  for (let i = 0; i < files; i++) {
    const a = Math.floor(r() * anchorsCount);
    const lang = LANGS[Math.floor(r() * LANGS.length)]!;
    const sub = `d${Math.floor(r() * 20)}`;
    let name = `f${i}.${EXT[lang]}`;
    const roll = r();
    let dir = join(root, anchorDirs[a]!, sub);
    if (roll < 0.01) dir = join(root, 'node_modules', `m${i % 50}`); // default-excluded
    else if (roll < 0.02) name = `f${i}.tmp`; // ignore-file candidates
    else if (roll < 0.025) dir = join(root, anchorDirs[a]!, 'vendor');
    mkdirSync(dir, { recursive: true });
    const t = text(r);
    writeFileSync(join(dir, name), t);
    bytes += t.length;
  }
  writeFileSync(stamp, String(bytes));
  return { root, files, bytes, weightAnchor, weightYaml };
}

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
