import fc from 'fast-check';
import { LEAVING_REASONS, ROLE_CODES } from '../domain/codes.ts';
import type { IsoDate, VacancyRecord, WorkerRecord } from '../domain/workforce.ts';
import { buildWorker } from './builders.ts';

/** Dates from 2015 to 2027 as ISO text, for property tests that straddle several census years. */
export const arbitraryDate: fc.Arbitrary<IsoDate> = fc
  .date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

/** FTE in hundredths, 0 < fte <= 1, as councils record it. */
export const arbitraryFte = fc.integer({ min: 1, max: 100 }).map((hundredths) => hundredths / 100);

export const arbitraryWorker: fc.Arbitrary<WorkerRecord> = fc
  .record({
    workerId: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'),
    agency: fc.boolean(),
    role: fc.constantFrom(...ROLE_CODES),
    team: fc.constantFrom('Assessment', 'Child Protection', null),
    fte: arbitraryFte,
    startDate: arbitraryDate,
    days: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: null }),
    cases: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
    workingDaysLost: fc.option(
      fc.integer({ min: 0, max: 400 }).map((tenths) => tenths / 10),
      { nil: null },
    ),
    leavingReason: fc.constantFrom(...LEAVING_REASONS),
  })
  .map(({ days, leavingReason, ...fields }) => {
    const endDate = days === null ? null : addDays(fields.startDate, days);
    return buildWorker({ ...fields, endDate, leavingReason: endDate === null ? null : leavingReason });
  });

export const arbitraryVacancy: fc.Arbitrary<VacancyRecord> = fc.record({
  referenceDate: fc.constantFrom('2023-09-30', '2024-09-30', '2025-09-30'),
  vacancyFte: fc.integer({ min: 0, max: 200 }).map((tenths) => tenths / 10),
  agencyCoverFte: fc.integer({ min: 0, max: 200 }).map((tenths) => tenths / 10),
  team: fc.constantFrom('Assessment', 'Child Protection', null),
});

export const arbitraryCensusYear = fc.integer({ min: 2016, max: 2027 });

function addDays(date: IsoDate, days: number): IsoDate {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}
