import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { censusYearStart, referenceDate } from '../domain/census.ts';
import { computeCensusFigures, computeCensusFiguresBy, computeCensusTotals, isCensusRecord } from '../domain/measures.ts';
import type { WorkerRecord } from '../domain/workforce.ts';
import { metricsForCouncils, metricsSeries, figuresByGroup, figuresForYear } from '../reports/metrics.ts';
import { arbitraryVacancy, arbitraryWorker } from '../test/arbitraries.ts';
import { buildVacancy, buildWorker } from '../test/builders.ts';
import { testDatabase } from '../test/db.ts';
import { ensureAuthority } from './authorities.ts';
import { censusTotals } from './census-totals.ts';
import type { OpenDatabase } from './database.ts';
import { upsertVacancies, vacanciesForAuthority } from './vacancies.ts';
import { upsertWorkers, workersForAuthority, workersOverlapping } from './workers.ts';

let opened: OpenDatabase;
before(async () => {
  opened = await testDatabase();
});
after(async () => {
  await opened.close();
});

let councils = 0;

/**
 * FTE as councils record it (hundredths), as hours over a 37-hour week (recurring decimals), or any
 * double: the exact sums round each to a billionth, the same way in SQL and in JavaScript.
 */
const anyFte = fc.oneof(
  fc.constant(null),
  fc.integer({ min: 1, max: 37 * 4 }).map((quarterHours) => quarterHours / 4 / 37),
  fc.double({ min: 1e-9, max: 1, noNaN: true }),
);
const anyDays = fc.oneof(fc.constant(null), fc.double({ min: 0, max: 400, noNaN: true }));

/** A random council: workers (some adults' services, some agency, some two posts), vacancy returns. */
const arbitraryCouncil = fc.record({
  workers: fc.array(
    fc.tuple(arbitraryWorker, fc.boolean(), fc.constantFrom('1', '2', '3'), anyFte, anyDays).map(([worker, adults, suffix, fte, days]) => ({
      ...worker,
      workerId: `${worker.workerId}${suffix}`,
      service: adults ? ('adults' as const) : ('children' as const),
      fte: fte ?? worker.fte,
      workingDaysLost: days === null || worker.workingDaysLost === null ? worker.workingDaysLost : days,
    })),
    { maxLength: 40 },
  ),
  vacancies: fc.array(
    fc.tuple(arbitraryVacancy, fc.option(fc.double({ min: 0, max: 50, noNaN: true }), { nil: null })).map(([row, fte]) => (fte === null ? row : { ...row, vacancyFte: fte })),
    { maxLength: 8 },
  ),
  censusYear: fc.constantFrom(2022, 2023, 2024, 2025),
});

async function storeCouncil(workers: readonly WorkerRecord[], vacancies: ReturnType<typeof buildVacancy>[]): Promise<string> {
  councils += 1;
  const code = `P${councils}`;
  await ensureAuthority(opened.db, code);
  const byKey = new Map(workers.map((record) => [`${record.workerId} ${record.startDate}`, record]));
  await upsertWorkers(opened.db, code, [...byKey.values()], null);
  const byReturn = new Map(vacancies.map((row) => [`${row.referenceDate} ${row.team ?? ''}`, row]));
  await upsertVacancies(opened.db, code, [...byReturn.values()], null);
  return code;
}

test('census totals summed by the database equal the domain’s computeCensusTotals exactly, on random councils', async () => {
  await fc.assert(
    fc.asyncProperty(arbitraryCouncil, async ({ workers, vacancies, censusYear }) => {
      const code = await storeCouncil(workers, vacancies);
      // The reference: the domain function over the records as the metrics have always read them.
      const records = (await workersOverlapping(opened.db, code, censusYearStart(censusYear), referenceDate(censusYear))).filter((record) => isCensusRecord(record));
      const stored = await vacanciesForAuthority(opened.db, code);
      const expected = computeCensusTotals({ workers: records, vacancies: stored, censusYear });
      const [row] = await censusTotals(opened.db, { authorityCodes: [code], censusYears: [censusYear] });
      if (row) assert.deepEqual(row.totals, expected);
      else assert.deepEqual(expected, computeCensusTotals({ workers: [], vacancies: [], censusYear }), 'no row only when there is nothing to count');

      // Figures (rates derived) and groups, through the report functions the CLI and web call.
      const input = { workers: await workersOverlapping(opened.db, code, censusYearStart(censusYear), referenceDate(censusYear)), vacancies: stored, censusYear };
      assert.deepEqual(await figuresForYear(opened.db, code, censusYear), computeCensusFigures(input));
      assert.deepEqual(await figuresByGroup(opened.db, code, censusYear, 'team'), computeCensusFiguresBy(input, 'team'));
      assert.deepEqual(await figuresByGroup(opened.db, code, censusYear, 'role'), computeCensusFiguresBy(input, 'role'));
    }),
    { numRuns: 40 },
  );
});

test('every census year of a council comes from one statement, equal to the domain over all its records', async () => {
  await fc.assert(
    fc.asyncProperty(arbitraryCouncil, async ({ workers, vacancies }) => {
      const code = await storeCouncil(workers, vacancies);
      const all = await workersForAuthority(opened.db, code);
      const stored = await vacanciesForAuthority(opened.db, code);
      const series = await metricsSeries(opened.db, code);
      for (const entry of series.series) {
        const { censusYear, ...figures } = entry;
        assert.deepEqual(figures, computeCensusFigures({ workers: all, vacancies: stored, censusYear }));
      }
    }),
    { numRuns: 15 },
  );
});

test('many councils in one statement: each council’s measures as if computed alone, an empty council all zeros', async () => {
  const a = await storeCouncil(
    [
      buildWorker({ workerId: 'A', fte: 0.1, startDate: '2020-01-01' }),
      buildWorker({ workerId: 'B', fte: 0.2, startDate: '2021-01-01' }),
      buildWorker({ workerId: 'C', fte: 0.7, startDate: '2024-01-01', agency: true }),
    ],
    [buildVacancy({ referenceDate: '2024-09-30', vacancyFte: 2, agencyCoverFte: 0.5 })],
  );
  const b = await storeCouncil([buildWorker({ workerId: 'X', fte: 1, startDate: '2023-11-01' })], []);
  const empty = await storeCouncil([], []);
  const measures = await metricsForCouncils(opened.db, [a, b, empty], 2024);
  // Summed exactly (exactUnits): 0.3, not the 0.30000000000000004 that adding the floats gives.
  assert.equal(measures.get(a)!.inpost_fte, 0.3);
  assert.equal(measures.get(a)!.agency_fte, 0.7);
  assert.equal(measures.get(a)!.vacancy_fte, 2);
  assert.equal(measures.get(b)!.starters_headcount, 1);
  assert.equal(measures.get(b)!.vacancy_fte, null);
  assert.equal(measures.get(empty)!.inpost_headcount, 0);
  assert.equal(measures.get(empty)!.turnover_rate_fte, null);
});
