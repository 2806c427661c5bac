// Copies an e2e fixture into a run folder (tests never open the repo's copy) and
// creates the files that must not be committed: binary, huge, unreadable ones.
//   node scripts/e2e/fixtures.mjs nasty /tmp/somewhere   prepares one copy by hand
import { cpSync, chmodSync, existsSync, mkdirSync, openSync, writeSync, closeSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO } from './install.mjs';

export const FIXTURES = join(REPO, 'test', 'e2e', 'fixtures');

/**
 * Fixtures that live elsewhere in the repository: the e2e run opens a copy of
 * the real thing, so a change to it is tested as shipped.
 *   demo — examples/demo, the README's demo corpus (`npm run demo`)
 */
export const EXTERNAL_FIXTURES = {
  demo: join(REPO, 'examples', 'demo'),
};

/**
 * Fixtures opened where they are, not copied (the run only edits unsaved
 * text in them): `bench` is the bench's generated corpus, named by
 * DLM_E2E_BENCH_CORPUS (scripts/bench/vscode.mjs sets it).
 */
const IN_PLACE_FIXTURES = {
  bench: () => process.env.DLM_E2E_BENCH_CORPUS,
};

/** Size of the generated huge text file (over any sane per-file limit, quick to write). */
export const HUGE_BYTES = 24 * 1024 * 1024;

/**
 * Copies fixture `name` to `<dest>/<name>` and runs its preparation step.
 * @returns {string} the absolute path of the copy
 */
export function copyFixture(name, dest) {
  if (Object.hasOwn(IN_PLACE_FIXTURES, name)) {
    const where = IN_PLACE_FIXTURES[name]();
    if (!where || !existsSync(where)) throw new Error(`fixture ${name}: set DLM_E2E_BENCH_CORPUS to an existing folder`);
    return where;
  }
  const src = Object.hasOwn(EXTERNAL_FIXTURES, name) ? EXTERNAL_FIXTURES[name] : join(FIXTURES, name);
  if (!existsSync(src)) throw new Error(`no such e2e fixture: ${name}`);
  const target = join(dest, name);
  mkdirSync(dest, { recursive: true });
  cpSync(src, target, { recursive: true });
  const prepare = PREPARE[name];
  if (prepare) prepare(target);
  return target;
}

/** Files generated under big/bulk/ (BIG_DIRS folders of equal share). */
export const BIG_FILES = 30_000;
const BIG_DIRS = 100;

const PREPARE = {
  big(dir) {
    const per = Math.ceil(BIG_FILES / BIG_DIRS);
    for (let d = 0, n = 0; d < BIG_DIRS && n < BIG_FILES; d++) {
      const sub = join(dir, 'bulk', `d${String(d).padStart(3, '0')}`);
      mkdirSync(sub, { recursive: true });
      for (let i = 0; i < per && n < BIG_FILES; i++, n++) writeFileSync(join(sub, `f${String(i).padStart(4, '0')}.txt`), `bulk file ${n}\n`);
    }
  },
  nasty(dir) {
    // Binary: NUL bytes in the first 1024 bytes, plus arbitrary high bytes.
    const bin = Buffer.alloc(64 * 1024);
    for (let i = 0; i < bin.length; i++) bin[i] = (i * 131 + 7) & 0xff;
    writeFileSync(join(dir, 'blob.bin'), bin);
    // Looks like text by name, but is binary.
    writeFileSync(join(dir, 'disguised.txt'), Buffer.concat([Buffer.from('text at first\n'), Buffer.from([0, 0, 1, 2, 0])]));
    // Not valid UTF-8 (Latin-1 bytes).
    writeFileSync(join(dir, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a, 0xff, 0xfe, 0x0a]));
    // Huge text file, written in chunks.
    const line = 'a line of a huge generated text file, repeated many times over\n';
    const chunk = Buffer.from(line.repeat(Math.ceil((1024 * 1024) / line.length)));
    const fd = openSync(join(dir, 'huge.txt'), 'w');
    for (let written = 0; written < HUGE_BYTES; written += chunk.length) writeSync(fd, chunk);
    closeSync(fd);
    // One enormous line.
    writeFileSync(join(dir, 'long-line.txt'), 'x'.repeat(2 * 1024 * 1024));
    // Unreadable (only for non-root users: root reads it anyway).
    writeFileSync(join(dir, 'unreadable.txt'), 'you should not be able to read this\n');
    chmodSync(join(dir, 'unreadable.txt'), 0o000);
    mkdirSync(join(dir, 'locked'), { recursive: true });
    writeFileSync(join(dir, 'locked', 'inside.txt'), 'inside a folder without permissions\n');
    chmodSync(join(dir, 'locked'), 0o000);
    // Links that cannot be followed: dangling, and a loop.
    symlinkSync('does-not-exist.txt', join(dir, 'dangling-link.txt'));
    symlinkSync('loop-b', join(dir, 'loop-a'));
    symlinkSync('loop-a', join(dir, 'loop-b'));
    // A FIFO: opening it for reading blocks until a writer comes, for everyone, root included.
    spawnSync('mkfifo', [join(dir, 'pipe.txt')]);
    // An empty file and an image extension with text inside.
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'not-really.png'), 'text pretending to be a png\n');
  },
};

/** Undoes permission changes so the run folder can be removed. */
export function unlockForRemoval(dir) {
  spawnSync('chmod', ['-R', 'u+rwX', dir]);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [name, dest] = process.argv.slice(2);
  if (!name || !dest) {
    process.stderr.write('usage: node scripts/e2e/fixtures.mjs FIXTURE DEST_DIR\n');
    process.exit(2);
  }
  process.stdout.write(`${copyFixture(name, resolve(dest))}\n`);
}
