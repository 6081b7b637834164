import assert from 'node:assert/strict';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import { NUMBER_FORMATS, tablesToXlsx, type Table } from './tables.ts';

test('XLSX keeps every digit of a rate and shows it as a percentage at one decimal place', async () => {
  const table: Table<{ field: string; value: number | string }> = {
    title: 'Figures',
    columns: [
      { key: 'field', label: 'field' },
      { key: 'value', label: 'value' },
    ],
    rows: [
      { field: 'turnover_rate_fte', value: 15.384615384615385 },
      { field: 'inpost_headcount', value: 212 },
      { field: 'leavers_headcount', value: 'c' },
    ],
    numberFormat: (row) => (row.field.endsWith('_rate_fte') ? NUMBER_FORMATS.percent : NUMBER_FORMATS.whole),
  };
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await tablesToXlsx([table])) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  assert.equal(sheet.getCell('B2').value, 15.384615384615385);
  assert.equal(sheet.getCell('B2').numFmt, '0.0"%"');
  assert.equal(sheet.getCell('B3').numFmt, '0');
  assert.equal(sheet.getCell('B4').value, 'c');
});
