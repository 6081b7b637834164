import { sql } from 'kysely';
import { NO_TEAM, type CensusTotals, type GroupBy } from '../domain/measures.ts';
import type { IsoDate } from '../domain/workforce.ts';
import type { Db } from './database.ts';

/**
 * The census totals (src/domain/measures.ts computeCensusTotals) summed by the database: one
 * statement for any number of councils and census years, optionally by team or role, reading only
 * the seven columns the measures use instead of bringing every record into JavaScript.
 *
 * The pure domain function stays the reference: census-totals.test.ts holds these equal to it,
 * exactly, on random councils on both engines. Exactly, not nearly, because:
 * - each FTE (and working days lost) sum adds the same values in the same order as the domain
 *   does over records read `order by worker_id, start_date`: `sum(fte order by worker_id,
 *   start_date)`, and PostgreSQL's sum of double precision adds one value at a time, as the
 *   JavaScript loop does, so the floating-point result is the same to the last bit;
 * - vacancy sums are in the order vacanciesForAuthority reads them (by team);
 * - headcounts are `count(distinct worker_id)`, cases an integer sum.
 * Records are children's services ones (isCensusRecord) that overlap the census year, as
 * workersOverlapping reads them; a record's flags are the domain's inPostOn, isStarterIn and isLeaverIn.
 */

export interface TotalsRequest {
  authorityCodes: readonly string[];
  censusYears: readonly number[];
  /** Totals per team or per role; the council as a whole when not given. */
  by?: GroupBy | undefined;
}

export interface TotalsRow {
  authorityCode: string;
  censusYear: number;
  /** The team (NO_TEAM for records without one) or role; null for the council as a whole. */
  group: string | null;
  totals: CensusTotals;
  /**
   * Whether the group exists for computeCensusFiguresBy: it has census records overlapping the
   * year, or (by team) a named team's vacancy row at the reference date.
   */
  listed: boolean;
}

interface Row {
  authority_code: string;
  census_year: number;
  grp: string | null;
  has_workers: boolean;
  named_vacancy: boolean | null;
  inpost_fte: number | null;
  inpost_headcount: number;
  starters_fte: number | null;
  starters_headcount: number;
  leavers_fte: number | null;
  leavers_headcount: number;
  agency_fte: number | null;
  agency_headcount: number;
  case_holders_fte: number | null;
  cases: number | null;
  case_holders_people: number;
  working_days_lost_fte: number | null;
  absence_inpost_fte: number | null;
  absence_people: number;
  vacancy_fte: number | null;
  agency_cover_fte: number | null;
}

const ORDER = sql.raw('order by worker_id, start_date');

/** Every (council, year[, group]) with census records or vacancy returns; callers fill in the ones with neither. */
export async function censusTotals(db: Db, request: TotalsRequest): Promise<TotalsRow[]> {
  if (request.authorityCodes.length === 0 || request.censusYears.length === 0) return [];
  const workerGroup = request.by === 'team' ? sql`coalesce(w.team, ${NO_TEAM})` : request.by === 'role' ? sql`w.role` : sql`null::text`;
  // By role there are no vacancies (returns carry no role): the council-wide rows go nowhere.
  const vacancyGroup = request.by === 'team' ? sql`case when v.team = '' then ${NO_TEAM} else v.team end` : sql`null::text`;
  const vacancyWhere = request.by === 'role' ? sql`false` : sql`true`;
  const result = await sql<Row>`
    with years as (
      select y as census_year, make_date(y - 1, 10, 1) as year_start, make_date(y, 9, 30) as ref
      from unnest(${[...request.censusYears]}::integer[]) as y
    ),
    w as (
      select w.authority_code, years.census_year, ${workerGroup} as grp,
        w.worker_id, w.start_date, w.fte, w.agency, w.cases, w.working_days_lost,
        (w.start_date <= years.ref and (w.end_date is null or w.end_date > years.ref)) as in_post,
        (w.start_date >= years.year_start and w.start_date <= years.ref) as starter,
        coalesce(w.end_date >= years.year_start and w.end_date <= years.ref, false) as leaver
      from workers w
      join years on w.start_date <= years.ref and (w.end_date is null or w.end_date >= years.year_start)
      where w.authority_code = any(${[...request.authorityCodes]}::text[]) and w.service = 'children'
    ),
    wt as (
      select authority_code, census_year, grp,
        sum(fte ${ORDER}) filter (where in_post and not agency) as inpost_fte,
        count(distinct worker_id) filter (where in_post and not agency) as inpost_headcount,
        sum(fte ${ORDER}) filter (where starter and not agency) as starters_fte,
        count(distinct worker_id) filter (where starter and not agency) as starters_headcount,
        sum(fte ${ORDER}) filter (where leaver and not agency) as leavers_fte,
        count(distinct worker_id) filter (where leaver and not agency) as leavers_headcount,
        sum(fte ${ORDER}) filter (where in_post and agency) as agency_fte,
        count(distinct worker_id) filter (where in_post and agency) as agency_headcount,
        sum(fte ${ORDER}) filter (where in_post and cases >= 1) as case_holders_fte,
        sum(cases) filter (where in_post and cases >= 1) as cases,
        count(distinct worker_id) filter (where in_post and cases >= 1) as case_holders_people,
        sum(working_days_lost ${ORDER}) filter (where in_post and not agency and working_days_lost is not null) as working_days_lost_fte,
        sum(fte ${ORDER}) filter (where in_post and not agency and working_days_lost is not null) as absence_inpost_fte,
        count(distinct worker_id) filter (where in_post and not agency and working_days_lost is not null) as absence_people
      from w
      group by authority_code, census_year, grp
    ),
    vt as (
      select v.authority_code, years.census_year, ${vacancyGroup} as grp,
        sum(v.vacancy_fte order by v.team) as vacancy_fte,
        sum(v.agency_cover_fte order by v.team) as agency_cover_fte,
        bool_or(v.team <> '') as named_vacancy
      from vacancies v
      join years on v.reference_date = years.ref
      where v.authority_code = any(${[...request.authorityCodes]}::text[]) and ${vacancyWhere}
      group by v.authority_code, years.census_year, 3
    )
    select coalesce(wt.authority_code, vt.authority_code) as authority_code,
      coalesce(wt.census_year, vt.census_year) as census_year,
      coalesce(wt.grp, vt.grp) as grp,
      wt.authority_code is not null as has_workers,
      vt.named_vacancy,
      wt.inpost_fte, coalesce(wt.inpost_headcount, 0) as inpost_headcount,
      wt.starters_fte, coalesce(wt.starters_headcount, 0) as starters_headcount,
      wt.leavers_fte, coalesce(wt.leavers_headcount, 0) as leavers_headcount,
      wt.agency_fte, coalesce(wt.agency_headcount, 0) as agency_headcount,
      wt.case_holders_fte, wt.cases, coalesce(wt.case_holders_people, 0) as case_holders_people,
      wt.working_days_lost_fte, wt.absence_inpost_fte, coalesce(wt.absence_people, 0) as absence_people,
      vt.vacancy_fte, vt.agency_cover_fte
    from wt
    full join vt on vt.authority_code = wt.authority_code and vt.census_year = wt.census_year and vt.grp is not distinct from wt.grp`.execute(db);
  return result.rows.map((row) => ({
    authorityCode: row.authority_code,
    censusYear: Number(row.census_year),
    group: row.grp,
    listed: row.has_workers || row.named_vacancy === true,
    totals: toTotals(row),
  }));
}

