import type { VacancyRecord } from '../domain/workforce.ts';
import { rowReaders } from './file-rows.ts';
import { knownHeaderKeys, matchHeaders, VACANCY_FIELDS, type VacancyField } from './headers.ts';
import { formatProblem, type Problem } from './problems.ts';
import { readTable, type Table } from './read-table.ts';
import { parseDate, parseDecimal, type Cell, type Parsed } from './values.ts';
import { tableFacts, titleWarnings, unreadable, type ParsedFile, type ReadFileOptions } from './workers-file.ts';

export { formatProblem, type Problem };

/**
 * The `vacancies` file: one row per reference date, or per reference date and team. A row with
 * no team is the council as a whole. Teams are compared as written (trimmed) for duplicates.
 * Optional `post_id` and `vacant_since` make a row one vacant post (its FTE), for vacancy age; a
 * date's figures are the sum of its rows, so give either team totals or post rows for a date.
 */

export async function readVacanciesFile(fileName: string, bytes: Uint8Array, options: ReadFileOptions = {}): Promise<ParsedFile<VacancyRecord>> {
  const columnMap = options.columnMap ?? new Map();
  const read = await readTable(bytes, fileName, { sheet: options.sheet, knownHeaders: knownHeaderKeys(VACANCY_FIELDS, columnMap) });
  if (!read.ok) return unreadable(fileName, read.message);
  return validateVacancies(fileName, read.table, columnMap);
}

export function validateVacancies(fileName: string, table: Table, columnMap: ReadonlyMap<string, string> = new Map()): ParsedFile<VacancyRecord> {
  const match = matchHeaders<VacancyField>(fileName, table.header, table.headerRow, VACANCY_FIELDS, columnMap);
  const base = {
    fileName,
    format: table.format,
    sheet: table.sheet,
    rowCount: table.rows.length,
    mapping: match.mapping,
    missingOptional: match.missingOptional,
    missingRequired: match.missingRequired,
    warnings: [...titleWarnings(fileName, table), ...match.warnings],
    ...tableFacts(table),
  };
  if (match.problems.length > 0) return { ...base, records: [], rows: [], problems: match.problems };

  const records: VacancyRecord[] = [];
  const rows: number[] = [];
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  const readRow = rowReaders(fileName, table.header, match);
  for (const tableRow of table.rows) {
    const r = readRow(tableRow);
    const required = <T>(field: VacancyField, parser: (cell: Cell) => Parsed<T>): T | undefined => {
      const value = r.parse(field, parser);
      if (value === null) r.fail(field, `${field} is required`);
      return value ?? undefined;
    };
    const referenceDate = required('reference_date', parseDate);
    const vacancyFte = required('vacancy_fte', parseDecimal);
    if (vacancyFte !== undefined && vacancyFte < 0) r.fail('vacancy_fte', `vacancy_fte ${vacancyFte} cannot be negative`);
    const agencyCoverFte = required('agency_cover_fte', parseDecimal);
    if (agencyCoverFte !== undefined && agencyCoverFte < 0) r.fail('agency_cover_fte', `agency_cover_fte ${agencyCoverFte} cannot be negative`);
    const team = r.text('team');
    const postId = r.text('post_id');
    const vacantSince = r.parse('vacant_since', parseDate);
    if (vacantSince && postId === null) r.fail('vacant_since', 'vacant_since needs a post_id: vacancy age is kept for identified posts');
    if (vacantSince && referenceDate !== undefined && vacantSince > referenceDate) r.fail('vacant_since', `vacant_since ${vacantSince} is after reference_date ${referenceDate}`);
    if (referenceDate !== undefined) {
      const key = `${referenceDate}\u0000${team ?? ''}\u0000${postId ?? ''}`;
      const earlier = seen.get(key);
      const what = (team === null ? 'the council as a whole (no team)' : `team ${team}`) + (postId === null ? '' : `, post ${postId}`);
      if (earlier !== undefined) r.fail('reference_date', `${referenceDate} for ${what} is also on row ${earlier}`);
      else seen.set(key, r.row);
    }
    if (r.problems.length > 0) {
      problems.push(...r.problems);
      continue;
    }
    records.push({ referenceDate: referenceDate!, vacancyFte: vacancyFte!, agencyCoverFte: agencyCoverFte!, team, ...(postId === null ? {} : { postId, vacantSince: vacantSince ?? null }) });
    rows.push(r.row);
  }
  return { ...base, records, rows, problems };
}
