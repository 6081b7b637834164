import assert from 'node:assert/strict';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import { tablesToXlsx, tableToCsv, type Table } from './tables.ts';

const table: Table<{ team: string; rate: number | null }> = {
  title: 'Turnover by team',
  columns: [
    { key: 'team', label: 'Team' },
    { key: 'rate', label: 'Turnover (%)' },
  ],
  rows: [
    { team: 'Assessment, North', rate: 12.345 },
    { team: '=HYPERLINK("x")', rate: null },
  ],
};

test('CSV quotes commas, leaves nulls empty, keeps numbers unrounded and defuses formulas', () => {
  assert.equal(tableToCsv(table), 'Team,Turnover (%)\r\n"Assessment, North",12.345\r\n"\'=HYPERLINK(""x"")",\r\n');
  assert.match(tableToCsv(table, 'keys'), /^team,rate\r\n/);
});

test('XLSX has a sheet per table with the header row and numbers as numbers', async () => {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await tablesToXlsx([table])) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Turnover by team')!;
  assert.equal(sheet.getCell('A1').value, 'Team');
  assert.equal(sheet.getCell('B2').value, 12.345);
  assert.equal(sheet.getCell('B3').value, null);
});
