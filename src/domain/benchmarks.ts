import { MEASURE_FIELDS, type CensusMeasures, type MeasureField } from './measures.ts';

/**
 * DfE's published CSWW figures (the `csww_indicators` files) and how our own figures are set beside
 * them. Pure: the rows come in from src/db, the comparison goes out to the CLI, web and API.
 */

/**
 * DfE's statistical neighbour models: each council's ten most similar councils, nearest first
 * (published with LAIT). The 2025 model is the default; a council may choose 2021 or edit its list.
 */
export const NEIGHBOUR_MODELS = ['2025', '2021'] as const;
export type NeighbourModel = (typeof NEIGHBOUR_MODELS)[number];
export const DEFAULT_NEIGHBOUR_MODEL: NeighbourModel = '2025';

/** The geographic levels DfE publishes CSWW indicators at. */
export const GEOGRAPHIC_LEVELS = ['National', 'Regional', 'Local authority'] as const;
export type GeographicLevel = (typeof GEOGRAPHIC_LEVELS)[number];

/**
 * Symbols DfE writes in place of a figure: `c` confidential (suppressed), `x` not available,
 * `z` not applicable, `u` low reliability, `low` rounds to zero, `:` not available.
 * A figure with a symbol is "not available": it is null, and the symbol is kept as its reason.
 */
export const SUPPRESSION_SYMBOLS = ['c', 'x', 'z', 'u', 'low', ':'] as const;
export type SuppressionSymbol = (typeof SUPPRESSION_SYMBOLS)[number];

export function suppressionSymbolOf(value: string): SuppressionSymbol | null {
  const folded = value.trim().toLowerCase();
  return (SUPPRESSION_SYMBOLS as readonly string[]).includes(folded) ? (folded as SuppressionSymbol) : null;
}

/** One row of a published file: a geography in a year, with its figures by DfE column name. */
export interface PublishedRow {
  timePeriod: number;
  geographicLevel: string;
  regionCode: string | null;
  regionName: string | null;
  /** Three-digit DfE LA code (e.g. "840"). */
  oldLaCode: string | null;
  /** Nine-character ONS code (e.g. "E06000047"). */
  newLaCode: string | null;
  laName: string | null;
  /** Figures by column name (the MEASURE_FIELDS and any other numeric column); null when not published. */
  figures: Record<string, number | null>;
  /** Why a figure is null, by column name, when the file gave a suppression symbol. */
  symbols: Record<string, string>;
}

/** A published row as stored, with the release it came from. */
export interface StoredPublishedRow extends PublishedRow {
  releaseId: number;
}

