import { addYears, inPostOn } from './census.ts';
import { groupRecords, isCensusRecord, percentage, sumFte } from './measures.ts';
import type { IsoDate, WorkerRecord } from './workforce.ts';

/**
 * Retention measures beyond the census, at any date. Like the census they count employed
 * (not agency) children's services records, and take the date as an argument: a measure never
 * asks for "now".
 */

function employed(workers: readonly WorkerRecord[]): WorkerRecord[] {
  return workers.filter((record) => !record.agency && isCensusRecord(record));
}

export interface RollingTurnover {
  /** The window is the 12 months ending on `date`: after the same day a year earlier, up to and including `date`. */
  from: IsoDate;
  to: IsoDate;
  leavers_fte: number;
  leavers_headcount: number;
  inpost_fte: number;
  inpost_headcount: number;
  turnover_rate_fte: number | null;
  turnover_rate_headcount: number | null;
}

/**
 * Rolling 12-month turnover at `date`: employed leavers whose last day falls in the 12 months
 * ending on `date`, over employed FTE (or headcount) in post on `date`. On a census reference
 * date (30 September) this is exactly the census turnover rate.
 */
export function rollingTurnover(workers: readonly WorkerRecord[], date: IsoDate): RollingTurnover {
  const yearBefore = addYears(date, -1);
  const records = employed(workers);
  const leavers = records.filter((record) => record.endDate !== null && record.endDate > yearBefore && record.endDate <= date);
  const inPost = records.filter((record) => inPostOn(record, date));
  // Summed as the census measures sum FTE, so that on a reference date this is their turnover to the bit.
  const leaversFte = sumFte(leavers);
  const inpostFte = sumFte(inPost);
  const leaversHeadcount = new Set(leavers.map((record) => record.workerId)).size;
  const inpostHeadcount = new Set(inPost.map((record) => record.workerId)).size;
  return {
    from: nextDay(yearBefore),
    to: date,
    leavers_fte: leaversFte,
    leavers_headcount: leaversHeadcount,
    inpost_fte: inpostFte,
    inpost_headcount: inpostHeadcount,
    turnover_rate_fte: percentage(leaversFte, inpostFte),
    turnover_rate_headcount: percentage(leaversHeadcount, inpostHeadcount),
  };
}

export interface StabilityIndex {
  /** Workers in post a year before `date`. */
  inPostYearAgo: number;
  /** Of those, workers still in post on `date` (in any post: a move within the council keeps service). */
  stillInPost: number;
  /** stillInPost / inPostYearAgo * 100; null when nobody was in post a year ago. */
  stability_index: number | null;
}

/**
 * Stability index at `date`: of the workers (headcount, distinct worker ids) in post a year
 * earlier, the share still in post on `date`, i.e. workers with a year's service or more today
 * over workers in post a year ago.
 */
export function stabilityIndex(workers: readonly WorkerRecord[], date: IsoDate): StabilityIndex {
  const records = employed(workers);
  const yearAgo = addYears(date, -1);
  const then = new Set(records.filter((record) => inPostOn(record, yearAgo)).map((record) => record.workerId));
  const now = new Set(records.filter((record) => inPostOn(record, date)).map((record) => record.workerId));
  const stillInPost = [...then].filter((workerId) => now.has(workerId)).length;
  return { inPostYearAgo: then.size, stillInPost, stability_index: percentage(stillInPost, then.size) };
}

export interface ServiceLengthShare {
  inPost: number;
  underTwoYears: number;
  /** underTwoYears / inPost * 100; null when nobody is in post. */
  share_under_two_years: number | null;
}

/**
 * Share of employed workers in post on `date` with under two years' service. A worker's service
 * starts at the earliest start date of any of their employed posts, so moving post inside the
 * council does not reset it.
 */
export function shareUnderTwoYearsService(workers: readonly WorkerRecord[], date: IsoDate): ServiceLengthShare {
  const records = employed(workers);
  const serviceStart = new Map<string, IsoDate>();
  for (const record of records) {
    if (record.startDate > date) continue;
    const known = serviceStart.get(record.workerId);
    if (known === undefined || record.startDate < known) serviceStart.set(record.workerId, record.startDate);
  }
  const twoYearsAgo = addYears(date, -2);
  const inPost = new Set(records.filter((record) => inPostOn(record, date)).map((record) => record.workerId));
  const underTwoYears = [...inPost].filter((workerId) => (serviceStart.get(workerId) ?? date) > twoYearsAgo).length;
  return { inPost: inPost.size, underTwoYears, share_under_two_years: percentage(underTwoYears, inPost.size) };
}

export interface RetentionSummary {
  group: string;
  rolling: RollingTurnover;
  stability: StabilityIndex;
  serviceLength: ServiceLengthShare;
}

/** The three retention measures at `date` for each group of records (by team, role, grade or any key). */
export function retentionBy(workers: readonly WorkerRecord[], date: IsoDate, keyOf: (record: WorkerRecord) => string): RetentionSummary[] {
  return [...groupRecords(workers, keyOf)]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, records]) => ({
      group,
      rolling: rollingTurnover(records, date),
      stability: stabilityIndex(records, date),
      serviceLength: shareUnderTwoYearsService(records, date),
    }));
}

function nextDay(date: IsoDate): IsoDate {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + 1);
  return value.toISOString().slice(0, 10);
}
