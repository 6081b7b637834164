import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EXIT_REASONS, type ExitReason } from './exit-interviews.ts';
import { exitInterviewRateLow, reasonNamedByMajority, regrettableTurnoverRising, type ExitInterviewYear } from './findings-exit-interviews.ts';
import { proposeFindings, type FindingsInput } from './findings.ts';

function year(censusYear: number, overrides: Partial<Omit<ExitInterviewYear, 'reasonCounts'>> & { reasons?: Partial<Record<ExitReason, number>> } = {}): ExitInterviewYear {
  const reasonCounts = Object.fromEntries(EXIT_REASONS.map((code) => [code, overrides.reasons?.[code] ?? 0])) as Record<ExitReason, number>;
  const { reasons: _reasons, ...rest } = overrides;
  return { censusYear, leavers: 20, interviewsCompleted: 12, regrettableLeavers: 6, regrettableTurnoverRate: 3, ...rest, reasonCounts };
}

function input(exitInterviews: ExitInterviewYear[], censusYear = 2025): FindingsInput {
  return { censusYear, regionName: null, years: [], published: [], leavers: null, exitInterviews };
}

test('a reason named by more than half of completed interviews, by at least 5 people, is a weakness', () => {
  const [finding, ...rest] = reasonNamedByMajority(input([year(2025, { interviewsCompleted: 12, reasons: { pay: 7, workload: 6, caseload: 5 } })]));
  assert.equal(rest.length, 0, 'workload is exactly half: not more than half');
  assert.equal(finding?.ruleId, 'exit-reason-majority');
  assert.equal(finding?.statement, 'More than half of the leavers interviewed in 2025 (58.3%, 7 of 12) named pay as a reason for leaving.');
  assert.equal(finding?.group, 'pay');
});

test('the 5-person rule: 4 of 6 naming pay is a majority but proposes nothing', () => {
  assert.deepEqual(reasonNamedByMajority(input([year(2025, { interviewsCompleted: 6, reasons: { pay: 4 } })])), []);
  assert.deepEqual(reasonNamedByMajority(input([year(2025, { interviewsCompleted: 4, reasons: { pay: 4 } })])), []);
});

test('an exit-interview rate below 50% is a weakness; fewer than 5 interviews are not quoted as a number', () => {
  const [low] = exitInterviewRateLow(input([year(2025, { leavers: 30, interviewsCompleted: 9 })]));
  assert.equal(low?.statement, 'Only 9 of the 30 leavers (30.0%) in 2025 had an exit interview, so why most social workers leave is not known.');
  const [few] = exitInterviewRateLow(input([year(2025, { leavers: 30, interviewsCompleted: 2 })]));
  assert.equal(few?.statement, 'Fewer than 5 of the 30 leavers in 2025 had an exit interview, so why most social workers leave is not known.');
  assert.equal(few?.value, null);
  const [none] = exitInterviewRateLow(input([year(2025, { leavers: 30, interviewsCompleted: 0 })]));
  assert.match(none!.statement, /^None of the 30 leavers/);
  assert.deepEqual(exitInterviewRateLow(input([year(2025, { leavers: 30, interviewsCompleted: 15 })])), [], '50% is not below 50%');
  assert.deepEqual(exitInterviewRateLow(input([year(2025, { leavers: 4, interviewsCompleted: 0 })])), [], 'fewer than 5 leavers');
});

test('regrettable turnover rising two years running is a threat, only with at least 5 regrettable leavers each year', () => {
  const rising = [
    year(2023, { regrettableTurnoverRate: 2, regrettableLeavers: 6 }),
    year(2024, { regrettableTurnoverRate: 2.6, regrettableLeavers: 8 }),
    year(2025, { regrettableTurnoverRate: 3.4, regrettableLeavers: 10 }),
  ];
  const [finding] = regrettableTurnoverRising(input(rising));
  assert.equal(finding?.statement, 'Regrettable turnover (leavers the council wanted to keep) has risen two years running, from 2.0% in 2023 to 3.4% in 2025.');
  assert.equal(finding?.swot, 'threat');
  assert.deepEqual(regrettableTurnoverRising(input([rising[0]!, { ...rising[1]!, regrettableLeavers: 4 }, rising[2]!])), []);
  assert.deepEqual(regrettableTurnoverRising(input([rising[0]!, { ...rising[1]!, regrettableTurnoverRate: 2 }, rising[2]!])), []);
  assert.deepEqual(regrettableTurnoverRising(input(rising.slice(1))), [], 'needs three years');
});

test('the exit-interview rules run with the others, and not at all without exit interview data', () => {
  const all = proposeFindings(input([year(2025, { leavers: 30, interviewsCompleted: 9, reasons: { pay: 6 } })]));
  assert.deepEqual(
    all.map((f) => f.ruleId),
    ['exit-reason-majority', 'exit-interview-rate-low'],
  );
  const { exitInterviews: _none, ...withoutExitInterviews } = input([]);
  assert.deepEqual(proposeFindings(withoutExitInterviews), []);
});
