import { getAuthority, type Authority } from '../db/authorities.ts';
import { authorityRowsByCodes, nationalRow, publishedYears, regionRow, releaseForYear, seriesRows } from '../db/benchmarks.ts';
import type { Db } from '../db/database.ts';
import { buildBenchmarkSeries, buildComparison, rowHasLaCode, type BenchmarkSeries, type Comparison, type PublishedRow } from '../domain/benchmarks.ts';
import { MEASURE_FIELDS, type CensusMeasures } from '../domain/measures.ts';
import { metricsForYear } from './metrics.ts';
import { publishedAtOneDecimal, type Table } from './tables.ts';
import { unknownAuthority } from '../errors.ts';

/**
 * `retain compare`: a council's census figures beside England, its region, its statistical
 * neighbours' median and its own published row, for the same year.
 */

async function requireAuthority(db: Db, authorityCode: string): Promise<Authority> {
  const authority = await getAuthority(db, authorityCode);
  if (!authority) throw unknownAuthority(authorityCode);
  return authority;
}

/** The codes the authority's own published row may carry. */
function ownCodes(authority: Authority): string[] {
  return [authority.code, authority.newLaCode, authority.oldLaCode].filter((code): code is string => code !== null && code.trim() !== '');
}

function isOwnRow(row: PublishedRow, authority: Authority): boolean {
  return ownCodes(authority).some((code) => rowHasLaCode(row, code));
}

/**
 * Our figures for census year Y beside the published benchmarks for year Y (the most recently
 * imported release that has it). When Y is not published, the benchmarks are null and
 * `benchmarkYear` is null; it never falls back to another year, so figures are never compared
 * across years by accident. The region is the authority's `region_code`, or failing that the
 * region of its own published row.
 */
export async function compareForYear(db: Db, authorityCode: string, censusYear: number): Promise<Comparison> {
  await requireAuthority(db, authorityCode);
  return compareMeasures(db, authorityCode, censusYear, await metricsForYear(db, authorityCode, censusYear));
}

/**
 * As compareForYear, with our figures supplied: for callers that already hold them (the web
 * dashboard, which may have withheld small numbers for a viewer first).
 */
export async function compareMeasures(db: Db, authorityCode: string, censusYear: number, ours: CensusMeasures): Promise<Comparison> {
  const authority = await requireAuthority(db, authorityCode);
  const [releaseId, years] = await Promise.all([releaseForYear(db, censusYear), publishedYears(db)]);
  const latestPublishedYear = years.length > 0 ? years[years.length - 1]! : null;
  const base = { censusYear, ours, latestPublishedYear, neighbourCodes: authority.neighbours };
  if (releaseId === undefined) {
    return buildComparison({
      ...base,
      benchmarkYear: null,
      releaseId: null,
      region: { code: authority.regionCode, name: authority.regionName },
      england: null,
      regionRow: null,
      neighbourRows: [],
      own: null,
    });
  }

  const [england, laRows] = await Promise.all([nationalRow(db, censusYear), authorityRowsByCodes(db, [...ownCodes(authority), ...authority.neighbours], censusYear)]);
  const own = laRows.find((row) => isOwnRow(row, authority)) ?? null;
  const neighbourRows = laRows.filter((row) => !isOwnRow(row, authority) && authority.neighbours.some((code) => rowHasLaCode(row, code)));
  const regionCode = authority.regionCode ?? own?.regionCode ?? null;
  const region = regionCode === null ? null : ((await regionRow(db, regionCode, censusYear)) ?? null);
  return buildComparison({
    ...base,
    benchmarkYear: censusYear,
    releaseId,
    region: { code: regionCode, name: authority.regionName ?? region?.regionName ?? own?.regionName ?? null },
    england: england ?? null,
    regionRow: region,
    neighbourRows,
    own,
  });
}

/**
 * Published series for the dashboard's trend charts: England, the region, the neighbours' median
 * and the authority's own published figure, for every published year, for each field asked for.
 */
export async function benchmarkSeriesAll(db: Db, authorityCode: string, fields: readonly string[] = MEASURE_FIELDS): Promise<Record<string, BenchmarkSeries>> {
  const authority = await requireAuthority(db, authorityCode);
  const rows = await seriesRows(db, authority.regionCode, [...ownCodes(authority), ...authority.neighbours]);
  const own = rows.find((row) => row.geographicLevel === 'Local authority' && isOwnRow(row, authority));
  const regionCode = authority.regionCode ?? own?.regionCode ?? null;
  const regionRows = authority.regionCode === null && regionCode !== null ? await seriesRows(db, regionCode, []) : rows;

  const years = [...new Set(rows.map((row) => row.timePeriod))].sort((a, b) => a - b);
  const seriesYears = years.map((year) => {
    const ofYear = rows.filter((row) => row.timePeriod === year);
    const las = ofYear.filter((row) => row.geographicLevel === 'Local authority');
    return {
      year,
      england: ofYear.find((row) => row.geographicLevel === 'National') ?? null,
      region: regionRows.find((row) => row.timePeriod === year && row.geographicLevel === 'Regional' && row.regionCode === regionCode) ?? null,
      neighbours: las.filter((row) => !isOwnRow(row, authority) && authority.neighbours.some((code) => rowHasLaCode(row, code))),
      own: las.find((row) => isOwnRow(row, authority)) ?? null,
    };
  });
  return Object.fromEntries(fields.map((field) => [field, buildBenchmarkSeries(field, seriesYears)]));
}

/** One field's published series (see benchmarkSeriesAll). */
export async function benchmarkSeries(db: Db, authorityCode: string, field: string): Promise<BenchmarkSeries> {
  return (await benchmarkSeriesAll(db, authorityCode, [field]))[field]!;
}

export interface ComparisonTableRow extends Record<string, unknown> {
  measure: string;
  ours: number | null;
  england: number | string | null;
  region: number | string | null;
  neighbour_median: number | null;
  neighbours_published: number;
  published: number | string | null;
}

/**
 * A comparison as a table for CSV/XLSX and the CLI: one row per measure, figures unrounded (CSV
 * writes rates and caseloads at one decimal place, as DfE publishes them: src/reports/tables.ts), and a
 * published figure DfE suppressed shown as its symbol (c, x, z, u, low, :) rather than blank.
 */
export function comparisonTable(comparison: Comparison, title = `Comparison ${comparison.censusYear}`): Table<ComparisonTableRow> {
  return {
    title,
    columns: [
      { key: 'measure', label: 'Measure' },
      { key: 'ours', label: 'Ours' },
      { key: 'england', label: 'England' },
      { key: 'region', label: comparison.region.name ?? 'Region' },
      { key: 'neighbour_median', label: 'Neighbours (median)' },
      { key: 'neighbours_published', label: 'Neighbours published' },
      { key: 'published', label: 'Our published figure' },
    ],
    rows: comparison.rows.map((row) => ({
      measure: row.field,
      ours: row.ours,
      england: row.england ?? row.symbols.england,
      region: row.region ?? row.symbols.region,
      neighbour_median: row.neighbourMedian,
      neighbours_published: row.neighbourCount,
      published: row.published ?? row.symbols.published,
    })),
    // Every figure in a row is its measure's, except the count of neighbours that published one.
    csvRounded: (row, key) => key !== 'neighbours_published' && publishedAtOneDecimal(row.measure),
  };
}
