// Random columnar rows for the expansion tests: n rows over the given ids
// (few ids make long duplicate groups) and tag maps, a share of them document
// body rows, the others files of one table; with the same rows as PreRow
// objects for the reference expansion (expandRows).
import type { PreRow } from '../../src/engine/expand';
import { FileTable, putHexId, TEXT } from '../../src/engine/corpus/fileTable';
import { RowSet } from '../../src/engine/corpus/rowSet';
import type { TagMap } from '../../src/engine/types';

export const randomHexId = (r: () => number) => Array.from({ length: 16 }, () => '0123456789abcdef'[Math.floor(r() * 16)]).join('');

export function randomRowSet(r: () => number, ids: readonly string[], tagMaps: TagMap[], n: number, bodyShare: number): { rows: RowSet; pre: PreRow[]; tagsRef: Uint32Array } {
  const table = new FileTable('/t');
  const pre: PreRow[] = [];
  const rowIds = new Uint8Array(n * 8);
  const tagsRef = new Uint32Array(n);
  const directive = new Int32Array(n);
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const id = ids[Math.floor(r() * ids.length)]!;
    const t = Math.floor(r() * tagMaps.length);
    pre.push({ sectionId: id, origin: `o${i}`, tags: tagMaps[t]! });
    putHexId(id, rowIds, i * 8);
    tagsRef[i] = t;
    if (r() < bodyShare) { directive[i] = -1; index[i] = i; continue; } // a document body row
    const f = table.addPath(`f${i}`);
    table.kind[f] = TEXT;
    putHexId(id, table.ids, f * 8);
    directive[i] = 0;
    index[i] = f;
  }
  return { rows: new RowSet(rowIds, tagsRef, tagMaps, directive, index, [{ table, originPrefix: '.' }], 'doc'), pre, tagsRef };
}
