// Minimal reader for the zip files vsce writes (.vsix): lists entries from the
// central directory and extracts stored or deflated entries. Enough to verify a
// package's contents and to unpack it without an `unzip` binary.
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { inflateRawSync } from 'node:zlib';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** @returns {{ name: string, method: number, compressedSize: number, size: number, localOffset: number }[]} */
export function listZip(file) {
  const buf = readFileSync(file);
  return entries(buf);
}

function entries(buf) {
  // The end-of-central-directory record sits in the last 22 + 65535 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== CENTRAL) throw new Error(`bad central directory entry at ${p}`);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    out.push({ name, method, compressedSize, size, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** Extracts the entries whose names start with `prefix` into `dest`, with the prefix removed. */
export function extractZip(file, dest, prefix = '') {
  const buf = readFileSync(file);
  const root = resolve(dest);
  let written = 0;
  for (const e of entries(buf)) {
    if (!e.name.startsWith(prefix) || e.name.endsWith('/')) continue;
    const rel = e.name.slice(prefix.length);
    const target = resolve(root, rel);
    if (!target.startsWith(root + sep)) throw new Error(`zip entry escapes destination: ${e.name}`);
    const p = e.localOffset;
    if (buf.readUInt32LE(p) !== LOCAL) throw new Error(`bad local header for ${e.name}`);
    const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
    const raw = buf.subarray(start, start + e.compressedSize);
    let data;
    if (e.method === 0) data = raw;
    else if (e.method === 8) data = inflateRawSync(raw);
    else throw new Error(`unsupported compression method ${e.method} for ${e.name}`);
    if (data.length !== e.size) throw new Error(`size mismatch for ${e.name}`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, data);
    written++;
  }
  return written;
}
