import { count, oneDecimal, percent } from '../domain/format.ts';
import { RATE_FIELDS } from '../domain/measures.ts';

/**
 * Presenting figures on a terminal. Humans get rates and FTE at one decimal place (the precision
 * DfE publishes), written as the web and the documents write them (src/domain/format.ts), in
 * aligned columns; `--json` is written unrounded, `--csv` by src/reports/tables.ts
 * (rates and caseloads at one decimal place, counts and FTE as held).
 */

const RATES = new Set<string>(RATE_FIELDS);
/** Whole numbers: shown without decimals. */
const COUNTS = new Set<string>(['inpost_headcount', 'starters_headcount', 'leavers_headcount', 'agency_headcount', 'cases', 'neighbours_published']);

export const NOT_AVAILABLE = 'n/a';

/** A figure for people: rates as `15.4%`, counts whole, FTE and ratios at one decimal place; null as n/a. */
export function formatFigure(field: string, value: number | string | null | undefined): string {
  if (value === null || value === undefined) return NOT_AVAILABLE;
  if (typeof value === 'string') return value;
  if (RATES.has(field)) return percent(value);
  if (COUNTS.has(field)) return count(Math.round(value));
  return oneDecimal(value);
}

/** A difference for people, signed: `+2.3`, `-0.4`, `0.0`; rates in percentage points. */
export function formatDifference(field: string, ours: number | null, theirs: number | null): string {
  if (ours === null || theirs === null) return '';
  const difference = ours - theirs;
  const text = Math.abs(difference).toFixed(1);
  const sign = text === '0.0' ? '±' : difference > 0 ? '+' : '-';
  return `${sign}${text}${RATES.has(field) ? ' pts' : ''}`;
}

/** Columns padded to their widest cell; cells that look like numbers are right-aligned. */
export function alignedTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((title, index) => Math.max(title.length, ...rows.map((row) => (row[index] ?? '').length)));
  const numeric = header.map((_, index) => rows.length > 0 && rows.every((row) => /^([+\-±]?[\d.,]+(%| pts)?|n\/a|)$/.test(row[index] ?? '')));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, index) => (index > 0 && numeric[index] ? cell.padStart(widths[index]!) : cell.padEnd(widths[index]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n') + '\n';
}

export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
