import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildLeaver, buildWorker } from '../test/builders.ts';
import { earlyWarning, forecastFrom, funnelLimits, leavingChances, significanceOf } from './early-warning.ts';
import { spellsAt } from './survival.ts';

const near = (actual: number, expected: number, digits = 3) => assert.ok(Math.abs(actual - expected) < 10 ** -digits, `${actual} is not ${expected}`);

test('funnel limits narrow as the group grows: p 15%, 20 people, then 200', () => {
  const small = funnelLimits(0.15, 20);
  near(small.upper95, 0.3065);
  assert.equal(small.lower95, 0);
  near(small.upper998, 0.3967);
  const large = funnelLimits(0.15, 200);
  near(large.lower95, 0.1005);
  near(large.upper95, 0.1995);
});

test('one leaver in a team of 5 is within chance; the same rate over 200 people is not', () => {
  // 1 of 5 (20%) against a council rate of 15%: within the funnel.
  assert.equal(significanceOf(0.2, 5, 0.15), 'within');
  // 40% of 200 is far above.
  assert.equal(significanceOf(0.4, 200, 0.15), 'above_998');
  assert.equal(significanceOf(0.21, 200, 0.15), 'above_95');
  assert.equal(significanceOf(0.05, 200, 0.15), 'below_998');
});

test("the forecast sums each person's chance, with a 95% interval on whole people", () => {
  const forecast = forecastFrom([0.5, 0.5, 0.5, 0.5]);
  assert.equal(forecast.expected, 2);
  // sd = sqrt(4 x 0.25) = 1; 2 ± 1.96.
  assert.deepEqual([forecast.low, forecast.high, forecast.people], [0, 4, 4]);
});

test("a person's chance of leaving in 12 months is 1 - S(L + 365) / S(L) from their role's curve", () => {
  // Ten case holders: five left at 200 days, five still in post at 100 days (censored).
  const workers = [
    ...Array.from({ length: 5 }, (_, i) => buildLeaver('2025-07-19', { workerId: `L${i}`, startDate: '2025-01-01' })), // 200 days
    ...Array.from({ length: 5 }, (_, i) => buildWorker({ workerId: `S${i}`, startDate: '2025-06-23' })), // 100 days at 2025-09-30
  ];
  const spells = spellsAt(workers, '2025-09-30');
  const chances = [...leavingChances(spells).values()];
  // S(100) = 1; S(465) = 1 - 5/5 (all at risk at 200 left) = 0: chance 1.
  assert.deepEqual(chances, [1, 1, 1, 1, 1]);
});

test('early warning ranks teams by flags with a reason for each, and never names anyone', () => {
  const date = '2025-09-30';
  const workers = [
    // North: 10 in post, 6 left in the year (3 recently), agency heavy.
    ...Array.from({ length: 10 }, (_, i) => buildWorker({ workerId: `N${i}`, team: 'North', startDate: '2020-01-01' })),
    ...Array.from({ length: 6 }, (_, i) => buildLeaver(i < 3 ? '2025-08-31' : '2025-01-31', { workerId: `NL${i}`, team: 'North', startDate: '2020-01-01' })),
    ...Array.from({ length: 4 }, (_, i) => buildWorker({ workerId: `NA${i}`, team: 'North', agency: true, startDate: '2025-01-01' })),
    // South: 30 in post, 1 leaver.
    ...Array.from({ length: 30 }, (_, i) => buildWorker({ workerId: `S${i}`, team: 'South', startDate: '2019-01-01' })),
    buildLeaver('2025-02-28', { workerId: 'SL0', team: 'South', startDate: '2019-01-01' }),
  ];
  const warning = earlyWarning(workers, date, []);
  assert.deepEqual(
    warning.teams.map((t) => t.team),
    ['North', 'South'],
  );
  const north = warning.teams[0]!;
  assert.equal(north.flags, 3);
  assert.match(north.reasons[0]!, /Turnover of 60\.0% .* above the council’s 17\.5%/);
  assert.match(north.reasons[1]!, /Agency workers are 28\.6% of its FTE/);
  assert.match(north.reasons[2]!, /3 employed people have left in the last 3 months/);
  assert.equal(warning.teams[1]!.flags, 0);
  assert.ok(!north.reasons.join(' ').match(/N\d|NL\d/));
  assert.equal(warning.council.forecast.people, 40);
});

test('for viewers, teams under 5 in post are left out and 1 to 4 leavers are never given away', () => {
  const workers = [
    ...Array.from({ length: 8 }, (_, i) => buildWorker({ workerId: `E${i}`, team: 'East', startDate: '2020-01-01' })),
    ...Array.from({ length: 3 }, (_, i) => buildLeaver('2025-09-01', { workerId: `EL${i}`, team: 'East', startDate: '2020-01-01' })),
    ...Array.from({ length: 40 }, (_, i) => buildWorker({ workerId: `W${i}`, team: 'West', startDate: '2020-01-01' })),
    ...Array.from({ length: 3 }, (_, i) => buildWorker({ workerId: `T${i}`, team: 'Tiny', startDate: '2020-01-01' })),
  ];
  const warning = earlyWarning(workers, '2025-09-30', [], { withholdSmallNumbers: true });
  assert.deepEqual(warning.teams.map((t) => t.team).sort(), ['East', 'West']);
  const east = warning.teams.find((t) => t.team === 'East')!;
  assert.equal(east.turnoverRate, null);
  assert.equal(east.recentLeavers, -1);
  assert.ok(east.reasons.includes('Between 2 and 4 employed people have left in the last 3 months.'));
  assert.ok(!east.reasons.join(' ').includes('27.3%'));
});
