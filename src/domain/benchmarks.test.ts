import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildBenchmarkSeries, buildComparison, median, neighbourMedian, parseNeighbourCodes, rowHasLaCode, suppressionSymbolOf, type PublishedRow } from './benchmarks.ts';
import { MEASURE_FIELDS, type CensusMeasures } from './measures.ts';

function publishedRow(overrides: Partial<PublishedRow> = {}): PublishedRow {
  return {
    timePeriod: 2024,
    geographicLevel: 'Local authority',
    regionCode: 'E12000001',
    regionName: 'North East',
    oldLaCode: null,
    newLaCode: null,
    laName: null,
    figures: {},
    symbols: {},
    ...overrides,
  };
}

function measures(overrides: Partial<CensusMeasures> = {}): CensusMeasures {
  const base = Object.fromEntries(MEASURE_FIELDS.map((field) => [field, 0])) as unknown as CensusMeasures;
  return { ...base, ...overrides };
}

test('the median of an odd count is the middle value and of an even count the mean of the middle two', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([7]), 7);
});

test('the median leaves out unknown figures and is null when none is known', () => {
  assert.equal(median([null, 10, undefined, 20, null]), 15);
  assert.equal(median([null, null]), null);
  assert.equal(median([]), null);
});

test('the median lies between the smallest and largest known value and ignores order', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(null)), { minLength: 1 }), (values) => {
      const known = values.filter((value): value is number => value !== null);
      const result = median(values);
      if (known.length === 0) return result === null;
      return result !== null && result >= Math.min(...known) && result <= Math.max(...known) && result === median([...values].reverse());
    }),
  );
});

test('the neighbour median is over the neighbours that published the figure, and says how many', () => {
  const rows = [
    publishedRow({ figures: { turnover_rate_fte: 10 } }),
    publishedRow({ figures: { turnover_rate_fte: null }, symbols: { turnover_rate_fte: 'c' } }),
    publishedRow({ figures: { turnover_rate_fte: 20 } }),
    publishedRow({ figures: { turnover_rate_fte: 12 } }),
  ];
  assert.deepEqual(neighbourMedian(rows, 'turnover_rate_fte'), { median: 12, count: 3 });
  assert.deepEqual(neighbourMedian(rows, 'caseload_fte'), { median: null, count: 0 });
});

test('suppression symbols are recognised in any case and nothing else is one', () => {
  assert.equal(suppressionSymbolOf(' LOW '), 'low');
  assert.equal(suppressionSymbolOf(':'), ':');
  assert.equal(suppressionSymbolOf('0'), null);
  assert.equal(suppressionSymbolOf('n/a'), null);
});

test('an LA code matches a published row by its old or its new code, ignoring case', () => {
  const row = publishedRow({ oldLaCode: '840', newLaCode: 'E06000047' });
  assert.ok(rowHasLaCode(row, '840'));
  assert.ok(rowHasLaCode(row, 'e06000047'));
  assert.ok(!rowHasLaCode(row, '841'));
});

test('a comparison sets our figure beside England, region, neighbour median and our published row for every measure', () => {
  const comparison = buildComparison({
    censusYear: 2024,
    ours: measures({ turnover_rate_fte: 15.04, inpost_fte: 100 }),
    benchmarkYear: 2024,
    releaseId: 7,
    latestPublishedYear: 2024,
    region: { code: 'E12000001', name: 'North East' },
    england: publishedRow({ geographicLevel: 'National', figures: { turnover_rate_fte: 13.9 } }),
    regionRow: publishedRow({ geographicLevel: 'Regional', figures: { turnover_rate_fte: 14 } }),
    neighbourCodes: ['841', 'E08000037', '999'],
    neighbourRows: [
      publishedRow({ oldLaCode: '841', newLaCode: 'E06000005', figures: { turnover_rate_fte: 11.5 } }),
      publishedRow({ oldLaCode: '390', newLaCode: 'E08000037', figures: { turnover_rate_fte: 15.4 } }),
    ],
    own: publishedRow({ oldLaCode: '840', figures: { turnover_rate_fte: null }, symbols: { turnover_rate_fte: 'x' } }),
  });
  assert.deepEqual(
    comparison.rows.map((row) => row.field),
    [...MEASURE_FIELDS],
  );
  const turnover = comparison.rows.find((row) => row.field === 'turnover_rate_fte');
  assert.deepEqual(turnover, {
    field: 'turnover_rate_fte',
    ours: 15.04,
    england: 13.9,
    region: 14,
    neighbourMedian: 13.45,
    neighbourCount: 2,
    published: null,
    symbols: { england: null, region: null, published: 'x' },
  });
  assert.deepEqual(comparison.neighbours, { named: ['841', 'E08000037', '999'], found: ['841', 'E08000037'], missing: ['999'] });
  assert.equal(comparison.ownPublished, true);
  assert.equal(comparison.benchmarkYear, 2024);
  assert.equal(comparison.releaseId, 7);
  const caseload = comparison.rows.find((row) => row.field === 'caseload_fte');
  assert.equal(caseload?.england, null, 'a figure the published row lacks is null, not 0');
});

test('a comparison for a year with no published data has our figures and null benchmarks', () => {
  const comparison = buildComparison({
    censusYear: 2025,
    ours: measures({ inpost_fte: 12 }),
    benchmarkYear: null,
    releaseId: null,
    latestPublishedYear: 2024,
    region: { code: null, name: null },
    england: null,
    regionRow: null,
    neighbourCodes: ['841'],
    neighbourRows: [],
    own: null,
  });
  assert.equal(comparison.benchmarkYear, null);
  assert.equal(comparison.latestPublishedYear, 2024);
  assert.deepEqual(comparison.neighbours.missing, ['841']);
  const inPost = comparison.rows.find((row) => row.field === 'inpost_fte');
  assert.deepEqual(
    { ours: inPost?.ours, england: inPost?.england, neighbourMedian: inPost?.neighbourMedian, neighbourCount: inPost?.neighbourCount },
    { ours: 12, england: null, neighbourMedian: null, neighbourCount: 0 },
  );
});

test('a benchmark series runs oldest year first with the neighbour median of each year', () => {
  const series = buildBenchmarkSeries('vacancy_rate_fte', [
    {
      year: 2024,
      england: publishedRow({ figures: { vacancy_rate_fte: 17.3 } }),
      region: null,
      neighbours: [publishedRow({ figures: { vacancy_rate_fte: 10 } }), publishedRow({ figures: { vacancy_rate_fte: 20 } })],
      own: publishedRow({ figures: { vacancy_rate_fte: 13.2 } }),
    },
    { year: 2023, england: publishedRow({ figures: { vacancy_rate_fte: 20.1 } }), region: null, neighbours: [], own: null },
  ]);
  assert.deepEqual(series, {
    field: 'vacancy_rate_fte',
    years: [2023, 2024],
    england: [20.1, 17.3],
    region: [null, null],
    neighbourMedian: [null, 15],
    published: [null, 13.2],
  });
});

test('neighbour codes are read from a list or text, upper-cased, de-duplicated, with malformed ones set aside', () => {
  assert.deepEqual(parseNeighbourCodes(' 841, e06000005;390  390\nE0600000X'), { codes: ['841', 'E06000005', '390'], invalid: ['E0600000X'] });
  assert.deepEqual(parseNeighbourCodes(['202', 'Camden', '']), { codes: ['202'], invalid: ['Camden'] });
  assert.deepEqual(parseNeighbourCodes(''), { codes: [], invalid: [] });
});
