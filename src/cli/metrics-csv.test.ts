import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MEASURE_FIELDS, type CensusMeasures } from '../domain/measures.ts';
import { publishedAtOneDecimal, tableToCsv } from '../reports/tables.ts';
import { measuresTable } from './commands/metrics.ts';

test('retain metrics --csv writes rates and caseloads at one decimal place, counts and FTE as held (JSON stays unrounded)', () => {
  // 2 FTE leavers over 13 FTE in post: turnover 15.384615…%, written 15.4; 213 cases over 12.35 case-holding FTE: 17.246…, written 17.2.
  const measures = Object.fromEntries(MEASURE_FIELDS.map((field) => [field, null])) as unknown as CensusMeasures;
  Object.assign(measures, { inpost_fte: 13, inpost_headcount: 14, leavers_fte: 2, turnover_rate_fte: (2 / 13) * 100, case_holders_fte: 12.35, cases: 213, caseload_fte: 213 / 12.35 });
  const [header, values] = tableToCsv(measuresTable([measures], [], publishedAtOneDecimal), 'keys')
    .trimEnd()
    .split('\r\n');
  const csv = Object.fromEntries(header!.split(',').map((key, index) => [key, values!.split(',')[index]]));
  assert.equal(csv.turnover_rate_fte, '15.4');
  assert.equal(csv.caseload_fte, '17.2');
  assert.equal(csv.case_holders_fte, '12.35');
  assert.equal(csv.cases, '213');
  assert.equal(csv.vacancy_rate_fte, '');
  assert.equal(measures.turnover_rate_fte, (2 / 13) * 100, 'the figures themselves (what --json prints) are not rounded');
});
