import assert from 'node:assert/strict';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import { publishedAtOneDecimal, tablesToXlsx, tableToCsv, type Table } from './tables.ts';

type Row = { team: string; turnover_rate_fte: number | string; caseload_fte: number | null; inpost_fte: number; inpost_headcount: number };

const table: Table<Row> = {
  title: 'By team',
  columns: (['team', 'turnover_rate_fte', 'caseload_fte', 'inpost_fte', 'inpost_headcount'] as const).map((key) => ({ key, label: key })),
  rows: [
    { team: 'Assessment', turnover_rate_fte: (2 / 13) * 100, caseload_fte: 17.25, inpost_fte: 56.65, inpost_headcount: 60 },
    { team: 'Fostering', turnover_rate_fte: 14, caseload_fte: null, inpost_fte: 12.5, inpost_headcount: 13 },
    { team: 'Tiny', turnover_rate_fte: 'c', caseload_fte: 0.04, inpost_fte: 2, inpost_headcount: 2 },
  ],
  csvRounded: (_row, key) => publishedAtOneDecimal(key),
};

test('CSV writes rates and caseloads at one decimal place as DfE publishes them, counts and FTE as held', () => {
  // 2 leavers over 13 FTE: 15.384615…% is written 15.4; 14 as DfE writes it, 14; caseload 17.25 as 17.3.
  assert.equal(tableToCsv(table), 'team,turnover_rate_fte,caseload_fte,inpost_fte,inpost_headcount\r\n' + 'Assessment,15.4,17.3,56.65,60\r\n' + 'Fostering,14,,12.5,13\r\n' + 'Tiny,c,0,2,2\r\n');
  assert.equal(publishedAtOneDecimal('vacancy_rate_fte'), true);
  assert.equal(publishedAtOneDecimal('stability_index'), true);
  assert.equal(publishedAtOneDecimal('leavers_fte'), false);
  assert.equal(publishedAtOneDecimal('cases'), false);
});

test('XLSX of the same table keeps every digit', async () => {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await tablesToXlsx([table])) as unknown as ArrayBuffer);
  assert.equal(workbook.worksheets[0]!.getCell('B2').value, (2 / 13) * 100);
  assert.equal(workbook.worksheets[0]!.getCell('C2').value, 17.25);
});
