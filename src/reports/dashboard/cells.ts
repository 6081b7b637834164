import { suppressSmallNumbers } from '../../domain/disclosure.ts';
import { count, oneDecimal } from '../../domain/format.ts';
import { RATE_FIELDS, type CensusFigures, type MeasureField } from '../../domain/measures.ts';
import { NUMBER_FORMATS } from '../tables.ts';

/**
 * A figure as people read it: a number written as the page writes it, withheld ([c]) for a viewer
 * when fewer than 5 people are behind it, or not available. Every table, chart label, download and
 * document that shows a council's figures is built from these cells.
 */

export type CellStatus = 'shown' | 'suppressed' | 'not_available';

export interface Cell {
  /** Unrounded; null when suppressed or not available. */
  value: number | null;
  /** For people: `15.4%`, `212.5`, `37`, `[c]` or `not available`. */
  text: string;
  status: CellStatus;
  /** DfE's symbol when a published figure is missing (c, x, z, u, low, :). */
  symbol?: string;
}

/** What a withheld cell shows. DfE's own symbol for confidential figures, in brackets as the page shows it. */
export const SUPPRESSED_TEXT = '[c]';
export const NOT_AVAILABLE_TEXT = 'not available';
/** What a withheld figure is written as in CSV and XLSX: DfE's symbol, so the files read like DfE's own. */
export const SUPPRESSED_EXPORT = 'c';

const RATES = new Set<string>(RATE_FIELDS);
const COUNTS = new Set<string>(['inpost_headcount', 'starters_headcount', 'leavers_headcount', 'agency_headcount', 'cases', 'inPost', 'underTwoYears', 'stillInPost', 'inPostYearAgo']);
const PERCENT_KEYS = new Set<string>([...RATE_FIELDS, 'stability_index', 'share_under_two_years']);

/** A figure for people: rates as `15.4%`, headcounts whole, FTE and caseloads at one decimal place. */
// Numbers written as src/domain/format.ts writes them everywhere.

export function formatMeasure(field: string, value: number): string {
  if (COUNTS.has(field)) return count(Math.round(value));
  const text = oneDecimal(value);
  return PERCENT_KEYS.has(field) || RATES.has(field) ? `${text}%` : text;
}

export function shownCell(field: string, value: number | null | undefined, symbol?: string | null): Cell {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return symbol ? { value: null, text: NOT_AVAILABLE_TEXT, status: 'not_available', symbol } : { value: null, text: NOT_AVAILABLE_TEXT, status: 'not_available' };
  }
  return { value, text: formatMeasure(field, value), status: 'shown' };
}

export const SUPPRESSED_CELL: Cell = { value: null, text: SUPPRESSED_TEXT, status: 'suppressed' };

/** Our own figures, withheld where the disclosure rule says so. */
export function ourCells(figures: CensusFigures, personalDataAllowed: boolean): Record<MeasureField, Cell> {
  const suppressed = personalDataAllowed ? new Set<MeasureField>() : suppressSmallNumbers(figures.measures, figures.people).suppressed;
  const cells = {} as Record<MeasureField, Cell>;
  for (const field of Object.keys(figures.measures) as MeasureField[]) {
    cells[field] = suppressed.has(field) ? SUPPRESSED_CELL : shownCell(field, figures.measures[field]);
  }
  return cells;
}

/** The precision a figure is shown at (one decimal place, headcounts whole): changes are judged on what people read. */
export function roundedAsShown(field: string, value: number): number {
  return COUNTS.has(field) ? Math.round(value) : Math.round(value * 10) / 10;
}

/** Whether a field is a rate (a percentage of something). */
export function isRateField(field: string): boolean {
  return RATES.has(field);
}

/** Whether a field is a count of people or cases (written whole). */
export function isCountField(field: string): boolean {
  return COUNTS.has(field);
}

/** A cell as written to a file: the unrounded number, `c` when withheld, empty (or DfE's symbol) when not available. */
export function exported(cell: Cell): number | string | null {
  if (cell.status === 'suppressed') return SUPPRESSED_EXPORT;
  if (cell.status === 'not_available') return cell.symbol ?? null;
  return cell.value;
}

/** The Excel format for a figure by its field (a rate, a count, or FTE / caseload at one decimal). */
export function formatOfField(field: string): string {
  if (PERCENT_KEYS.has(field) || RATES.has(field)) return NUMBER_FORMATS.percent;
  return COUNTS.has(field) ? NUMBER_FORMATS.whole : NUMBER_FORMATS.oneDecimal;
}
