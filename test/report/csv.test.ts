import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvField, csvRows } from '../../src/report/csv';
import { allCases, loadCase } from './fixtures';

/** A small RFC 4180 reader, to check what we write parses back. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; continue; }
    field += c; i++;
  }
  assert.equal(field, '');
  assert.equal(row.length, 0);
  return rows;
}

test('csvField quotes only when needed and doubles quotes', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField(''), '');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField('cr\rhere'), '"cr\rhere"');
  assert.equal(csvField(' spaced '), ' spaced ');
});

test('csvRows: header, CRLF line ends, one line per row, values from the report', () => {
  for (const c of allCases()) {
    const text = csvRows(c.report);
    assert.ok(text.endsWith('\r\n'));
    const rows = readCsv(text);
    assert.deepEqual(rows[0], ['sectionId', 'origin', 'tags', 'weight', 'copies', 'valCopies', 'trainCopies']);
    assert.equal(rows.length, c.plain.rows.length + 1, c.name);
    c.plain.rows.forEach((r: any, i: number) => {
      const line = rows[i + 1];
      assert.equal(line[0], r.sectionId);
      assert.equal(line[1], r.origin);
      assert.equal(line[2], Object.entries(r.tags).length === 0 ? '' : line[2]);
      assert.equal(line[3], r.weight === null ? 'NaN' : String(r.weight));
      assert.equal(Number(line[4]), r.copies);
      assert.equal(Number(line[5]), r.valCopies);
      assert.equal(Number(line[6]), r.copies - r.valCopies);
    });
  }
});

test('csvRows: hostile origins and tags round-trip through an RFC 4180 reader', () => {
  const { report } = loadCase('001-basic-directory');
  const origin = 'we"ird, name\r\nwith lines.txt';
  const r = { ...report, rows: [{ ...report.rows[0], origin, tags: new Map([['k,1', 'v "x"']]) }] };
  const rows = readCsv(csvRows(r));
  assert.equal(rows[1][1], origin);
  assert.equal(rows[1][2], 'k,1=v "x"');
});
