import type { Authority } from '../db/authorities.ts';
import { authorityRows, nationalRow, publishedYears, regionRow } from '../db/benchmarks.ts';
import type { Db } from '../db/database.ts';
import { getSettings, neighbourList } from '../db/settings.ts';
import {
  comparisonSentence,
  DEFAULT_NEIGHBOUR_MODEL,
  publishedFigure,
  publishedSymbol,
  quartileBand,
  rankAmong,
  rowHasLaCode,
  type BenchmarkPolarity,
  type PublishedRow,
  type QuartileBand,
  type Ranking,
} from '../domain/benchmarks.ts';
import type { MeasureField } from '../domain/measures.ts';
import { barChartSvg } from './charts.ts';

/**
 * Comparisons as DfE's Local Authority Interactive Tool (LAIT) makes them, and beyond: for each
 * measure, our rank among all councils and within the region, the quartile band (A always the
 * better quarter), each named neighbour's figure in a table and a chart, and a plain sentence.
 *
 * The DfE year: the council's census year when DfE has published it; otherwise DfE's latest year
 * before it, and the view says so (`yearNote`). Our figure is the one the page shows: withheld for
 * a viewer when fewer than 5 people are behind it, and then no rank, band or sentence is given,
 * since each would give the withheld figure away.
 */

export interface ComparisonCell {
  value: number | null;
  text: string;
  status: 'shown' | 'suppressed' | 'not_available';
  symbol?: string;
}

export type CellMaker = (field: string, value: number | null | undefined, symbol?: string | null) => ComparisonCell;

export interface ComparisonMeasure {
  field: MeasureField;
  label: string;
  polarity: BenchmarkPolarity;
  ours: ComparisonCell;
  england: ComparisonCell;
  region: ComparisonCell;
  rankEngland: Ranking | null;
  rankRegion: Ranking | null;
  band: QuartileBand | null;
  sentence: string | null;
  /** One per named neighbour, nearest first. */
  neighbours: ComparisonCell[];
  chart: { title: string; description: string; svg: string };
}

export interface NeighbourEntry {
  code: string;
  name: string;
  /** DfE's closeness label in the model used, when the neighbour is on DfE's list. */
  proximity: string | null;
}

export interface ComparisonsView {
  censusYear: number;
  /** The DfE year compared with; null when none is loaded. */
  dfeYear: number | null;
  /** Said when DfE's year is not the council's (its year is newer than DfE's latest). */
  yearNote: string | null;
  regionName: string | null;
  regionCount: number;
  nationalCount: number;
  model: string;
  /** Said when the neighbours are another council's (the demo borrows a real council's). */
  basisNote: string | null;
  neighbours: NeighbourEntry[];
  measures: ComparisonMeasure[];
}

export const COMPARISON_MEASURES: ReadonlyArray<{ field: MeasureField; label: string; short: string; polarity: BenchmarkPolarity; unit: string }> = [
  { field: 'turnover_rate_fte', label: 'Turnover rate (FTE)', short: 'Turnover', polarity: 'lower_better', unit: '%' },
  { field: 'vacancy_rate_fte', label: 'Vacancy rate (FTE)', short: 'The vacancy rate', polarity: 'lower_better', unit: '%' },
  { field: 'agency_rate_fte', label: 'Agency worker rate (FTE)', short: 'The agency worker rate', polarity: 'lower_better', unit: '%' },
  { field: 'caseload_fte', label: 'Average caseload (cases per FTE)', short: 'The average caseload', polarity: 'lower_better', unit: '' },
  { field: 'absence_rate_fte', label: 'Sickness absence rate', short: 'Sickness absence', polarity: 'lower_better', unit: '%' },
];

function ownCodes(authority: Authority): string[] {
  return [authority.code, authority.newLaCode, authority.oldLaCode].filter((code): code is string => code !== null && code.trim() !== '');
}

/** DfE's year for a census year: the same year when published, else the latest published before it. */
export function dfeYearFor(censusYear: number, published: readonly number[]): number | null {
  if (published.includes(censusYear)) return censusYear;
  const earlier = published.filter((year) => year < censusYear);
  return earlier.length > 0 ? Math.max(...earlier) : null;
}

