import { LEAVER_DESTINATIONS, LEAVING_REASONS, ROLE_CODES, SERVICES, START_ORIGINS, codeFrom, normaliseCodeText, type RoleCode, type Service } from '../domain/codes.ts';
import { resolveRole } from '../domain/roles.ts';
import type { WorkerRecord } from '../domain/workforce.ts';
import { rowReader } from './file-rows.ts';
import { matchHeaders, WORKER_FIELDS, type ColumnMapping, type WorkerField } from './headers.ts';
import { formatProblem, type Problem } from './problems.ts';
import { readTable, type Table } from './read-table.ts';
import { cellText, parseDate, parseDecimal, parseFraction, parseGender, parseWholeNumber, parseYesNo, type Cell, type Parsed } from './values.ts';

export { formatProblem, type Problem };

/**
 * The `workers` file: every row validated into a WorkerRecord, every problem collected (a file
 * with any problem is imported not at all, so the user should see them all at once).
 *
 * Choices where the contract is silent:
 * - Text fields are trimmed; an empty cell is null. Numbers in text columns (a worker_id typed as
 *   a number in Excel) are read as their digits.
 * - end_date may equal start_date (a one-day post); before it is a problem.
 * - leaving_reason without end_date is kept as given (some HR systems fill it in ahead).
 * - Gender is stored as words: male, female, not_known, not_specified.
 * - Ethnicity is a CBDS code: a four-letter code is upper-cased, anything else kept as written.
 */

export interface ParsedFile<R> {
  fileName: string;
  format: 'csv' | 'xlsx' | null;
  sheet: string | null;
  records: R[];
  /** The spreadsheet row of each record, in step with `records`. */
  rows: number[];
  /** Data rows read (blank rows not counted). */
  rowCount: number;
  mapping: ColumnMapping[];
  missingOptional: string[];
  problems: Problem[];
  warnings: string[];
}

export interface ReadFileOptions {
  sheet?: string | undefined;
}

export interface ReadWorkersOptions extends ReadFileOptions {
  /** The authority's own role names, keyed by roleKey (see db/role-map.ts getRoleMap). */
  roleMap?: ReadonlyMap<string, RoleCode> | undefined;
}

/** Reads and validates a workers file (CSV or XLSX bytes). */
export async function readWorkersFile(fileName: string, bytes: Uint8Array, options: ReadWorkersOptions = {}): Promise<ParsedFile<WorkerRecord>> {
  const read = await readTable(bytes, fileName, { sheet: options.sheet });
  if (!read.ok) return unreadable(fileName, read.message);
  return validateWorkers(fileName, read.table, options.roleMap ?? new Map());
}

export function unreadable<R>(fileName: string, message: string): ParsedFile<R> {
  return { fileName, format: null, sheet: null, records: [], rows: [], rowCount: 0, mapping: [], missingOptional: [], problems: [{ file: fileName, row: null, column: null, message }], warnings: [] };
}

function codeMessage(value: string, what: string, list: readonly string[]): string {
  return `"${value}" is not a ${what}: use one of ${list.join(', ')}, or the DfE number 1-${list.length}`;
}

function code<T extends string>(list: readonly T[], what: string): (cell: Cell) => Parsed<T> {
  return (cell) => {
    const found = codeFrom(list, cellText(cell));
    return found ? { ok: true, value: found } : { ok: false, message: codeMessage(cellText(cell), what, list) };
  };
}

function service(cell: Cell): Parsed<Service> {
  const key = normaliseCodeText(cellText(cell));
  const found = SERVICES.find((s) => s === key || (s === 'children' && key === 'childrens') || (s === 'adults' && key === 'adult'));
  return found ? { ok: true, value: found } : { ok: false, message: `"${cellText(cell)}" is not a service: use children or adults` };
}

function ethnicity(text: string): string {
  return /^[A-Za-z]{4}$/.test(text) ? text.toUpperCase() : text;
}

