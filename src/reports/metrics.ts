import type { Db } from '../db/database.ts';
import { censusTotals, councilDateRange, emptyTotals, type TotalsRow } from '../db/census-totals.ts';
import { councilDataVersion } from '../db/versions.ts';
import { workersForAuthority, workersForRetention } from '../db/workers.ts';
import { censusYearsCovered } from '../domain/census.ts';
import type { DataCoverage } from '../domain/coverage.ts';
import { withheldFigureTexts } from '../domain/disclosure.ts';
import { figuresFromTotals, teamOf, type CensusFigures, type CensusMeasures, type GroupBy, type GroupFigures, type GroupMeasures } from '../domain/measures.ts';
import { retentionBy, rollingTurnover, shareUnderTwoYearsService, stabilityIndex, type RetentionSummary } from '../domain/retention.ts';
import type { IsoDate, WorkerRecord } from '../domain/workforce.ts';
import { coverageOf } from './coverage.ts';

/**
 * Figures for one council, read from the database and computed by the domain functions. The CLI,
 * the web pages, the API, the findings, the packs and the review documents all call these, so
 * they always agree.
 *
 * Two ways in, the same figures:
 * - councilFigures: one load of a council's figures (every census year, by team and by role, and
 *   its records when asked), kept while its data version stands. Anything that reads several
 *   years or groups (the dashboard, findings, packs, the review dossier, withheld figures) uses it,
 *   so a page costs a handful of statements however many years the data holds.
 * - metricsForYear and metricsByGroup: one statement for one question (`retain metrics --year`).
 *   figuresForYear, figuresByGroup and metricsSeries (the API) answer from councilFigures.
 */

/**
 * The census figures come from totals the database sums (src/db/census-totals.ts: one statement,
 * seven columns, rather than every column of every record decoded in JavaScript), turned into
 * measures by the same domain function as ever (figuresFromTotals). census-totals.test.ts holds
 * the totals exactly equal to the domain's computeCensusTotals over the records, on both engines.
 */
async function councilTotals(db: Db, authorityCode: string, censusYear: number): Promise<CensusFigures> {
  const [row] = await censusTotals(db, { authorityCodes: [authorityCode], censusYears: [censusYear] });
  return figuresFromTotals(row?.totals ?? emptyTotals(), censusYear);
}

/** Groups as computeCensusFiguresBy lists them: sorted by name, a team with only a vacancy return included. */
function groupsOf(rows: readonly TotalsRow[], censusYear: number): GroupFigures[] {
  return rows
    .filter((row) => row.listed && row.censusYear === censusYear)
    .sort((a, b) => a.group!.localeCompare(b.group!))
    .map((row) => ({ group: row.group!, ...figuresFromTotals(row.totals, censusYear) }));
}

async function groupTotals(db: Db, authorityCode: string, censusYear: number, by: GroupBy): Promise<GroupFigures[]> {
  return groupsOf(await censusTotals(db, { authorityCodes: [authorityCode], censusYears: [censusYear], by }), censusYear);
}

export async function metricsForYear(db: Db, authorityCode: string, censusYear: number): Promise<CensusMeasures> {
  return (await councilTotals(db, authorityCode, censusYear)).measures;
}

export async function metricsByGroup(db: Db, authorityCode: string, censusYear: number, by: GroupBy): Promise<GroupMeasures[]> {
  return (await groupTotals(db, authorityCode, censusYear, by)).map(({ group, measures }) => ({ group, ...measures }));
}

/**
 * Measures with the people behind each figure, for pages that must suppress small numbers (the
 * API among them): from the council's one load, kept per data version, so repeated requests
 * compute nothing. The same statement as metricsForYear, so the same figures.
 */
export async function figuresForYear(db: Db, authorityCode: string, censusYear: number): Promise<CensusFigures> {
  return (await (await councilFigures(db, authorityCode)).year(censusYear)).figures;
}

export async function figuresByGroup(db: Db, authorityCode: string, censusYear: number, by: GroupBy): Promise<GroupFigures[]> {
  const { teams, roles } = await (await councilFigures(db, authorityCode)).year(censusYear);
  return by === 'team' ? teams : roles;
}

