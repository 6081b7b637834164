import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_RISK_THRESHOLDS, riskText, risksOf } from './at-risk.ts';

test('a group is at risk when a figure is strictly above its threshold, and a withheld figure flags nothing', () => {
  // The doc comment's worked example.
  assert.deepEqual(risksOf({ turnover_rate_fte: 22.5, vacancy_rate_fte: 20, caseload_fte: null }, DEFAULT_RISK_THRESHOLDS), ['turnover rate (FTE) above 20%']);
  assert.deepEqual(risksOf({ turnover_rate_fte: 20, vacancy_rate_fte: 20.01, caseload_fte: 25 }, DEFAULT_RISK_THRESHOLDS), ['vacancy rate (FTE) above 20%', 'average caseload above 20 cases per FTE']);
  assert.deepEqual(risksOf({}, DEFAULT_RISK_THRESHOLDS), []);
  assert.deepEqual(risksOf({ caseload_fte: 19 }, { ...DEFAULT_RISK_THRESHOLDS, caseload_fte: 18 }), [riskText('caseload_fte', 18)]);
  assert.equal(riskText('caseload_fte', 18), 'average caseload above 18 cases per FTE');
});
