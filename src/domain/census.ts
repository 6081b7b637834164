import type { IsoDate, WorkerRecord } from './workforce.ts';

/**
 * The DfE census year Y runs from 1 October Y-1 to 30 September Y inclusive; its reference date
 * is 30 September Y.
 */
export function referenceDate(censusYear: number): IsoDate {
  return `${censusYear}-09-30`;
}

export function censusYearStart(censusYear: number): IsoDate {
  return `${censusYear - 1}-10-01`;
}

/** The census year a date falls in: dates from 1 October belong to the next year's census. */
export function censusYearOf(date: IsoDate): number {
  const year = Number(date.slice(0, 4));
  return date.slice(5) >= '10-01' ? year + 1 : year;
}

export function isInCensusYear(date: IsoDate, censusYear: number): boolean {
  return date >= censusYearStart(censusYear) && date <= referenceDate(censusYear);
}

/**
 * In post on day D: started on or before D and not yet left. `end_date` is the last day in post,
 * yet a record whose end date is D is *not* in post on D (the contract's rule, so that a worker
 * leaving on 30 September is a leaver in that year and not counted in post on its reference date).
 */
export function inPostOn(record: Pick<WorkerRecord, 'startDate' | 'endDate'>, date: IsoDate): boolean {
  return record.startDate <= date && (record.endDate === null || record.endDate > date);
}

export function isLeaverIn(record: Pick<WorkerRecord, 'endDate'>, censusYear: number): boolean {
  return record.endDate !== null && isInCensusYear(record.endDate, censusYear);
}

export function isStarterIn(record: Pick<WorkerRecord, 'startDate'>, censusYear: number): boolean {
  return isInCensusYear(record.startDate, censusYear);
}

/** Working days in a census year, for the absence rate: 254 when the year holds 29 February, else 253. */
export function workingDaysInCensusYear(censusYear: number): number {
  // The census year Y holds February of calendar year Y.
  return isLeapYear(censusYear) ? 254 : 253;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The same day `years` years earlier or later; 29 February becomes 28 February in a common year. */
export function addYears(date: IsoDate, years: number): IsoDate {
  const year = Number(date.slice(0, 4)) + years;
  let rest = date.slice(4);
  if (rest === '-02-29' && !isLeapYear(year)) rest = '-02-28';
  return `${String(year).padStart(4, '0')}${rest}`;
}

/**
 * The census years an extract covers: from the year of its earliest leaver or vacancy return (HR
 * extracts hold leavers only from when the system started, so earlier years would show no
 * turnover) to the year of its latest date. Falls back to the earliest start when nobody has left.
 */
export function censusYearsCovered(dates: { starts: readonly IsoDate[]; ends: readonly IsoDate[]; returns: readonly IsoDate[] }): number[] {
  const history = [...dates.ends, ...dates.returns];
  const all = [...dates.starts, ...history];
  if (all.length === 0) return [];
  const first = censusYearOf(minDate(history.length > 0 ? history : dates.starts));
  const last = censusYearOf(maxDate(all));
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}

function minDate(dates: readonly IsoDate[]): IsoDate {
  return dates.reduce((min, date) => (date < min ? date : min));
}

function maxDate(dates: readonly IsoDate[]): IsoDate {
  return dates.reduce((max, date) => (date > max ? date : max));
}
