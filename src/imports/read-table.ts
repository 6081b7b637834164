import type ExcelJS from 'exceljs';
import { parseCsv } from './csv-parse-sync.ts';
import { csvRecords } from './csv-records.ts';
import { headerKey } from './headers.ts';
import { MAX_CELL_LENGTH, type Cell } from './values.ts';
import { checkWorkbookLimits, MAX_DATA_ROWS, tooManyRowsMessage } from './workbook-limits.ts';
import { count } from '../domain/format.ts';

/**
 * Reads a CSV or XLSX file into a header and data rows, numbered as a spreadsheet shows them
 * (the first row is 1), so that problems can point at the row a person will look for.
 *
 * - The format is told by content: an XLSX file is a zip and starts with "PK"; other text is
 *   CSV whatever the file is called. The extension only chooses the message for binary content.
 * - CSV text is UTF-8 (a BOM is dropped); bytes that are not valid UTF-8 are read as
 *   Windows-1252, which is what Excel writes for "CSV" on a UK Windows machine. The separator is
 *   a comma unless the header line has more semicolons or tabs.
 * - XLSX: the first sheet, or the named one (names matched ignoring case). Date cells come as
 *   Dates, formula cells as their cached result, rich text as its plain text, errors as their text
 *   (#N/A), so they are reported like any other bad value.
 * - The header is found below any title rows (findHeaderIndex); blank rows are skipped but still counted.
 */

export interface TableRow {
  /** The spreadsheet row number. */
  row: number;
  /** One cell per header column; missing cells are null. */
  cells: Cell[];
}

export interface Table {
  format: 'csv' | 'xlsx';
  /** The sheet read, for XLSX. */
  sheet: string | null;
  header: string[];
  headerRow: number;
  /** Rows above the header (a title, a run date), with their text; not data. */
  titleRows?: Array<{ row: number; text: string }>;
  rows: TableRow[];
}

export type ReadTableResult = { ok: true; table: Table } | { ok: false; message: string };

export interface ReadTableOptions {
  /** XLSX: the sheet to read; the first when not given. */
  sheet?: string | undefined;
  /** Column names (as headerKey) that mark the header row when title rows come above it. */
  knownHeaders?: ReadonlySet<string> | undefined;
}

export async function readTable(bytes: Uint8Array, fileName: string, options: ReadTableOptions = {}): Promise<ReadTableResult> {
  if (isZip(bytes)) {
    // Before exceljs unpacks it: a zip bomb or a million-row sheet is refused here (workbook-limits.ts).
    const refused = checkWorkbookLimits(bytes);
    if (refused) return { ok: false, message: refused };
    return readXlsx(bytes, options.sheet, options.knownHeaders);
  }
  if (isOleCompound(bytes)) return { ok: false, message: 'this is an old-style Excel .xls file; save it as .xlsx or CSV and import that' };
  if (bytes.includes(0)) {
    return {
      ok: false,
      message: /\.xlsx$/i.test(fileName)
        ? 'the file is named .xlsx but is not an Excel workbook; save it again from Excel as .xlsx, or as CSV'
        : 'this is not a CSV or XLSX file (it holds binary data)',
    };
  }
  return await readCsv(decodeText(bytes), options.knownHeaders);
}

function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function isOleCompound(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
}

/** UTF-8 with or without a BOM, else Windows-1252. */
export function decodeText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  // Line endings made uniform: csv-parse takes its record delimiter from the first line, and files
  // edited on two systems mix them.
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

function separatorOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (char: string) => firstLine.split(char).length - 1;
  const [best] = [',', ';', '\t'].map((char) => [char, count(char)] as const).sort((a, b) => b[1] - a[1]);
  return best && best[1] > 0 ? best[0] : ',';
}

async function readCsv(text: string, knownHeaders?: ReadonlySet<string>): Promise<ReadTableResult> {
  const delimiter = separatorOf(text);
  // Plain CSV (nearly every extract) is read by csvRecords; anything else by csv-parse, loaded only then.
  let records = csvRecords(text, delimiter);
  if (records === undefined) {
    try {
      records = parseCsv(text, {
        delimiter,
        relax_column_count: true,
        skip_empty_lines: false,
        bom: true,
      }) as string[][];
    } catch (error) {
      return { ok: false, message: `the CSV cannot be read: ${(error as Error).message}` };
    }
  }
  return tableFrom(
    'csv',
    null,
    records.map((cells, index) => ({ row: index + 1, cells })),
    knownHeaders,
  );
}

/** How far down a title block can go before the header row: rows looked at for the header. */
const HEADER_SEARCH_ROWS = 20;

