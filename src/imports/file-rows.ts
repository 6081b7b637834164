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

/**
 * The reader for each row of one file: the header mapping is looked at once per file, not once a
 * row, and a row's reader is one small object with its methods shared (no closures made per row).
 */
export function rowReaders<F extends string>(fileName: string, header: readonly string[], match: HeaderMatch<F>): (tableRow: TableRow) => RowReader<F> {
  const file: FileColumns<F> = {
    fileName,
    header,
    columns: match.columns,
    read: (Object.entries(match.columns) as Array<[F, number | undefined]>).filter((entry): entry is [F, number] => entry[1] !== undefined),
  };
  return (tableRow) => new Row(file, tableRow);
}

/** One row's reader; for many rows of a file, rowReaders. */
export function rowReader<F extends string>(fileName: string, header: readonly string[], match: HeaderMatch<F>, tableRow: TableRow): RowReader<F> {
  return rowReaders(fileName, header, match)(tableRow);
}

interface FileColumns<F extends string> {
  fileName: string;
  header: readonly string[];
  columns: HeaderMatch<F>['columns'];
  /** The fields the file has a column for, with the column's index. */
  read: ReadonlyArray<readonly [F, number]>;
}

class Row<F extends string> implements RowReader<F> {
  readonly row: number;
  readonly problems: Problem[] = [];
  readonly #file: FileColumns<F>;
  readonly #cells: readonly Cell[];
  #tooLong: Set<F> | undefined;

  constructor(file: FileColumns<F>, tableRow: TableRow) {
    this.#file = file;
    this.#cells = tableRow.cells;
    this.row = tableRow.row;
    // Every cell the importer reads is checked for length first, once: an over-long one is a
    // problem (the row is not imported) and is never quoted back or parsed.
    for (const [field, index] of file.read) {
      const value = tableRow.cells[index];
      if (typeof value === 'string' && value.length > MAX_CELL_LENGTH) {
        (this.#tooLong ??= new Set()).add(field);
        this.problems.push({
          file: file.fileName,
          row: tableRow.row,
          column: file.header[index] ?? field,
          message: `the value is ${count(value.length)} characters long; a cell may hold at most ${MAX_CELL_LENGTH}`,
        });
      }
    }
  }

  cell(field: F): Cell {
    const index = this.#file.columns[field];
    if (index === undefined) return null;
    const value = this.#cells[index] ?? null;
    return isBlank(value) ? null : value;
  }

  text(field: F): string | null {
    const value = this.cell(field);
    // Already a problem: the row will not be imported, so the text only has to be short and present.
    if (this.#tooLong?.has(field)) return cellText(value).slice(0, MAX_CELL_LENGTH);
    return value === null ? null : cellText(value);
  }

  parse<T>(field: F, parser: (cell: Cell) => Parsed<T>): T | null | undefined {
    const value = this.cell(field);
    if (value === null) return null;
    if (this.#tooLong?.has(field)) return undefined;
    const parsed = parser(value);
    if (parsed.ok) return parsed.value;
    this.fail(field, parsed.message);
    return undefined;
  }

  fail(field: F, message: string): void {
    this.problems.push({ file: this.#file.fileName, row: this.row, column: this.label(field), message });
  }

  label(field: F): string {
    const index = this.#file.columns[field];
    return index === undefined ? field : (this.#file.header[index] ?? field);
  }

  typed(field: F): string {
    return typedText(this.cell(field));
  }
}
