import { parseCsv } from './csv-parse-sync.ts';
import { suppressionSymbolOf, type PublishedRow } from '../domain/benchmarks.ts';
import { MEASURE_FIELDS } from '../domain/measures.ts';
import { formatProblem, type Problem } from './problems.ts';

/**
 * Reads DfE's published children's social work workforce `csww_indicators` CSV: one row per
 * geography (National, Regional, Local authority) per year, with the census inputs and the
 * published rates under the column names in src/domain/measures.ts.
 *
 * Choices where the contract is silent:
 * - Headers are DfE's snake_case names, matched ignoring case and surrounding spaces; a BOM is ignored.
 * - The MEASURE_FIELDS columns must hold a number or a suppression symbol; anything else is a problem.
 *   A MEASURE_FIELDS column missing from the file is simply not stored (older releases lack some).
 * - Any other column is kept as a figure when every value in it is a number or a symbol (so a
 *   later release's new indicator is not lost), and ignored otherwise (text such as
 *   `time_identifier`, `country_name`); ignored columns are listed in `ignoredColumns`.
 * - An empty cell is a null figure with no symbol; a symbol cell is a null figure with its symbol kept.
 */

/** Problems are the same shape as the workers and vacancies imports' (src/imports/problems.ts). */
export type ImportProblem = Problem;
export { formatProblem };

export interface BenchmarksFile {
  rows: PublishedRow[];
  problems: ImportProblem[];
  /** Columns neither identifying a geography nor numeric, so not kept. */
  ignoredColumns: string[];
  /** MEASURE_FIELDS this file does not have. */
  missingMeasures: string[];
}

/** Columns that say which geography and year a row is; every other column is a figure. */
const GEOGRAPHY_COLUMNS = ['time_period', 'time_identifier', 'geographic_level', 'country_code', 'country_name', 'region_code', 'region_name', 'old_la_code', 'new_la_code', 'la_name'] as const;
const ESSENTIAL_COLUMNS = ['time_period', 'geographic_level'] as const;
const MEASURE_SET: ReadonlySet<string> = new Set(MEASURE_FIELDS);
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
/** More problems than this and the rest are counted, not listed: the file is plainly the wrong one. */
const MAX_PROBLEMS = 200;

