import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildLeaver, buildWorker } from '../test/builders.ts';
import { quotedSmallFigures, redactSmallFigures, suppressSmallNumbers, withheldFigureTexts } from './disclosure.ts';
import { computeCensusFigures, computeCensusMeasures } from './measures.ts';

const inPost = (count: number) => Array.from({ length: count }, () => buildWorker({ cases: 10 }));

test('figures built from fewer than five people are withheld, with the rates derived from them', () => {
  const workers = [...inPost(12), buildLeaver('2024-03-01'), buildLeaver('2024-04-01')];
  const { measures, people } = computeCensusFigures({ workers, vacancies: [], censusYear: 2024 });
  const disclosed = suppressSmallNumbers(measures, people);
  assert.equal(disclosed.measures.inpost_headcount, 12);
  assert.equal(disclosed.measures.leavers_headcount, null);
  assert.equal(disclosed.measures.turnover_rate_fte, null);
  assert.ok(disclosed.suppressed.has('leavers_fte'));
  assert.ok(disclosed.suppressed.has('turnover_rate_headcount'));
  assert.equal(disclosed.measures.caseload_fte, 10);
});

test('a team of three has every figure about its people withheld but zero counts are shown', () => {
  const { measures, people } = computeCensusFigures({ workers: inPost(3), vacancies: [], censusYear: 2024 });
  const disclosed = suppressSmallNumbers(measures, people);
  assert.equal(disclosed.measures.inpost_fte, null);
  assert.equal(disclosed.measures.caseload_fte, null);
  assert.equal(disclosed.measures.leavers_headcount, 0);
  assert.equal(disclosed.suppressed.has('leavers_headcount'), false);
});

test('five or more people are shown as they are', () => {
  const { measures, people } = computeCensusFigures({ workers: inPost(5), vacancies: [], censusYear: 2024 });
  assert.equal(suppressSmallNumbers(measures, people).suppressed.size, 0);
});

test('a sentence quoting a withheld rate or a count of 1 to 4 people is caught and redacted to [c]', () => {
  const withheld = withheldFigureTexts([
    // A team of 5 in post, 2 of them agency: the agency figures are built from 2 people.
    {
      measures: { ...computeCensusMeasures({ workers: [], vacancies: [], censusYear: 2024 }), agency_rate_fte: (2 / 7) * 100, agency_headcount: 2, inpost_headcount: 5 },
      people: { inpost: 5, starters: 0, leavers: 0, agency: 2, case_holders: 0, absence: 0 },
    },
  ]);
  assert.ok(withheld.includes('28.6%'));
  const sentence = 'Agency workers fill 28.6% of social work FTE in the Fostering team (5 in post, 2 of them agency).';
  assert.deepEqual(
    quotedSmallFigures(sentence, withheld).map((q) => q.text),
    ['28.6%', '2'],
  );
  assert.equal(redactSmallFigures(sentence, withheld), 'Agency workers fill [c] of social work FTE in the Fostering team (5 in post, [c] of them agency).');
  assert.equal(redactSmallFigures('3 of 3 leavers had no recorded reason; two leavers went to agencies.'), '[c] of [c] leavers had no recorded reason; [c] leavers went to agencies.');
});

test('dates, years, larger counts and plans are not small figures', () => {
  for (const text of [
    'Turnover has risen two years running, from 12.0% in 2022 to 14.0% in 2023.',
    '12 of 40 leavers had under two years’ service (30.0%).',
    'Recommendation 3: recruit two social workers by 1 October 2025.',
    'Zero leavers: 0 of 12.',
  ]) {
    assert.deepEqual(quotedSmallFigures(text), [], text);
  }
});
