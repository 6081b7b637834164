import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addMonths, costedRecommendations, evaluateIndicator, evaluationDateFor, investmentPerYearTotal, isOverdue, type Recommendation, type SuccessIndicator } from './reviews.ts';

test('the evaluation date is twelve months after the recommendations are agreed unless the scope names one', () => {
  assert.equal(evaluationDateFor({ evaluationDate: null }, '2025-03-12'), '2026-03-12');
  assert.equal(evaluationDateFor({ evaluationDate: '2026-01-31' }, '2025-03-12'), '2026-01-31');
  assert.equal(evaluationDateFor({ evaluationDate: null }, null), null);
});

test('adding months keeps the day, or takes the last day of a shorter month', () => {
  assert.equal(addMonths('2024-01-31', 1), '2024-02-29');
  assert.equal(addMonths('2023-01-31', 1), '2023-02-28');
  assert.equal(addMonths('2024-02-29', 12), '2025-02-28');
  assert.equal(addMonths('2024-11-15', 2), '2025-01-15');
});

test('adding twelve months always lands in the next year, in the same month', () => {
  fc.assert(
    fc.property(fc.date({ min: new Date('1990-01-01'), max: new Date('2090-12-31'), noInvalidDate: true }), (date) => {
      const from = date.toISOString().slice(0, 10);
      const to = addMonths(from, 12);
      assert.equal(Number(to.slice(0, 4)), Number(from.slice(0, 4)) + 1);
      assert.equal(to.slice(5, 7), from.slice(5, 7));
    }),
  );
});

test('an action is overdue after its due date until it is done', () => {
  assert.equal(isOverdue({ dueDate: '2026-01-10', status: 'open' }, '2026-01-11'), true);
  assert.equal(isOverdue({ dueDate: '2026-01-10', status: 'in_progress' }, '2026-01-11'), true);
  assert.equal(isOverdue({ dueDate: '2026-01-10', status: 'open' }, '2026-01-10'), false);
  assert.equal(isOverdue({ dueDate: '2026-01-10', status: 'done' }, '2026-02-01'), false);
});

test('an indicator is met when the figure reaches the target in the direction that is better for its measure', () => {
  const turnover: SuccessIndicator = { description: 'Turnover down', measure: 'turnover_rate_fte', baseline: 20, target: 16 };
  assert.deepEqual(evaluateIndicator(turnover, 15.5), { indicator: turnover, current: 15.5, outcome: 'met', change: -4.5 });
  assert.equal(evaluateIndicator(turnover, 16).outcome, 'met');
  assert.equal(evaluateIndicator(turnover, 17).outcome, 'not_met');
  const staff: SuccessIndicator = { description: 'More staff in post', measure: 'inpost_fte', baseline: 100, target: 110 };
  assert.equal(evaluateIndicator(staff, 112).outcome, 'met');
  assert.equal(evaluateIndicator(staff, 105).outcome, 'not_met');
});

test('an indicator without a measure or target, or without a current figure, is not called met or missed', () => {
  assert.equal(evaluateIndicator({ description: 'Staff feel valued', measure: null, baseline: null, target: null }, null).outcome, 'no_target');
  const noFigure = evaluateIndicator({ description: 'Agency down', measure: 'agency_rate_fte', baseline: 12, target: 8 }, null);
  assert.equal(noFigure.outcome, 'no_figure');
  assert.equal(noFigure.change, null);
});

test('a figure withheld from the reader is neither met nor missed, and shows no change', () => {
  const turnover: SuccessIndicator = { description: 'Turnover down', measure: 'turnover_rate_fte', baseline: 20, target: 16 };
  assert.deepEqual(evaluateIndicator(turnover, 12, true), { indicator: turnover, current: null, outcome: 'withheld', change: null });
});

test('the investment total counts every costed recommendation except those rejected', () => {
  const rec = (response: Recommendation['response'], investmentPerYear: number | null) => ({ response, investmentPerYear });
  const recommendations = [rec('accepted', 120_000), rec('rejected', 50_000), rec('awaiting', 30_000), rec('partly_accepted', null)];
  assert.equal(investmentPerYearTotal(recommendations), 150_000);
  assert.deepEqual(
    costedRecommendations(recommendations).map((r) => r.investmentPerYear),
    [120_000, 30_000],
  );
  assert.equal(investmentPerYearTotal([]), 0);
  // Noted (issue 15) is not agreed to either: it does not count.
  assert.equal(investmentPerYearTotal([rec('noted', 40_000), rec('accepted', 10_000)]), 10_000);
});
