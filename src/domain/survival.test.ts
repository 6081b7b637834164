import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildLeaver, buildWorker } from '../test/builders.ts';
import { kaplanMeier, logLogLimits, retentionCurve, spellsAt, spellsOf, survivalCurve, survivalFigures } from './survival.ts';

const near = (actual: number | null, expected: number, digits = 9) => {
  assert.notEqual(actual, null);
  assert.ok(Math.abs(actual! - expected) < 10 ** -digits, `${actual} is not ${expected}`);
};

test('a re-joiner within 31 days of leaving continues the same spell; 32 days later starts a new one', () => {
  const posts = [
    buildLeaver('2021-12-31', { workerId: 'R', startDate: '2020-01-01' }),
    buildLeaver('2023-06-30', { workerId: 'R', startDate: '2022-01-31' }), // 31 days after 2021-12-31
    buildWorker({ workerId: 'R', startDate: '2023-08-01' }), // 32 days after 2023-06-30
  ];
  const spells = spellsOf(posts, '2025-09-30');
  assert.equal(spells.length, 2);
  assert.deepEqual(
    spells.map(({ start, lastDay, left, days }) => ({ start, lastDay, left, days })),
    [
      { start: '2020-01-01', lastDay: '2023-06-30', left: true, days: 1277 },
      { start: '2023-08-01', lastDay: '2025-09-30', left: false, days: 792 },
    ],
  );
});

test('chaining measures from the latest end so far, and an open post keeps the chain open', () => {
  const posts = [
    buildWorker({ workerId: 'C', startDate: '2020-01-01' }), // open
    buildLeaver('2020-06-30', { workerId: 'C', startDate: '2020-03-01' }),
    buildLeaver('2024-12-31', { workerId: 'C', startDate: '2024-01-01' }), // years later, still inside the open spell
  ];
  const spells = spellsOf(posts, '2025-09-30');
  assert.equal(spells.length, 1);
  assert.equal(spells[0]!.left, false);
  assert.equal(spells[0]!.lastDay, '2025-09-30');
  // A long post then a short one: the chain is measured from the long post's end.
  const overlapping = spellsOf(
    [
      buildLeaver('2023-12-31', { workerId: 'O', startDate: '2020-01-01' }),
      buildLeaver('2021-01-31', { workerId: 'O', startDate: '2021-01-01' }),
      buildLeaver('2024-12-31', { workerId: 'O', startDate: '2024-01-20' }),
    ],
    '2025-09-30',
  );
  assert.equal(overlapping.length, 1);
  assert.equal(overlapping[0]!.lastDay, '2024-12-31');
});

test('posts starting after the date are ignored and an end after it is treated as empty (censored on the date)', () => {
  const spells = spellsOf([buildLeaver('2026-03-31', { workerId: 'F', startDate: '2025-01-01' }), buildWorker({ workerId: 'F', startDate: '2025-12-01' })], '2025-09-30');
  assert.deepEqual(
    spells.map(({ lastDay, left, days }) => ({ lastDay, left, days })),
    [{ lastDay: '2025-09-30', left: false, days: 273 }],
  );
  // Ending on the date itself is a leaving on that day.
  const onTheDay = spellsOf([buildLeaver('2025-09-30', { workerId: 'G', startDate: '2025-09-01' })], '2025-09-30');
  assert.deepEqual(
    onTheDay.map(({ left, days }) => ({ left, days })),
    [{ left: true, days: 30 }],
  );
});

test("agency and adults' services posts are not spells", () => {
  const spells = spellsAt([buildWorker({ agency: true }), buildWorker({ service: 'adults' }), buildWorker()], '2025-09-30');
  assert.equal(spells.length, 1);
});

test('Kaplan-Meier: ties of leavings share a step and a censoring at the same length still counts at risk', () => {
  const steps = kaplanMeier([
    { days: 100, left: true },
    { days: 100, left: true },
    { days: 100, left: false },
    { days: 200, left: true },
    { days: 300, left: false },
  ]);
  assert.deepEqual(
    steps.map(({ days, atRisk, leavings }) => ({ days, atRisk, leavings })),
    [
      { days: 100, atRisk: 5, leavings: 2 },
      { days: 200, atRisk: 2, leavings: 1 },
    ],
  );
  near(steps[0]!.survival, 0.6);
  near(steps[1]!.survival, 0.3);
  near(steps[0]!.greenwood, 2 / (5 * 3));
  near(steps[1]!.greenwood, 2 / 15 + 1 / 2);
});