/** Totals of a council, year or group with no census records and no vacancy return: what computeCensusTotals gives for none. */
export function emptyTotals(): CensusTotals {
  return toTotals({} as Row);
}

function toTotals(row: Partial<Row>): CensusTotals {
  const n = (value: number | null | undefined) => (value === null || value === undefined ? 0 : Number(value));
  return {
    inpost_fte: n(row.inpost_fte),
    inpost_headcount: n(row.inpost_headcount),
    starters_fte: n(row.starters_fte),
    starters_headcount: n(row.starters_headcount),
    leavers_fte: n(row.leavers_fte),
    leavers_headcount: n(row.leavers_headcount),
    agency_fte: n(row.agency_fte),
    agency_headcount: n(row.agency_headcount),
    vacancy_fte: row.vacancy_fte === null || row.vacancy_fte === undefined ? null : Number(row.vacancy_fte),
    agency_cover_fte: row.agency_cover_fte === null || row.agency_cover_fte === undefined ? null : Number(row.agency_cover_fte),
    case_holders_fte: n(row.case_holders_fte),
    cases: n(row.cases),
    working_days_lost_fte: n(row.working_days_lost_fte),
    absence_inpost_fte: n(row.absence_inpost_fte),
    people: {
      inpost: n(row.inpost_headcount),
      starters: n(row.starters_headcount),
      leavers: n(row.leavers_headcount),
      agency: n(row.agency_headcount),
      case_holders: n(row.case_holders_people),
      absence: n(row.absence_people),
    },
  };
}

/** The dates a council's records and returns span, enough for censusYearsCovered without reading every record. */
export async function councilDateRange(db: Db, authorityCode: string): Promise<{ starts: IsoDate[]; ends: IsoDate[]; returns: IsoDate[] }> {
  const result = await sql<{ min_start: IsoDate | null; max_start: IsoDate | null; min_end: IsoDate | null; max_end: IsoDate | null; min_return: IsoDate | null; max_return: IsoDate | null }>`
    select w.min_start, w.max_start, w.min_end, w.max_end, v.min_return, v.max_return
    from (select min(start_date) as min_start, max(start_date) as max_start, min(end_date) as min_end, max(end_date) as max_end
          from workers where authority_code = ${authorityCode}) w,
         (select min(reference_date) as min_return, max(reference_date) as max_return
          from vacancies where authority_code = ${authorityCode}) v`.execute(db);
  const row = result.rows[0]!;
  const both = (min: IsoDate | null, max: IsoDate | null) => (min === null || max === null ? [] : [min, max]);
  return { starts: both(row.min_start, row.max_start), ends: both(row.min_end, row.max_end), returns: both(row.min_return, row.max_return) };
}