export async function comparisonsFor(db: Db, authority: Authority, censusYear: number, ours: Partial<Record<MeasureField, ComparisonCell>>, cell: CellMaker): Promise<ComparisonsView> {
  const dfeYear = dfeYearFor(censusYear, await publishedYears(db));
  const settings = await getSettings(db, authority.code);
  const model = settings.neighbourModel ?? DEFAULT_NEIGHBOUR_MODEL;
  const basis = settings.neighbourBasis ?? authority.oldLaCode ?? authority.code;
  const modelList = await neighbourList(db, model, basis);
  const rows = dfeYear === null ? [] : await authorityRows(db, dfeYear);
  const isOwn = (row: PublishedRow) => ownCodes(authority).some((code) => rowHasLaCode(row, code));
  const others = rows.filter((row) => !isOwn(row));
  const ownRow = rows.find(isOwn);
  const regionCode = authority.regionCode ?? ownRow?.regionCode ?? null;
  const regionOthers = regionCode === null ? [] : others.filter((row) => row.regionCode === regionCode);
  const neighbourRows = authority.neighbours.map((code) => others.find((row) => rowHasLaCode(row, code)) ?? null);
  const neighbours: NeighbourEntry[] = authority.neighbours.map((code, index) => ({
    code,
    name: neighbourRows[index]?.laName ?? modelList.find((entry) => entry.neighbourCode === code)?.laName ?? code,
    proximity: modelList.find((entry) => entry.neighbourCode === code)?.proximity ?? null,
  }));
  const national = dfeYear === null ? [] : await nationalAndRegion(db, dfeYear, regionCode);

  const measures = COMPARISON_MEASURES.map(({ field, label, short, polarity, unit }): ComparisonMeasure => {
    const mine = ours[field] ?? cell(field, null);
    const value = mine.status === 'shown' ? mine.value : null;
    const england = cell(field, publishedFigure(national[0], field), publishedSymbol(national[0], field));
    const region = cell(field, publishedFigure(national[1], field), publishedSymbol(national[1], field));
    const neighbourCells = neighbourRows.map((row) => cell(field, publishedFigure(row, field), row ? publishedSymbol(row, field) : null));
    const rankEngland =
      dfeYear === null
        ? null
        : rankAmong(
            value,
            others.map((row) => publishedFigure(row, field)),
            polarity,
          );
    const rankRegion =
      dfeYear === null || regionOthers.length === 0
        ? null
        : rankAmong(
            value,
            regionOthers.map((row) => publishedFigure(row, field)),
            polarity,
          );
    const sentence =
      dfeYear === null
        ? null
        : comparisonSentence(
            short,
            value,
            england.value,
            neighbourCells.map((c) => c.value),
          );
    const categories = [authority.name, ...neighbours.map((n) => n.name)];
    const title = `${label}: ${authority.name} (${censusYear}) and its statistical neighbours (${dfeYear ?? 'not published'})`;
    const withheld = [mine, ...neighbourCells].filter((c) => c.status !== 'shown').length;
    const description =
      `${authority.name}’s bar is drawn in dark grey, its neighbours’ in blue` +
      (england.value === null ? '. ' : `; the dashed line is England’s ${england.text}. `) +
      (withheld > 0 ? 'A figure withheld or not published is written as [c] or “not published” in place of a bar. ' : '') +
      'The same figures are in the table above.';
    return {
      field,
      label,
      polarity,
      ours: mine,
      england,
      region,
      rankEngland,
      rankRegion,
      band: quartileBand(rankEngland),
      sentence,
      neighbours: neighbourCells,
      chart: {
        title,
        description,
        svg: barChartSvg({
          title,
          description,
          categories,
          values: [value, ...neighbourCells.map((c) => c.value)],
          missingLabels: [mine, ...neighbourCells].map((c) => (c.status === 'suppressed' ? '[c]' : c.symbol === 'c' ? '[c]' : 'not published')),
          unit,
          highlighted: new Set([authority.name]),
          highlightColour: '#505a5f',
          // The legend names what the grey marks: our council, the rest its neighbours.
          legend: { highlighted: authority.name, other: 'Statistical neighbours' },
          reference: { name: 'England', value: england.value },
        }),
      },
    };
  });

  const basisRow = modelList[0];
  const borrowed = settings.neighbourBasis !== null && basisRow !== undefined;
  return {
    censusYear,
    dfeYear,
    yearNote:
      dfeYear !== null && dfeYear !== censusYear ? `DfE has not published figures for ${censusYear} yet: ${authority.name}’s ${censusYear} figures are set beside DfE’s latest, for ${dfeYear}.` : null,
    regionName: authority.regionName ?? ownRow?.regionName ?? national[1]?.regionName ?? null,
    regionCount: regionOthers.length + 1,
    nationalCount: others.length + 1,
    model,
    basisNote: borrowed
      ? `${authority.name} is not a real council: it takes ${authority.regionName ?? 'a real region'} as its region and DfE’s ${model} statistical neighbours of ${basisRow.laName} (${basisRow.laCode}), a real council of similar size.`
      : null,
    neighbours,
    measures,
  };
}

async function nationalAndRegion(db: Db, year: number, regionCode: string | null): Promise<[PublishedRow | undefined, PublishedRow | undefined]> {
  return [await nationalRow(db, year), regionCode === null ? undefined : await regionRow(db, regionCode, year)];
}