/** The census measures of many councils for one year in one statement (national tables, the bench). */
export async function metricsForCouncils(db: Db, authorityCodes: readonly string[], censusYear: number): Promise<Map<string, CensusMeasures>> {
  const rows = await censusTotals(db, { authorityCodes, censusYears: [censusYear] });
  const byCouncil = new Map(rows.map((row) => [row.authorityCode, row.totals]));
  return new Map(authorityCodes.map((code) => [code, figuresFromTotals(byCouncil.get(code) ?? emptyTotals(), censusYear).measures]));
}

export interface CensusYearFigures {
  censusYear: number;
}

export interface AuthorityFigures {
  authorityCode: string;
  censusYears: number[];
  /** Census measures for every year the data covers, oldest first. */
  series: Array<CensusYearFigures & CensusFigures>;
}

function seriesOf(authorityCode: string, censusYears: number[], rows: readonly TotalsRow[]): AuthorityFigures {
  const byYear = new Map(rows.map((row) => [row.censusYear, row.totals]));
  return {
    authorityCode,
    censusYears,
    series: censusYears.map((censusYear) => ({ censusYear, ...figuresFromTotals(byYear.get(censusYear) ?? emptyTotals(), censusYear) })),
  };
}

/** Every census year the council's data covers, all of them summed in one statement (from the council's one load). */
export async function metricsSeries(db: Db, authorityCode: string): Promise<AuthorityFigures> {
  const { censusYears, series } = await councilFigures(db, authorityCode);
  return { authorityCode, censusYears, series };
}

export interface RetentionFigures {
  date: string;
  rolling: ReturnType<typeof rollingTurnover>;
  stability: ReturnType<typeof stabilityIndex>;
  serviceLength: ReturnType<typeof shareUnderTwoYearsService>;
  byTeam: RetentionSummary[];
  byRole: RetentionSummary[];
}

/** The retention measures over records already read (any columns beyond the eight they use are ignored). */
export function retentionOf(workers: readonly WorkerRecord[], date: string): RetentionFigures {
  return {
    date,
    rolling: rollingTurnover(workers, date),
    stability: stabilityIndex(workers, date),
    serviceLength: shareUnderTwoYearsService(workers, date),
    byTeam: retentionBy(workers, date, teamOf),
    byRole: retentionBy(workers, date, (record) => record.role),
  };
}

/** Rolling turnover, stability and length of service at a date, for the council and by team and role. */
export async function retentionAt(db: Db, authorityCode: string, date: string): Promise<RetentionFigures> {
  // Only the eight columns the retention measures read (workersForRetention).
  return retentionOf(await workersForRetention(db, authorityCode), date);
}

// ---------------------------------------------------------------------------------------------
// One load of a council

/** A census year's figures: the council's, each team's and each role's, with the people behind them. */
export interface YearFigures {
  figures: CensusFigures;
  teams: GroupFigures[];
  roles: GroupFigures[];
}

/**
 * A council's figures from one load: every census year its data covers, by team and by role, as
 * metricsSeries, figuresForYear and figuresByGroup give them (the same statement, the same domain
 * function), and its records read once when something first needs them (retention, survival,
 * leavers). Shared and never changed: callers must not change what it returns.
 */
export interface CouncilFigures extends AuthorityFigures {
  /** The data version it was loaded at (councilDataVersion). */
  version: string;
  /** How far the data runs (coverageOf): which of the years are complete, which in progress. */
  coverage: DataCoverage;
  /** Census year Y: from the load for the years the data covers; any other year is read (and kept) when asked. */
  year(censusYear: number): Promise<YearFigures>;
  /** Every record the council holds, every column, as workersForAuthority: read once, on first use. */
  workers(): Promise<readonly WorkerRecord[]>;
  /** As retentionAt. */
  retentionAt(date: IsoDate): Promise<RetentionFigures>;
  /** As withheldFiguresFor (src/reports/withheld.ts): every figure the council's tables withhold from viewers. */
  withheldFigures(): string[];
}

/**
 * Loads are kept per database and council while its data version (src/db/versions.ts: a counter
 * that every write to its records, returns, imports, coverage and settings moves) stands, so the
 * dashboard for a viewer after an analyst's, findings, packs and review pages read the council
 * once between writes. Its two parts, the figures and the records, are each read when first asked
 * for, and the promises are kept, so requests arriving together share one read.
 */
