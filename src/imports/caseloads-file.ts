import { indexPosts, workerOnDate, type CaseloadSnapshot } from '../domain/caseloads.ts';
import type { WorkerRecord } from '../domain/workforce.ts';
import { rowReaders } from './file-rows.ts';
import { matchHeaders, type FieldSpec } from './headers.ts';
import type { Problem } from './problems.ts';
import { readTable, type Table } from './read-table.ts';
import { parseDate, parseDecimal, parseWholeNumber, type Cell, type Parsed } from './values.ts';
import { unreadable, type ParsedFile, type ReadFileOptions } from './workers-file.ts';

/**
 * The `caseloads` file (shared/spec/retention-data.md section 4): one row per worker per snapshot
 * date. Key (snapshot_date, worker_id). A worker must be in post on the snapshot date (employed
 * or agency, any post) in the council's workers data, else the row is an error.
 */

export const CASELOAD_FIELDS = [
  { field: 'snapshot_date', required: true, synonyms: ['snapshot', 'date', 'caseload date'] },
  { field: 'worker_id', required: true, synonyms: ['staff number', 'employee id', 'id'] },
  { field: 'cases', required: true, synonyms: ['caseload', 'open cases'] },
  { field: 'children', required: false, synonyms: ['children allocated'] },
  { field: 'weighted_cases', required: false, synonyms: ['weighted caseload'] },
] as const satisfies readonly FieldSpec[];
export type CaseloadField = (typeof CASELOAD_FIELDS)[number]['field'];

export async function readCaseloadsFile(fileName: string, bytes: Uint8Array, workers: readonly WorkerRecord[], options: ReadFileOptions = {}): Promise<ParsedFile<CaseloadSnapshot>> {
  const read = await readTable(bytes, fileName, { sheet: options.sheet });
  if (!read.ok) return unreadable(fileName, read.message);
  return validateCaseloads(fileName, read.table, workers);
}

export function validateCaseloads(fileName: string, table: Table, workers: readonly WorkerRecord[]): ParsedFile<CaseloadSnapshot> {
  const match = matchHeaders<CaseloadField>(fileName, table.header, table.headerRow, CASELOAD_FIELDS);
  const base = { fileName, format: table.format, sheet: table.sheet, rowCount: table.rows.length, mapping: match.mapping, missingOptional: match.missingOptional, warnings: match.warnings };
  if (match.problems.length > 0) return { ...base, records: [], rows: [], problems: match.problems };

  const posts = indexPosts(workers);
  const records: CaseloadSnapshot[] = [];
  const rows: number[] = [];
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  const readRow = rowReaders(fileName, table.header, match);
  for (const tableRow of table.rows) {
    const r = readRow(tableRow);
    const required = <T>(field: CaseloadField, parser: (cell: Cell) => Parsed<T>): T | undefined => {
      const value = r.parse(field, parser);
      if (value === null) r.fail(field, `${field} is required`);
      return value ?? undefined;
    };
    const snapshotDate = required('snapshot_date', parseDate);
    const workerId = r.text('worker_id');
    if (workerId === null) r.fail('worker_id', 'worker_id is required');
    const cases = required('cases', parseWholeNumber);
    if (cases !== undefined && cases < 0) r.fail('cases', `cases ${cases} cannot be negative`);
    const children = r.parse('children', parseWholeNumber);
    if (typeof children === 'number' && children < 0) r.fail('children', `children ${children} cannot be negative`);
    const weightedCases = r.parse('weighted_cases', parseDecimal);
    if (typeof weightedCases === 'number' && weightedCases < 0) r.fail('weighted_cases', `weighted_cases ${weightedCases} cannot be negative`);
    if (snapshotDate !== undefined && workerId !== null) {
      const key = `${snapshotDate}\u0000${workerId}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) r.fail('worker_id', `worker ${workerId} on ${snapshotDate} is also on row ${earlier}`);
      else seen.set(key, r.row);
      const own = posts.get(workerId);
      if (!own) r.fail('worker_id', `worker ${workerId} is not in the workers data; import the workers file first`);
      else if (workerOnDate(own, snapshotDate) === null) r.fail('worker_id', `worker ${workerId} is not in post on ${snapshotDate} (no post of theirs starts on or before it and ends after it)`);
    }
    if (r.problems.length > 0) {
      problems.push(...r.problems);
      continue;
    }
    records.push({ snapshotDate: snapshotDate!, workerId: workerId!, cases: cases!, children: children ?? null, weightedCases: weightedCases ?? null });
    rows.push(r.row);
  }
  return { ...base, records, rows, problems };
}