/** The published figure for a field: null when suppressed, not published or the column is absent. */
export function publishedFigure(row: Pick<PublishedRow, 'figures'> | null | undefined, field: string): number | null {
  const value = row?.figures[field];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function publishedSymbol(row: Pick<PublishedRow, 'symbols'> | null | undefined, field: string): string | null {
  return row?.symbols[field] ?? null;
}

/**
 * Does an LA code (old three-digit or nine-character ONS, either case) name this published row?
 */
export function rowHasLaCode(row: Pick<PublishedRow, 'oldLaCode' | 'newLaCode'>, code: string): boolean {
  const wanted = normaliseLaCode(code);
  return (row.oldLaCode !== null && normaliseLaCode(row.oldLaCode) === wanted) || (row.newLaCode !== null && normaliseLaCode(row.newLaCode) === wanted);
}

/** LA codes compare without surrounding spaces and case ("e06000047" is "E06000047"). */
export function normaliseLaCode(code: string): string {
  return code.trim().toUpperCase();
}

/**
 * The median of the values that are known: nulls (suppressed or missing figures) are left out
 * rather than counted as zero. An even count gives the mean of the middle two. Null when none is known.
 */
export function median(values: readonly (number | null | undefined)[]): number | null {
  const known = values.filter((value): value is number => typeof value === 'number' && Number.isFinite(value)).sort((a, b) => a - b);
  if (known.length === 0) return null;
  const middle = Math.floor(known.length / 2);
  return known.length % 2 === 1 ? known[middle]! : (known[middle - 1]! + known[middle]!) / 2;
}

export interface NeighbourMedian {
  median: number | null;
  /** How many neighbours published this figure (the median is over these). */
  count: number;
}

/**
 * The statistical neighbours' median for one field: the median of each neighbour's published
 * figure, over the neighbours that published one. A neighbour whose figure is suppressed is left
 * out, so the count says how many the median rests on.
 */
export function neighbourMedian(rows: readonly Pick<PublishedRow, 'figures'>[], field: string): NeighbourMedian {
  const values = rows.map((row) => publishedFigure(row, field)).filter((value): value is number => value !== null);
  return { median: median(values), count: values.length };
}

/** One measure: ours beside England, our region, the neighbours' median and our own published row. */
export interface ComparisonRow {
  field: MeasureField;
  /** Computed from the council's own records (unrounded; present at one decimal place). */
  ours: number | null;
  england: number | null;
  region: number | null;
  neighbourMedian: number | null;
  neighbourCount: number;
  /** The authority's own row in the published file, when one is loaded. */
  published: number | null;
  /** Suppression symbols behind a null published figure (c, x, z, u, low, :), when the file gave one. */
  symbols: { england: string | null; region: string | null; published: string | null };
}

export interface Comparison {
  censusYear: number;
  /** The published year the benchmarks come from: the census year, or null when it has no published data. */
  benchmarkYear: number | null;
  /** The release (imported file) the benchmarks come from. */
  releaseId: number | null;
  /** The latest year any loaded release publishes, to say what is there when benchmarkYear is null. */
  latestPublishedYear: number | null;
  region: { code: string | null; name: string | null };
  neighbours: {
    /** The LA codes the authority named. */
    named: string[];
    /** Of those, the ones with a published row in the benchmark year. */
    found: string[];
    /** Named codes with no published row that year (unknown codes, or authorities not published). */
    missing: string[];
  };
  /** Whether the authority's own published row was found. */
  ownPublished: boolean;
  rows: ComparisonRow[];
}

export interface ComparisonInput {
  censusYear: number;
  ours: CensusMeasures;
  benchmarkYear: number | null;
  releaseId: number | null;
  latestPublishedYear?: number | null;
  region: { code: string | null; name: string | null };
  england: PublishedRow | null;
  regionRow: PublishedRow | null;
  /** The codes the authority named as neighbours, and the published rows found for them. */
  neighbourCodes: readonly string[];
  neighbourRows: readonly PublishedRow[];
  own: PublishedRow | null;
}

/**
 * Our figures for a census year beside the published benchmarks for the same year, one row per
 * MEASURE_FIELD in DfE's order. Absent benchmarks are nulls, never zeros.
 */
export function buildComparison(input: ComparisonInput): Comparison {
  const found = input.neighbourCodes.filter((code) => input.neighbourRows.some((row) => rowHasLaCode(row, code)));
  const missing = input.neighbourCodes.filter((code) => !found.includes(code));
  return {
    censusYear: input.censusYear,
    benchmarkYear: input.benchmarkYear,
    releaseId: input.releaseId,
    latestPublishedYear: input.latestPublishedYear ?? null,
    region: input.region,
    neighbours: { named: [...input.neighbourCodes], found, missing },
    ownPublished: input.own !== null,
    rows: MEASURE_FIELDS.map((field) => {
      const neighbours = neighbourMedian(input.neighbourRows, field);
      return {
        field,
        ours: input.ours[field],
        england: publishedFigure(input.england, field),
        region: publishedFigure(input.regionRow, field),
        neighbourMedian: neighbours.median,
        neighbourCount: neighbours.count,
        published: publishedFigure(input.own, field),
        symbols: {
          england: publishedSymbol(input.england, field),
          region: publishedSymbol(input.regionRow, field),
          published: publishedSymbol(input.own, field),
        },
      };
    }),
  };
}

/** A published series for one field, one point per year (the dashboard's trend chart). */
export interface BenchmarkSeries {
  field: string;
  years: number[];
  england: (number | null)[];
  region: (number | null)[];
  neighbourMedian: (number | null)[];
  /** The authority's own published figure each year. */
  published: (number | null)[];
}

export interface SeriesYear {
  year: number;
  england: PublishedRow | null;
  region: PublishedRow | null;
  neighbours: readonly PublishedRow[];
  own: PublishedRow | null;
}

/** The published series for one field from the rows of each year, oldest year first. */
export function buildBenchmarkSeries(field: string, years: readonly SeriesYear[]): BenchmarkSeries {
  const sorted = [...years].sort((a, b) => a.year - b.year);
  return {
    field,
    years: sorted.map((year) => year.year),
    england: sorted.map((year) => publishedFigure(year.england, field)),
    region: sorted.map((year) => publishedFigure(year.region, field)),
    neighbourMedian: sorted.map((year) => neighbourMedian(year.neighbours, field).median),
    published: sorted.map((year) => publishedFigure(year.own, field)),
  };
}

/** A DfE three-digit LA code ("840") or a nine-character ONS code for an English LA ("E06000047"). */
const LA_CODE = /^(\d{3}|E\d{8})$/;

export interface NeighbourCodes {
  /** Well-formed codes, upper case, first occurrence kept, in the order given. */
  codes: string[];
  /** Values that are not an LA code in either form, as given. */
  invalid: string[];
}

/**
 * Statistical neighbours as typed: a list, or text separated by commas, semicolons or spaces.
 * Codes are compared in upper case and repeats dropped.
 */
export function parseNeighbourCodes(input: string | readonly string[]): NeighbourCodes {
  const parts = (typeof input === 'string' ? [input] : input).flatMap((part) => part.split(/[\s,;]+/)).filter((part) => part !== '');
  const codes: string[] = [];
  const invalid: string[] = [];
  for (const part of parts) {
    const code = normaliseLaCode(part);
    if (!LA_CODE.test(code)) invalid.push(part);
    else if (!codes.includes(code)) codes.push(code);
  }
  return { codes, invalid };
}

// ---------------------------------------------------------------------------------------------
// Comparisons as LAIT makes them: rank, quartile band with polarity, and a plain sentence

/** Whether a higher figure is better, worse, or neither (starters, FTE in post). */
export type BenchmarkPolarity = 'higher_better' | 'lower_better' | 'neutral';
export type QuartileBand = 'A' | 'B' | 'C' | 'D';

/**
 * Figures are compared at the precision DfE publishes (one decimal place), so a council's
 * unrounded 15.04% ties with a published 15.0%. (Our choice: LAIT compares published figures.)
 */
export function atPublishedPrecision(value: number): number {
  return Math.round(value * 10) / 10;
}

export interface Ranking {
  /** 1 is the best (or, for a neutral measure, the highest); tied councils share the better rank. */
  rank: number;
  /** How many councils have a figure (ours included). */
  of: number;
}

/**
 * Our rank among councils' figures: the number of councils strictly better than us, plus one
 * ("1224" ranking, as LAIT ranks ties). Better is lower for lower_better measures, higher for
 * higher_better; a neutral measure ranks from the highest. `others` excludes our own figure;
 * nulls (suppressed or unpublished) are left out.
 *
 * Worked example: turnover (lower is better) of 12.0 among others [10.0, 12.0, 15.0, 20.0]:
 * one council is better, so the rank is 2 of 5.
 */
export function rankAmong(ours: number | null, others: readonly (number | null)[], polarity: BenchmarkPolarity): Ranking | null {
  if (ours === null || !Number.isFinite(ours)) return null;
  const mine = atPublishedPrecision(ours);
  const known = others.filter((value): value is number => typeof value === 'number' && Number.isFinite(value)).map(atPublishedPrecision);
  const better = known.filter((value) => (polarity === 'lower_better' ? value < mine : value > mine)).length;
  return { rank: better + 1, of: known.length + 1 };
}

/**
 * LAIT's quartile banding: councils in rank order split into four equal quarters, A the best
 * quarter (lowest turnover, highest stability) whatever the direction, D the worst. Band =
 * ceil(4 × rank / of). For a neutral measure A is the highest quarter, with no judgement.
 *
 * Worked example: rank 2 of 5 gives ceil(8 / 5) = 2, band B; rank 150 of 153 gives D.
 */
export function quartileBand(ranking: Ranking | null): QuartileBand | null {
  if (ranking === null || ranking.of === 0) return null;
  const quarter = Math.min(4, Math.max(1, Math.ceil((4 * ranking.rank) / ranking.of)));
  return (['A', 'B', 'C', 'D'] as const)[quarter - 1]!;
}

/**
 * A plain sentence setting our figure beside England and the named neighbours, compared at
 * published precision: "Turnover rate (FTE) is higher than England and 7 of 10 neighbours."
 * When the neighbours mostly point the other way: "... is higher than England but lower than 6 of
 * 10 neighbours." Neighbours without a figure are not counted. Null when our figure is not shown.
 *
 * Worked example: ours 15.2, England 13.9, neighbours [12, 13, 14, 15, 16, 10, 11, 12.5, 18, 9]:
 * higher than England and higher than 8 of 10 neighbours.
 */
export function comparisonSentence(label: string, ours: number | null, england: number | null, neighbours: readonly (number | null)[]): string | null {
  if (ours === null || !Number.isFinite(ours)) return null;
  const mine = atPublishedPrecision(ours);
  const known = neighbours.filter((value): value is number => typeof value === 'number' && Number.isFinite(value)).map(atPublishedPrecision);
  const higher = known.filter((value) => mine > value).length;
  const lower = known.filter((value) => mine < value).length;
  const neighbourPart = (word: 'higher' | 'lower') => `${word === 'higher' ? higher : lower} of ${known.length} neighbour${known.length === 1 ? '' : 's'}`;
  const mostly: 'higher' | 'lower' = higher >= lower ? 'higher' : 'lower';
  if (england === null) {
    return known.length === 0 ? null : `${label} is ${mostly} than ${neighbourPart(mostly)}.`;
  }
  const national = atPublishedPrecision(england);
  const versus: 'higher' | 'lower' | 'same' = mine > national ? 'higher' : mine < national ? 'lower' : 'same';
  const englandText = versus === 'same' ? 'the same as England' : `${versus} than England`;
  if (known.length === 0) return `${label} is ${englandText}.`;
  if (versus === 'same') return `${label} is the same as England, and ${mostly} than ${neighbourPart(mostly)}.`;
  const agrees = versus === 'higher' ? higher : lower;
  if (agrees * 2 >= known.length) return `${label} is ${englandText} and ${agrees} of ${known.length} neighbour${known.length === 1 ? '' : 's'}.`;
  const other = versus === 'higher' ? 'lower' : 'higher';
  return `${label} is ${englandText} but ${other} than ${neighbourPart(other)}.`;
}
