import type { HeaderMatch } from './headers.ts';
import type { Problem } from './problems.ts';
import type { TableRow } from './read-table.ts';
import { cellText, isBlank, MAX_CELL_LENGTH, typedText, type Cell, type Parsed } from './values.ts';
import { count } from '../domain/format.ts';

/**
 * One data row seen through the header mapping: cells by contract field, and problems reported
 * against the column as the file names it. Used by the workers and vacancies readers alike.
 */
export interface RowReader<F extends string> {
  row: number;
  /** The cell of a field, or null when the file has no such column or the cell is empty. */
  cell(field: F): Cell;
  /** The field's text, trimmed, or null when empty. */
  text(field: F): string | null;
  /** Parses a non-empty cell; reports a problem and gives undefined when it does not parse; null when empty. */
  parse<T>(field: F, parser: (cell: Cell) => Parsed<T>): T | null | undefined;
  fail(field: F, message: string): void;
  /** The column's name as the user's file writes it (the contract name when the file has none). */
  label(field: F): string;
  /** The cell as the user typed it, for messages: text as written, a date cell as DD/MM/YYYY. */
  typed(field: F): string;
  problems: Problem[];
}

export function rowReader<F extends string>(fileName: string, header: readonly string[], match: HeaderMatch<F>, tableRow: TableRow): RowReader<F> {
  const problems: Problem[] = [];
  // Every cell the importer reads is checked for length first, once: an over-long one is a
  // problem (the row is not imported) and is never quoted back or parsed.
  const tooLong = new Set<F>();
  for (const [field, index] of Object.entries(match.columns) as Array<[F, number | undefined]>) {
    const value = index === undefined ? null : tableRow.cells[index];
    if (typeof value === 'string' && value.length > MAX_CELL_LENGTH) {
      tooLong.add(field);
      problems.push({
        file: fileName,
        row: tableRow.row,
        column: header[index!] ?? field,
        message: `the value is ${count(value.length)} characters long; a cell may hold at most ${MAX_CELL_LENGTH}`,
      });
    }
  }
  const cell = (field: F): Cell => {
    const index = match.columns[field];
    if (index === undefined) return null;
    const value = tableRow.cells[index] ?? null;
    return isBlank(value) ? null : value;
  };
  const fail = (field: F, message: string) => {
    const index = match.columns[field];
    problems.push({ file: fileName, row: tableRow.row, column: index === undefined ? field : (header[index] ?? field), message });
  };
  return {
    row: tableRow.row,
    cell,
    text(field) {
      const value = cell(field);
      // Already a problem: the row will not be imported, so the text only has to be short and present.
      if (tooLong.has(field)) return cellText(value).slice(0, MAX_CELL_LENGTH);
      return value === null ? null : cellText(value);
    },
    parse(field, parser) {
      const value = cell(field);
      if (value === null) return null;
      if (tooLong.has(field)) return undefined;
      const parsed = parser(value);
      if (parsed.ok) return parsed.value;
      fail(field, parsed.message);
      return undefined;
    },
    fail,
    label(field) {
      const index = match.columns[field];
      return index === undefined ? field : (header[index] ?? field);
    },
    typed(field) {
      return typedText(cell(field));
    },
    problems,
  };
}
