import { sql } from 'kysely';
import { EXACT_UNITS_PER_ONE, exactUnitsTotal, NO_TEAM, type CensusTotals, type GroupBy } from '../domain/measures.ts';
import type { IsoDate } from '../domain/workforce.ts';
import type { Db } from './database.ts';

/**
 * The census totals (src/domain/measures.ts computeCensusTotals) summed by the database: one
 * statement for any number of councils and census years, optionally by team or role, reading only
 * the columns the measures use instead of bringing every record into JavaScript.
 *
 * The pure domain function stays the reference: census-totals.test.ts holds these equal to it,
 * exactly, on random councils on both engines. Exactly, not nearly, because:
 * - FTE, working days lost and vacancy FTE are summed as the domain sums them, in whole
 *   billionths (exactUnits: `floor(value * 1e9 + 0.5)`, the same IEEE operations in both), whose
 *   float sums are exact integers in any order; the one division is exactUnitsTotal's, in
 *   JavaScript. So no sum needs an order, and nothing is sorted for one;
 * - headcounts are distinct workers: the records are first summed per worker (one row a worker
 *   with each of their sums, null when none of their records counts), and a headcount is how many
 *   workers have a sum (`count(sum)`), instead of a `count(distinct worker_id)`, which sorts;
 * - cases are an integer sum.
 * Records are children's services ones (isCensusRecord) that overlap the census year, as
 * workersOverlapping reads them; a record's flags are the domain's inPostOn, isStarterIn and isLeaverIn.
 *
 * Each council's records are read and summed in a lateral subquery of their own, through the
 * index on (authority_code, start_date, end_date): a few hundred rows a council, grouped by worker
 * in memory, rather than one sort of every council's records together, which spills to disk at
 * the default work_mem and cost more than the sums (bench/measures.ts).
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
   * year, or (by team) a named team's vacancy row at the reference date. Always true for the
   * council as a whole.
   */
  listed: boolean;
}

/** Sums of exact units are float8 in both engines (a number from either driver); counts and cases are bigint or numeric (a string from pg). */
interface Row {
  authority_code: string;
  census_year: number;
  grp: string | null;
  has_workers: boolean;
  named_vacancy: boolean | null;
  inpost_fte: number | null;
  inpost_headcount: number | string;
  starters_fte: number | null;
  starters_headcount: number | string;
  leavers_fte: number | null;
  leavers_headcount: number | string;
  agency_fte: number | null;
  agency_headcount: number | string;
  case_holders_fte: number | null;
  cases: number | string | null;
  case_holders_people: number | string;
  working_days_lost_fte: number | null;
  absence_inpost_fte: number | null;
  absence_people: number | string;
  vacancy_fte: number | null;
  agency_cover_fte: number | null;
}

/** exactUnits in SQL: the same multiplication, addition and floor on IEEE doubles. */
const units = (column: string) => sql.raw(`floor(${column} * ${EXACT_UNITS_PER_ONE}::float8 + 0.5::float8)`);

/** The census years asked for, with their start and reference dates: the body of `with years as (...)`, which each statement opens with. */
const yearsOf = (censusYears: readonly number[]) => sql`select y as census_year, make_date(y - 1, 10, 1) as year_start, make_date(y, 9, 30) as ref from unnest(${censusYears}::integer[]) as y`;

/**
 * The sums of council `c` in census year `years` (lateral to both), by `group` when given: its
 * census records overlapping the year summed per worker, then over the workers. Without a group
 * there is exactly one row, zeros and nulls when there are no records.
 */
function workerTotals(group: ReturnType<typeof sql> | null) {
  const fte = units('w.fte');
  const inPost = sql`w.start_date <= years.ref and (w.end_date is null or w.end_date > years.ref)`;
  return sql`
        select ${group === null ? sql`` : sql`grp,`}
          sum(inpost) as inpost_fte, count(inpost) as inpost_headcount,
          sum(starters) as starters_fte, count(starters) as starters_headcount,
          sum(leavers) as leavers_fte, count(leavers) as leavers_headcount,
          sum(agency) as agency_fte, count(agency) as agency_headcount,
          sum(case_holders) as case_holders_fte, sum(cases) as cases, count(case_holders) as case_holders_people,
          sum(working_days_lost) as working_days_lost_fte, sum(absence) as absence_inpost_fte, count(absence) as absence_people
        from (
          select ${group === null ? sql`` : sql`${group} as grp,`}
            sum(${fte}) filter (where not w.agency and ${inPost}) as inpost,
            sum(${fte}) filter (where not w.agency and w.start_date >= years.year_start) as starters,
            sum(${fte}) filter (where not w.agency and w.end_date >= years.year_start and w.end_date <= years.ref) as leavers,
            sum(${fte}) filter (where w.agency and ${inPost}) as agency,
            sum(${fte}) filter (where w.cases >= 1 and ${inPost}) as case_holders,
            sum(w.cases) filter (where w.cases >= 1 and ${inPost}) as cases,
            sum(${units('w.working_days_lost')}) filter (where not w.agency and w.working_days_lost is not null and ${inPost}) as working_days_lost,
            sum(${fte}) filter (where not w.agency and w.working_days_lost is not null and ${inPost}) as absence
          from workers w
          where w.authority_code = c.authority_code and w.service = 'children'
            and w.start_date <= years.ref and (w.end_date is null or w.end_date >= years.year_start)
          group by ${group === null ? sql`` : sql`1,`} w.worker_id
        ) per_worker
        ${group === null ? sql`` : sql`group by grp`}`;
}