test('survival at 12 months, its log-log limits and the median, worked by hand', () => {
  // 10 spells: leavings at 100, 200 and 400 days; censored at 50, 500 (x4) and 800 (x2).
  const spells = [
    { days: 50, left: false },
    { days: 100, left: true },
    { days: 200, left: true },
    { days: 400, left: true },
    ...Array.from({ length: 4 }, () => ({ days: 500, left: false })),
    { days: 800, left: false },
    { days: 800, left: false },
  ];
  const figures = survivalFigures(spells);
  assert.equal(figures.spells, 10);
  assert.equal(figures.leavings, 3);
  // At risk: 100 -> 9, 200 -> 8. S(365.25) = 8/9 * 7/8 = 7/9.
  const s12 = 7 / 9;
  near(figures.survival_12m, s12 * 100);
  const greenwood = 1 / (9 * 8) + 1 / (8 * 7);
  const spread = (1.96 * Math.sqrt(greenwood)) / Math.abs(Math.log(s12));
  near(figures.survival_12m_low, s12 ** Math.exp(spread) * 100);
  near(figures.survival_12m_high, s12 ** Math.exp(-spread) * 100);
  assert.ok(figures.survival_12m_low! < figures.survival_12m! && figures.survival_12m! < figures.survival_12m_high!);
  // Spells of 731 days or longer: only 2, so 24 months is null, limits too.
  assert.equal(figures.survival_24m, null);
  assert.equal(figures.survival_24m_low, null);
  assert.equal(figures.survival_24m_high, null);
  // S never reaches 0.5 (7/9 * 6/7 = 2/3 at 400 days).
  assert.equal(figures.median_months, null);
});

test('the median is the smallest leaving length at which S <= 0.5, in months of 30.4375 days', () => {
  const spells = [100, 200, 300, 400].map((days) => ({ days, left: true }));
  // S: 0.75, 0.5 -> median at 200 days.
  assert.equal(survivalFigures(spells).median_months, 200 / 30.4375);
});

test('survival is null when fewer than 5 spells have that length or longer (365.25 days means 366 or more)', () => {
  const five365 = Array.from({ length: 5 }, () => ({ days: 365, left: false }));
  assert.equal(survivalFigures(five365).survival_12m, null);
  const five366 = Array.from({ length: 5 }, () => ({ days: 366, left: false }));
  assert.equal(survivalFigures(five366).survival_12m, 100);
  assert.equal(survivalFigures(five366).survival_12m_low, 100);
});

test('log-log limits stay within 0..1 and bracket the estimate', () => {
  const { low, high } = logLogLimits(0.5, 0.02);
  assert.ok(low > 0 && low < 0.5 && high > 0.5 && high < 1);
});

test('property: survival never increases, and equals the simple proportion still there when nothing is censored', () => {
  fc.assert(
    fc.property(fc.array(fc.record({ days: fc.integer({ min: 1, max: 3000 }), left: fc.boolean() }), { maxLength: 60 }), (spells) => {
      const steps = kaplanMeier(spells);
      for (let i = 1; i < steps.length; i++) assert.ok(steps[i]!.survival <= steps[i - 1]!.survival);
      for (const step of steps) assert.ok(step.survival >= 0 && step.survival <= 1);
    }),
  );
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 3000 }), (lengths, t) => {
      const steps = kaplanMeier(lengths.map((days) => ({ days, left: true })));
      let survival = 1;
      for (const step of steps) if (step.days <= t) survival = step.survival;
      const stillThere = lengths.filter((days) => days > t).length / lengths.length;
      assert.ok(Math.abs(survival - stillThere) < 1e-9);
    }),
  );
});

test("retention curve by start origin, role, team and cohort keys groups by the spell's first post", () => {
  const workers = [
    buildWorker({ workerId: 'A', startDate: '2023-11-01', startOrigin: 'newly_qualified', team: 'North' }),
    buildLeaver('2024-03-31', { workerId: 'B', startDate: '2022-10-01', startOrigin: null, role: 'team_manager' }),
    buildWorker({ workerId: 'B', startDate: '2024-04-15', startOrigin: 'another_english_la', role: 'case_holder', team: 'South' }),
  ];
  const byOrigin = retentionCurve(workers, '2025-09-30', 'start_origin');
  assert.deepEqual(
    byOrigin.groups!.map((group) => [group.key, group.spells]),
    [
      ['newly_qualified', 1],
      ['not_known', 1],
    ],
  );
  const byCohort = retentionCurve(workers, '2025-09-30', 'cohort');
  assert.deepEqual(
    byCohort.groups!.map((group) => group.key),
    [2023, 2024],
  );
  const byRole = retentionCurve(workers, '2025-09-30', 'role');
  assert.deepEqual(
    byRole.groups!.map((group) => group.key),
    ['case_holder', 'team_manager'],
  );
  const byTeam = retentionCurve(workers, '2025-09-30', 'team');
  assert.deepEqual(
    byTeam.groups!.map((group) => group.key),
    ['(no team)', 'North'],
  );
});

test('the drawn curve starts at 100% and stops where fewer than 5 are at risk', () => {
  const spells = [1, 2, 3, 4, 5, 6].map((months) => ({ days: Math.round(months * 30.4375), left: true }));
  const curve = survivalCurve(spells);
  assert.equal(curve[0]!.survival, 100);
  assert.deepEqual(
    curve.map((point) => point.atRisk),
    [6, 6, 5],
  );
});