/**
 * The header row among the first non-blank rows. HR extracts often put a title, a run date or a
 * filter description above the header ("Social care staff - run 01/04/2024"). Chosen, in order:
 * 1. the first row with at least two cells that are known column names (`knownHeaders`, as headerKey);
 * 2. else the first row at least half as wide (in non-empty cells) as the widest row near the top,
 *    since title rows have one or two cells and the header is as wide as the data.
 * Worked example: rows ["Staff extract"], ["Run 01/04/2024"], [Employee Number, Job Title, ...]:
 * the third is the header, and the two above it are reported as title rows.
 */
export function findHeaderIndex(rows: ReadonlyArray<{ cells: Cell[] }>, knownHeaders?: ReadonlySet<string>): number {
  const top = rows.slice(0, HEADER_SEARCH_ROWS);
  if (knownHeaders && knownHeaders.size > 0) {
    const known = top.findIndex((r) => r.cells.filter((cell) => typeof cell === 'string' && knownHeaders.has(headerKey(cell))).length >= 2);
    if (known >= 0) return known;
  }
  const widths = top.map((r) => r.cells.filter((cell) => !isBlankCell(cell)).length);
  const widest = Math.max(0, ...widths);
  const enough = Math.max(Math.min(2, widest), Math.ceil(widest / 2));
  return Math.max(
    0,
    widths.findIndex((width) => width >= enough),
  );
}

function tableFrom(format: 'csv' | 'xlsx', sheet: string | null, raw: Array<{ row: number; cells: Cell[] }>, knownHeaders?: ReadonlySet<string>): ReadTableResult {
  const all = raw.filter((r) => !r.cells.every(isBlankCell));
  const headerIndex = findHeaderIndex(all, knownHeaders);
  const titleRows = all.slice(0, headerIndex).map((r) => ({
    row: r.row,
    text: r.cells
      .filter((cell) => !isBlankCell(cell))
      .map((cell) => (cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell).trim()))
      .join(' '),
  }));
  const nonBlank = all.slice(headerIndex);
  const headerRow = nonBlank[0];
  if (!headerRow) return { ok: false, message: sheet ? `the sheet "${sheet}" is empty` : 'the file is empty' };
  const header = headerRow.cells.map((cell) => (cell === null ? '' : cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell).trim()));
  // Trailing empty header cells (a sheet formatted wider than its data) are not columns.
  while (header.length > 0 && header[header.length - 1] === '') header.pop();
  const long = header.findIndex((text) => text.length > MAX_CELL_LENGTH);
  if (long >= 0) {
    return { ok: false, message: `row ${headerRow.row}: the heading of column ${long + 1} is ${count(header[long]!.length)} characters long; a heading may hold at most ${MAX_CELL_LENGTH}` };
  }
  if (nonBlank.length - 1 > MAX_DATA_ROWS) return { ok: false, message: tooManyRowsMessage(nonBlank.length - 1) };
  const rows = nonBlank.slice(1).map((r) => ({ row: r.row, cells: header.map((_, i) => r.cells[i] ?? null) }));
  return { ok: true, table: { format, sheet, header, headerRow: headerRow.row, titleRows, rows: rows.filter((r) => !r.cells.every(isBlankCell)) } };
}

function isBlankCell(cell: Cell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

async function readXlsx(bytes: Uint8Array, sheetName: string | undefined, knownHeaders?: ReadonlySet<string>): Promise<ReadTableResult> {
  // Loaded on first use: most files are CSV, and ExcelJS is a large part of start-up.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (error) {
    return { ok: false, message: `the XLSX workbook cannot be read: ${(error as Error).message}` };
  }
  const sheets = workbook.worksheets;
  const wanted = sheetName?.trim().toLowerCase();
  const worksheet = wanted === undefined ? sheets[0] : sheets.find((ws) => ws.name.trim().toLowerCase() === wanted);
  if (!worksheet) {
    const names = sheets.map((ws) => `"${ws.name}"`).join(', ');
    return { ok: false, message: sheetName === undefined ? 'the workbook has no sheets' : `the workbook has no sheet "${sheetName}" (it has ${names || 'none'})` };
  }
  const raw: Array<{ row: number; cells: Cell[] }> = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      cells[column - 1] = cellValue(cell.value);
    });
    for (let i = 0; i < cells.length; i += 1) cells[i] ??= null;
    raw.push({ row: rowNumber, cells });
  });
  return tableFrom('xlsx', worksheet.name, raw, knownHeaders);
}

/** An exceljs cell value as a plain cell. */
export function cellValue(value: ExcelJS.CellValue | undefined): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('formula' in value || 'sharedFormula' in value) return cellValue((value as { result?: ExcelJS.CellValue }).result);
    if ('hyperlink' in value) {
      const text = (value as { text?: unknown }).text;
      return typeof text === 'string' ? text : cellValue(text as ExcelJS.CellValue);
    }
    if ('error' in value) return String(value.error);
  }
  return String(value);
}