/** Every (council, year[, group]): every council and year asked for; by team or role, those with census records or vacancy returns (callers fill in the rest). */
export async function censusTotals(db: Db, request: TotalsRequest): Promise<TotalsRow[]> {
  if (request.authorityCodes.length === 0 || request.censusYears.length === 0) return [];
  const authorityCodes = [...new Set(request.authorityCodes)];
  const censusYears = [...new Set(request.censusYears)];
  const rows = request.by === undefined ? await councilRows(db, authorityCodes, censusYears) : await groupRows(db, authorityCodes, censusYears, request.by);
  return rows.map((row) => ({
    authorityCode: row.authority_code,
    censusYear: Number(row.census_year),
    group: row.grp,
    listed: row.has_workers || row.named_vacancy === true,
    totals: toTotals(row),
  }));
}

/**
 * The council as a whole: one row a council and year, its workers' sums and its vacancy return
 * each in a lateral subquery, nothing joined afterwards. The statement `retain metrics --year` and
 * a national table run, so it is the plainest to plan.
 */
async function councilRows(db: Db, authorityCodes: readonly string[], censusYears: readonly number[]): Promise<Row[]> {
  const result = await sql<Row>`with years as (${yearsOf(censusYears)})
    select c.authority_code, years.census_year, null::text as grp, true as has_workers, null::boolean as named_vacancy, t.*, vt.*
    from unnest(${authorityCodes}::text[]) as c(authority_code)
    cross join years
    cross join lateral (${workerTotals(null)}
    ) t
    cross join lateral (
      select sum(${units('v.vacancy_fte')}) as vacancy_fte, sum(${units('v.agency_cover_fte')}) as agency_cover_fte
      from vacancies v
      where v.authority_code = c.authority_code and v.reference_date = years.ref
    ) vt`.execute(db);
  return result.rows;
}

/** By team or role: each council's groups, joined to the vacancy returns by team (a team with only a return is listed too). */
async function groupRows(db: Db, authorityCodes: readonly string[], censusYears: readonly number[], by: GroupBy): Promise<Row[]> {
  const workerGroup = by === 'team' ? sql`coalesce(w.team, ${NO_TEAM})` : sql`w.role`;
  // By role there are no vacancies (returns carry no role).
  const vacancyWhere = by === 'role' ? sql`false` : sql`true`;
  const result = await sql<Row>`with years as (${yearsOf(censusYears)}),
    wt as (
      select c.authority_code, years.census_year, t.*
      from unnest(${authorityCodes}::text[]) as c(authority_code)
      cross join years
      cross join lateral (${workerTotals(workerGroup)}
      ) t
    ),
    vt as (
      select v.authority_code, years.census_year, case when v.team = '' then ${NO_TEAM} else v.team end as grp,
        sum(${units('v.vacancy_fte')}) as vacancy_fte,
        sum(${units('v.agency_cover_fte')}) as agency_cover_fte,
        bool_or(v.team <> '') as named_vacancy
      from vacancies v
      join years on v.reference_date = years.ref
      where v.authority_code = any(${authorityCodes}::text[]) and ${vacancyWhere}
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
    full join vt on vt.authority_code = wt.authority_code and vt.census_year = wt.census_year and vt.grp = wt.grp`.execute(db);
  return result.rows;
}

/** Totals of a council, year or group with no census records and no vacancy return: what computeCensusTotals gives for none. */
export function emptyTotals(): CensusTotals {
  return toTotals({} as Row);
}

function toTotals(row: Partial<Row>): CensusTotals {
  const n = (value: number | string | null | undefined) => (value === null || value === undefined ? 0 : Number(value));
  // Sums come back in exact units (see exactUnits); the division is the domain's own.
  const total = (units: number | null | undefined) => exactUnitsTotal(n(units));
  const optional = (units: number | null | undefined) => (units === null || units === undefined ? null : exactUnitsTotal(Number(units)));
  return {
    inpost_fte: total(row.inpost_fte),
    inpost_headcount: n(row.inpost_headcount),
    starters_fte: total(row.starters_fte),
    starters_headcount: n(row.starters_headcount),
    leavers_fte: total(row.leavers_fte),
    leavers_headcount: n(row.leavers_headcount),
    agency_fte: total(row.agency_fte),
    agency_headcount: n(row.agency_headcount),
    vacancy_fte: optional(row.vacancy_fte),
    agency_cover_fte: optional(row.agency_cover_fte),
    case_holders_fte: total(row.case_holders_fte),
    cases: n(row.cases),
    working_days_lost_fte: total(row.working_days_lost_fte),
    absence_inpost_fte: total(row.absence_inpost_fte),
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
