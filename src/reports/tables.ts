import { atPublishedPrecision } from '../domain/benchmarks.ts';
import { RATE_FIELDS } from '../domain/measures.ts';

/**
 * A table as every export sees it: named columns and plain rows. Web pages, the CLI's `--csv`
 * and the XLSX downloads all go through these, so a figure is written the same way everywhere.
 */
export interface TableColumn<Row> {
  key: keyof Row & string;
  label: string;
}

export interface Table<Row extends Record<string, unknown>> {
  title: string;
  columns: ReadonlyArray<TableColumn<Row>>;
  rows: ReadonlyArray<Row>;
  /**
   * XLSX only: the Excel number format of a numeric cell (e.g. `0.0"%"` for a rate held as 15.4),
   * so the sheet shows figures as the page does while keeping every digit.
   */
  numberFormat?: (row: Row, key: string) => string | undefined;
  /**
   * CSV only: whether a numeric cell is a rate (a percentage or a caseload), written rounded to one
   * decimal place as DfE publishes them (`publishedAtOneDecimal`). XLSX keeps every digit.
   */
  csvRounded?: (row: Row, key: string) => boolean;
}

/**
 * The figures CSV files round to one decimal place, as DfE's CSWW files publish them: every rate
 * (a percentage, including the retention page's stability index, share under two years' service
 * and rolling turnover) and the average caseload. Counts and FTE are written as held: a count is
 * whole already, and FTE sums are inputs an analyst may re-add (our choice; DfE is silent on a
 * council's own file). Worked example: a turnover rate of 15.384615… is written `15.4`, 14.0 as
 * `14` (DfE writes `14` too), caseload 17.25 as `17.3`, FTE 56.65 as `56.65`.
 */
const ONE_DECIMAL_FIELDS = new Set<string>([...RATE_FIELDS, 'caseload_fte', 'stability_index', 'share_under_two_years', 'rolling_turnover']);

export function publishedAtOneDecimal(field: string): boolean {
  return ONE_DECIMAL_FIELDS.has(field);
}

/** Excel formats for figures: a rate (held as a percentage, 15.4) at one decimal with a % sign; FTE at one decimal; a count whole. */
export const NUMBER_FORMATS = { percent: '0.0"%"', oneDecimal: '0.0', whole: '0' } as const;

/**
 * RFC 4180 CSV with a header row; null and undefined are empty cells; rates the table marks
 * (`csvRounded`) at one decimal place as DfE publishes them (src/domain/benchmarks.ts
 * atPublishedPrecision, the precision comparisons use), every other number unrounded.
 */
export function tableToCsv<Row extends Record<string, unknown>>(table: Table<Row>, header: 'labels' | 'keys' = 'labels'): string {
  const lines = [table.columns.map((column) => csvCell(header === 'labels' ? column.label : column.key))];
  for (const row of table.rows) {
    lines.push(
      table.columns.map((column) => {
        const value = row[column.key];
        const rounded = typeof value === 'number' && Number.isFinite(value) && table.csvRounded?.(row, column.key) === true;
        return csvCell(rounded ? atPublishedPrecision(value) : value);
      }),
    );
  }
  return `${lines.map((cells) => cells.join(',')).join('\r\n')}\r\n`;
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  // A leading =, +, - or @ would be run as a formula by spreadsheet programs.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value !== 'number' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One worksheet per table, header row bold and frozen, numbers kept as numbers. */
// Row types are interfaces without index signatures, so a list of mixed tables is typed loosely here.
// biome-ignore lint/suspicious/noExplicitAny: a list of tables of different row types
export type AnyTable = Table<any>;

export async function tablesToXlsx(tables: ReadonlyArray<AnyTable>): Promise<Buffer> {
  // Loaded on first use: ExcelJS is a large part of start-up, and most commands and pages write no XLSX.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Retain';
  const used = new Set<string>();
  for (const table of tables) {
    const sheet = workbook.addWorksheet(sheetName(table.title, used), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((column) => ({ header: column.label, key: column.key, width: Math.max(12, column.label.length + 2) }));
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) {
      const added = sheet.addRow(Object.fromEntries(table.columns.map((column: TableColumn<Record<string, unknown>>) => [column.key, row[column.key] ?? null])));
      if (!table.numberFormat) continue;
      table.columns.forEach((column: TableColumn<Record<string, unknown>>, index: number) => {
        if (typeof row[column.key] !== 'number') return;
        const format = table.numberFormat!(row, column.key);
        if (format) added.getCell(index + 1).numFmt = format;
      });
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// Excel sheet names: at most 31 characters, none of []:*?/\ and unique in the workbook.
function sheetName(title: string, used: Set<string>): string {
  const base = title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet';
  let name = base;
  for (let n = 2; used.has(name.toLowerCase()); n += 1) name = `${base.slice(0, 28)} ${n}`;
  used.add(name.toLowerCase());
  return name;
}