export function decodeText(bytes: Uint8Array | string): string {
  if (typeof bytes === 'string') return bytes.replace(/^\uFEFF/, '');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // DfE publishes UTF-8; a file re-saved by Excel may be Windows-1252.
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

type Cell = { kind: 'number'; value: number } | { kind: 'symbol'; symbol: string } | { kind: 'empty' } | { kind: 'text' };

function readCell(raw: string): Cell {
  const value = raw.trim();
  if (value === '') return { kind: 'empty' };
  const symbol = suppressionSymbolOf(value);
  if (symbol !== null) return { kind: 'symbol', symbol };
  // DfE does not write thousands separators, but a spreadsheet re-save might ("1,234.5").
  const plain = value.replace(/,(?=\d{3}(\D|$))/g, '');
  if (NUMBER.test(plain)) return { kind: 'number', value: Number(plain) };
  return { kind: 'text' };
}

function textOrNull(raw: string | undefined): string | null {
  const value = raw?.trim() ?? '';
  return value === '' || suppressionSymbolOf(value) !== null ? null : value;
}

export function parseBenchmarksFile(fileName: string, bytes: Uint8Array | string): BenchmarksFile {
  const problems: ImportProblem[] = [];
  let problemCount = 0;
  const problem = (row: number | null, column: string | null, message: string) => {
    problemCount += 1;
    if (problems.length < MAX_PROBLEMS) problems.push({ file: fileName, row, column, message });
  };
  const empty = (): BenchmarksFile => ({ rows: [], problems, ignoredColumns: [], missingMeasures: [] });

  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parseCsv(decodeText(bytes), { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_empty_values: true }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    problem(typeof line === 'number' ? line : null, null, `not a readable CSV file: ${(error as Error).message}`);
    return empty();
  }
  const [header, ...body] = records;
  if (!header) {
    problem(null, null, 'the file is empty');
    return empty();
  }

  const columns = header.record.map((name) => name.trim().toLowerCase());
  const indexOf = new Map<string, number>();
  columns.forEach((name, index) => {
    if (name !== '' && !indexOf.has(name)) indexOf.set(name, index);
  });
  for (const column of ESSENTIAL_COLUMNS) {
    if (!indexOf.has(column)) problem(1, column, `the column "${column}" is missing; is this a DfE csww_indicators file?`);
  }
  if (problems.length > 0) return empty();
  const knownMeasures = MEASURE_FIELDS.filter((field) => indexOf.has(field));
  if (knownMeasures.length === 0) {
    problem(1, null, `none of the CSWW indicator columns (${MEASURE_FIELDS.slice(0, 3).join(', ')}, ...) is in the file`);
    return empty();
  }

  const cellAt = (record: string[], column: string) => {
    const index = indexOf.get(column);
    return index === undefined ? undefined : record[index];
  };

  // Other columns count as figures only when every value in them is numeric or a symbol.
  const geography: ReadonlySet<string> = new Set(GEOGRAPHY_COLUMNS);
  const otherColumns = [...indexOf.keys()].filter((name) => !geography.has(name) && !MEASURE_SET.has(name));
  const ignoredColumns = otherColumns.filter((name) => body.some(({ record }) => readCell(cellAt(record, name) ?? '').kind === 'text'));
  const figureColumns = [...knownMeasures, ...otherColumns.filter((name) => !ignoredColumns.includes(name))];
  ignoredColumns.push(
    ...[...indexOf.keys()].filter((name) => geography.has(name) && !['time_period', 'geographic_level', 'region_code', 'region_name', 'old_la_code', 'new_la_code', 'la_name'].includes(name)),
  );

  const rows: PublishedRow[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of body) {
    const line = info.lines;
    const yearText = cellAt(record, 'time_period')?.trim() ?? '';
    const level = cellAt(record, 'geographic_level')?.trim() ?? '';
    let ok = true;
    if (!/^\d{4}$/.test(yearText)) {
      problem(line, 'time_period', yearText === '' ? 'time_period is empty' : `time_period "${yearText}" is not a four-digit year`);
      ok = false;
    }
    if (level === '') {
      problem(line, 'geographic_level', 'geographic_level is empty');
      ok = false;
    }
    const row: PublishedRow = {
      timePeriod: Number(yearText),
      geographicLevel: level,
      regionCode: textOrNull(cellAt(record, 'region_code')),
      regionName: textOrNull(cellAt(record, 'region_name')),
      oldLaCode: textOrNull(cellAt(record, 'old_la_code')),
      newLaCode: textOrNull(cellAt(record, 'new_la_code')),
      laName: textOrNull(cellAt(record, 'la_name')),
      figures: {},
      symbols: {},
    };
    if (level === 'Local authority' && row.oldLaCode === null && row.newLaCode === null) {
      problem(line, 'old_la_code', 'a Local authority row has neither old_la_code nor new_la_code');
      ok = false;
    }
    if (level === 'Regional' && row.regionCode === null) {
      problem(line, 'region_code', 'a Regional row has no region_code');
      ok = false;
    }
    for (const field of figureColumns) {
      const raw = cellAt(record, field) ?? '';
      const cell = readCell(raw);
      if (cell.kind === 'number') row.figures[field] = cell.value;
      else {
        row.figures[field] = null;
        if (cell.kind === 'symbol') row.symbols[field] = cell.symbol;
        else if (cell.kind === 'text') {
          problem(line, field, `"${raw.trim()}" is not a number or a suppression symbol (c, x, z, u, low, :)`);
          ok = false;
        }
      }
    }
    if (!ok) continue;
    const key = [row.timePeriod, level, row.regionCode, row.oldLaCode, row.newLaCode].join('|');
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problem(line, null, `the same year and geography as row ${earlier}`);
      continue;
    }
    seen.set(key, line);
    rows.push(row);
  }
  if (problemCount > problems.length) {
    problems.push({ file: fileName, row: null, column: null, message: `and ${problemCount - problems.length} more problems` });
  }
  if (problems.length === 0 && rows.length === 0) problem(null, null, 'the file has a header but no data rows');
  return { rows, problems, ignoredColumns, missingMeasures: MEASURE_FIELDS.filter((field) => !indexOf.has(field)) };
}
