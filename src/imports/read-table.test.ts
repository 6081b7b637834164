import assert from 'node:assert/strict';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import { readTable, type ReadTableResult, type Table } from './read-table.ts';

function table(result: ReadTableResult): Table {
  if (!result.ok) assert.fail(result.message);
  return result.table;
}

async function xlsx(build: (workbook: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

test('a CSV is read with spreadsheet row numbers, blank rows skipped but counted', async () => {
  const csv = 'worker_id,fte\nA1,1\n\n,\nA2,"0,5"\nA3\n';
  const t = table(await readTable(Buffer.from(csv), 'w.csv'));
  assert.equal(t.format, 'csv');
  assert.deepEqual(t.header, ['worker_id', 'fte']);
  assert.deepEqual(t.rows, [
    { row: 2, cells: ['A1', '1'] },
    { row: 5, cells: ['A2', '0,5'] },
    { row: 6, cells: ['A3', null] },
  ]);
});

test('a UTF-8 BOM is dropped and Windows-1252 bytes are decoded', async () => {
  const bom = table(await readTable(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('worker_id,name\nA1,Zoë\n')]), 'bom.csv'));
  assert.deepEqual(bom.header, ['worker_id', 'name']);
  assert.deepEqual(bom.rows[0]!.cells, ['A1', 'Zoë']);
  // "Zoë" and "£" as Excel on Windows writes them: 0xEB and 0xA3.
  const cp1252 = Buffer.concat([Buffer.from('worker_id,name,salary\nA1,Zo'), Buffer.from([0xeb]), Buffer.from(','), Buffer.from([0xa3]), Buffer.from('30000\r\n')]);
  assert.deepEqual(table(await readTable(cp1252, 'old.csv')).rows[0]!.cells, ['A1', 'Zoë', '£30000']);
});

test('semicolon-separated CSV is recognised from its header line', async () => {
  const t = table(await readTable(Buffer.from('worker_id;fte\nA1;0,5\n'), 'w.csv'));
  assert.deepEqual(t.rows[0]!.cells, ['A1', '0,5']);
});

test('an XLSX sheet gives Excel date cells as Dates, formula results, flattened rich text and numbers', async () => {
  const bytes = await xlsx((workbook) => {
    workbook.addWorksheet('Cover').addRow(['not this one']);
    const ws = workbook.addWorksheet('Staff');
    ws.addRow(['Worker ID', 'Start date', 'FTE', 'Team', 'Agency']);
    ws.addRow(['A1', new Date(Date.UTC(2024, 8, 30)), 0.5, { richText: [{ text: 'Child ' }, { font: { bold: true }, text: 'Protection' }] }, true]);
    ws.addRow([]);
    ws.addRow(['A2', new Date(Date.UTC(2020, 0, 6)), { formula: '1/2', result: 0.5 }, 'Assessment', false]);
    ws.getCell('B2').numFmt = 'dd/mm/yyyy';
  });
  const missing = await readTable(bytes, 'x.xlsx', { sheet: 'Nope' });
  assert.deepEqual(missing, { ok: false, message: 'the workbook has no sheet "Nope" (it has "Cover", "Staff")' });
  assert.deepEqual(table(await readTable(bytes, 'x.xlsx')).header, ['not this one']);
  const t = table(await readTable(bytes, 'x.xlsx', { sheet: 'staff' }));
  assert.equal(t.sheet, 'Staff');
  assert.deepEqual(t.header, ['Worker ID', 'Start date', 'FTE', 'Team', 'Agency']);
  assert.deepEqual(t.rows, [
    { row: 2, cells: ['A1', new Date(Date.UTC(2024, 8, 30)), 0.5, 'Child Protection', 'true'] },
    { row: 4, cells: ['A2', new Date(Date.UTC(2020, 0, 6)), 0.5, 'Assessment', 'false'] },
  ]);
});

test('the format is told by content, not by the file name', async () => {
  const bytes = await xlsx((workbook) => workbook.addWorksheet('S').addRow(['worker_id']));
  assert.equal(table(await readTable(bytes, 'export.csv')).format, 'xlsx');
  assert.equal(table(await readTable(Buffer.from('worker_id\nA1\n'), 'export.xlsx')).format, 'csv');
});

test('unreadable files say why', async () => {
  assert.deepEqual(await readTable(Buffer.from(''), 'w.csv'), { ok: false, message: 'the file is empty' });
  assert.deepEqual(await readTable(Buffer.from('\n\n'), 'w.csv'), { ok: false, message: 'the file is empty' });
  assert.match(((await readTable(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), 'w.xls')) as { message: string }).message, /old-style Excel \.xls/);
  assert.match(((await readTable(Buffer.from('a,b\n"unclosed,1\n'), 'w.csv')) as { message: string }).message, /the CSV cannot be read/);
  assert.match(((await readTable(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'w.xlsx')) as { message: string }).message, /XLSX workbook cannot be read/);
});