export function validateWorkers(fileName: string, table: Table, roleMap: ReadonlyMap<string, RoleCode>): ParsedFile<WorkerRecord> {
  const match = matchHeaders<WorkerField>(fileName, table.header, table.headerRow, WORKER_FIELDS);
  const base = { fileName, format: table.format, sheet: table.sheet, rowCount: table.rows.length, mapping: match.mapping, missingOptional: match.missingOptional, warnings: match.warnings };
  // Without the required columns every row would repeat the same problem: report the header alone.
  if (match.problems.length > 0) return { ...base, records: [], rows: [], problems: match.problems };

  const records: WorkerRecord[] = [];
  const rows: number[] = [];
  const problems: Problem[] = [];
  const seen = new Map<string, number>();

  for (const tableRow of table.rows) {
    const r = rowReader(fileName, table.header, match, tableRow);
    const required = <T>(field: WorkerField, parser: (cell: Cell) => Parsed<T>): T | undefined => {
      const value = r.parse(field, parser);
      if (value === null) r.fail(field, `${field} is required`);
      return value ?? undefined;
    };

    const workerId = r.text('worker_id');
    if (workerId === null) r.fail('worker_id', 'worker_id is required');
    const agency = required('agency', parseYesNo);

    let role: { role: RoleCode; localRole: string | null } | undefined;
    const roleText = r.text('role');
    if (roleText === null) r.fail('role', 'role is required');
    else {
      role = resolveRole(roleText, roleMap);
      if (!role) r.fail('role', `"${roleText}" is not a known role: use a role code (${ROLE_CODES.join(', ')}), a DfE OrgRole number 1-6, or add the name to the role map`);
    }

    const fte = required('fte', parseFraction);
    if (fte !== undefined && !(fte > 0 && fte <= 1)) r.fail('fte', `fte ${fte} must be more than 0 and at most 1 (write 80% or 0.8 for four days a week)`);

    const startDate = required('start_date', parseDate);
    const endDate = r.parse('end_date', parseDate);
    if (startDate !== undefined && endDate && endDate < startDate) r.fail('end_date', `end_date ${endDate} is before start_date ${startDate}`);

    const leavingReason = r.parse('leaving_reason', code(LEAVING_REASONS, 'leaving reason'));
    if (endDate && leavingReason === null) r.fail('leaving_reason', `leaving_reason is required when end_date is set (${endDate})`);
    const leaverDestination = r.parse('leaver_destination', code(LEAVER_DESTINATIONS, 'leaver destination'));
    const startOrigin = r.parse('start_origin', code(START_ORIGINS, 'start origin'));

    const cases = r.parse('cases', parseWholeNumber);
    if (typeof cases === 'number' && cases < 0) r.fail('cases', `cases ${cases} cannot be negative`);
    const workingDaysLost = r.parse('working_days_lost', parseDecimal);
    if (typeof workingDaysLost === 'number' && workingDaysLost < 0) r.fail('working_days_lost', `working_days_lost ${workingDaysLost} cannot be negative`);
    const salary = r.parse('salary', parseDecimal);
    if (typeof salary === 'number' && !(salary > 0)) r.fail('salary', `salary ${salary} must be more than 0 (the full-time annual salary in pounds)`);

    const recruitmentPayment = r.parse('recruitment_payment', parseDecimal);
    if (typeof recruitmentPayment === 'number' && recruitmentPayment < 0) r.fail('recruitment_payment', `recruitment_payment ${recruitmentPayment} cannot be negative (pounds paid in the census year)`);
    const retentionPayment = r.parse('retention_payment', parseDecimal);
    if (typeof retentionPayment === 'number' && retentionPayment < 0) r.fail('retention_payment', `retention_payment ${retentionPayment} cannot be negative (pounds paid in the census year)`);

    const serviceValue = r.parse('service', service);
    const dateOfBirth = r.parse('date_of_birth', parseDate);
    const gender = r.parse('gender', parseGender);
    const qualifiedDate = r.parse('qualified_date', parseDate);

    if (workerId !== null && startDate !== undefined) {
      const key = `${workerId}\u0000${startDate}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) r.fail('worker_id', `worker ${workerId} with start_date ${startDate} is also on row ${earlier}; each post needs its own row`);
      else seen.set(key, r.row);
    }

    if (r.problems.length > 0) {
      problems.push(...r.problems);
      continue;
    }
    const ethnicityText = r.text('ethnicity');
    records.push({
      workerId: workerId!,
      sweNumber: r.text('swe_number'),
      agency: agency!,
      role: role!.role,
      localRole: role!.localRole,
      team: r.text('team'),
      service: serviceValue ?? 'children',
      fte: fte!,
      startDate: startDate!,
      endDate: endDate ?? null,
      leavingReason: leavingReason ?? null,
      leaverDestination: leaverDestination ?? null,
      startOrigin: startOrigin ?? null,
      cases: cases ?? null,
      workingDaysLost: workingDaysLost ?? null,
      dateOfBirth: dateOfBirth ?? null,
      gender: gender ?? null,
      ethnicity: ethnicityText === null ? null : ethnicity(ethnicityText),
      salary: salary ?? null,
      grade: r.text('grade'),
      qualifiedDate: qualifiedDate ?? null,
      recruitmentPayment: recruitmentPayment ?? null,
      retentionPayment: retentionPayment ?? null,
    });
    rows.push(r.row);
  }
  return { ...base, records, rows, problems };
}