interface CouncilLoad {
  figures?: Promise<CouncilFigures>;
  workers?: Promise<readonly WorkerRecord[]>;
}
const COUNCIL_CACHE_SIZE = 16;
const councilCaches = new WeakMap<Db, Map<string, CouncilLoad>>();

async function councilLoad(db: Db, authorityCode: string, version?: string): Promise<{ load: CouncilLoad; version: string }> {
  const current = version ?? (await councilDataVersion(db, authorityCode));
  let cache = councilCaches.get(db);
  if (!cache) councilCaches.set(db, (cache = new Map()));
  const key = `${authorityCode}\u0000${current}`;
  let load = cache.get(key);
  if (load) cache.delete(key);
  else load = {};
  cache.set(key, load);
  if (cache.size > COUNCIL_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return { load, version: current };
}

/** A part of a load, read once; a failed read is not kept, so the next caller reads again. */
function keep<K extends keyof CouncilLoad>(load: CouncilLoad, part: K, read: () => NonNullable<CouncilLoad[K]>): NonNullable<CouncilLoad[K]> {
  if (!load[part]) {
    const reading = read();
    load[part] = reading;
    reading.catch(() => {
      if (load[part] === reading) delete load[part];
    });
  }
  return load[part]!;
}

/** One load of a council's figures (see CouncilFigures); `version` when the caller has just read it. */
export async function councilFigures(db: Db, authorityCode: string, version?: string): Promise<CouncilFigures> {
  const { load, version: current } = await councilLoad(db, authorityCode, version);
  return keep(load, 'figures', () => loadCouncilFigures(db, authorityCode, current, () => keep(load, 'workers', () => workersForAuthority(db, authorityCode))));
}

/**
 * Every record the council holds (as workersForAuthority), from the same load as its figures:
 * read once per data version, whichever page, pack or rule asks first. Shared: not to be changed.
 */
export async function councilWorkers(db: Db, authorityCode: string): Promise<readonly WorkerRecord[]> {
  const { load } = await councilLoad(db, authorityCode);
  return keep(load, 'workers', () => workersForAuthority(db, authorityCode));
}

/** Five statements: the dates the data spans and how far it runs, then the totals of every covered year for the council, by team and by role. */
async function loadCouncilFigures(db: Db, authorityCode: string, version: string, readWorkers: () => Promise<readonly WorkerRecord[]>): Promise<CouncilFigures> {
  const [range, coverage] = await Promise.all([councilDateRange(db, authorityCode), coverageOf(db, authorityCode)]);
  const censusYears = censusYearsCovered(range);
  const request = { authorityCodes: [authorityCode], censusYears };
  const [council, teams, roles] = await Promise.all([censusTotals(db, request), censusTotals(db, { ...request, by: 'team' }), censusTotals(db, { ...request, by: 'role' })]);
  const { series } = seriesOf(authorityCode, censusYears, council);
  const years = new Map<number, Promise<YearFigures>>(
    series.map(({ censusYear, measures, people }) => [censusYear, Promise.resolve({ figures: { measures, people }, teams: groupsOf(teams, censusYear), roles: groupsOf(roles, censusYear) })]),
  );
  let withheld: string[] | undefined;
  const figures: CouncilFigures = {
    authorityCode,
    censusYears,
    series,
    version,
    coverage,
    year(censusYear) {
      let known = years.get(censusYear);
      if (!known) {
        known = Promise.all([councilTotals(db, authorityCode, censusYear), groupTotals(db, authorityCode, censusYear, 'team'), groupTotals(db, authorityCode, censusYear, 'role')]).then(
          ([yearFigures, yearTeams, yearRoles]) => ({ figures: yearFigures, teams: yearTeams, roles: yearRoles }),
        );
        years.set(censusYear, known);
        known.catch(() => years.delete(censusYear));
      }
      return known;
    },
    workers: readWorkers,
    async retentionAt(date) {
      return retentionOf(await figures.workers(), date);
    },
    withheldFigures() {
      withheld ??= withheldFigureTexts(series.flatMap(({ censusYear, measures, people }) => [{ measures, people }, ...groupsOf(teams, censusYear), ...groupsOf(roles, censusYear)]));
      return withheld;
    },
  };
  return figures;
}
