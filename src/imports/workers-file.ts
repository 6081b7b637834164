import { CODE_LISTS as CODE_LISTS_FOR_MESSAGES, codeFromWords, type CodeListName } from '../domain/code-words.ts';
import { ROLE_CODES, SERVICES, normaliseCodeText, type LeaverDestination, type LeavingReason, type RoleCode, type Service, type StartOrigin } from '../domain/codes.ts';
import { resolveRole } from '../domain/roles.ts';
import type { WorkerRecord } from '../domain/workforce.ts';
import { rowReaders } from './file-rows.ts';
import { knownHeaderKeys, matchHeaders, WORKER_FIELDS, type ColumnMapping, type WorkerField } from './headers.ts';
import { formatProblem, type Problem } from './problems.ts';
import { readTable, type Table } from './read-table.ts';
import { cellText, typedText, rememberingParser, parseDate, parseDecimal, parseFraction, parseGender, parseWholeNumber, parseYesNo, type Cell, type Parsed } from './values.ts';

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
  /** Required fields no column gives (the web import then asks which column is which). */
  missingRequired?: string[];
  /** The header as the file writes it, its row, and any title rows above it. */
  header?: string[];
  headerRow?: number;
  titleRows?: Array<{ row: number; text: string }>;
  /** The first data rows as read (cells as the person typed them), for the preview. */
  firstRows?: Array<{ row: number; cells: string[] }>;
  problems: Problem[];
  warnings: string[];
}

/** How many data rows the preview shows as read. */
export const FIRST_ROWS_SHOWN = 5;

/** What every reader says about the table it read, whatever the kind of file. */
export function tableFacts(table: Table) {
  return {
    header: table.header,
    headerRow: table.headerRow,
    titleRows: table.titleRows ?? [],
    firstRows: table.rows.slice(0, FIRST_ROWS_SHOWN).map((row) => ({ row: row.row, cells: row.cells.map((cell) => typedText(cell)) })),
  };
}

export interface ReadFileOptions {
  sheet?: string | undefined;
  /** The council's saved column mapping for this kind of file: headerKey -> field ('' ignores). */
  columnMap?: ReadonlyMap<string, string> | undefined;
}

export interface ReadWorkersOptions extends ReadFileOptions {
  /** The authority's own role names, keyed by roleKey (see db/role-map.ts getRoleMap). */
  roleMap?: ReadonlyMap<string, RoleCode> | undefined;
  /** The council's own words for leaving reasons, origins and destinations: wordKey -> code, per list. */
  codeWords?: Partial<Record<CodeListName, ReadonlyMap<string, string>>> | undefined;
}

/** Reads and validates a workers file (CSV or XLSX bytes). */
export async function readWorkersFile(fileName: string, bytes: Uint8Array, options: ReadWorkersOptions = {}): Promise<ParsedFile<WorkerRecord>> {
  const columnMap = options.columnMap ?? new Map();
  const read = await readTable(bytes, fileName, { sheet: options.sheet, knownHeaders: knownHeaderKeys(WORKER_FIELDS, columnMap) });
  if (!read.ok) return unreadable(fileName, read.message);
  return validateWorkers(fileName, read.table, options.roleMap ?? new Map(), { columnMap, codeWords: options.codeWords });
}

export function unreadable<R>(fileName: string, message: string): ParsedFile<R> {
  return { fileName, format: null, sheet: null, records: [], rows: [], rowCount: 0, mapping: [], missingOptional: [], problems: [{ file: fileName, row: null, column: null, message }], warnings: [] };
}

function codeMessage(value: string, what: string, list: readonly string[]): string {
  return `"${value}" is not a ${what}: use one of ${list.join(', ')}, the DfE number 1-${list.length}, or add the word under Settings, "Words for codes"`;
}

function code<T extends string>(listName: CodeListName, what: string, words: ReadonlyMap<string, string> | undefined): (cell: Cell) => Parsed<T> {
  return (cell) => {
    const found = codeFromWords(listName, cellText(cell), words) as T | undefined;
    return found ? { ok: true, value: found } : { ok: false, message: codeMessage(typedText(cell), what, CODE_LISTS_FOR_MESSAGES[listName]) };
  };
}

function service(cell: Cell): Parsed<Service> {
  const key = normaliseCodeText(cellText(cell));
  const found = SERVICES.find((s) => s === key || (s === 'children' && key === 'childrens') || (s === 'adults' && key === 'adult'));
  return found ? { ok: true, value: found } : { ok: false, message: `"${cellText(cell)}" is not a service: use children or adults` };
}

/** A warning naming the title rows found above the header, so nobody wonders where they went. */
export function titleWarnings(fileName: string, table: Table): string[] {
  const titles = table.titleRows ?? [];
  if (titles.length === 0) return [];
  return [
    `${fileName}: the column names are on row ${table.headerRow}; ${titles.length === 1 ? 'the row' : 'the rows'} above (${titles.map((t) => `"${t.text.slice(0, 60)}"`).join(', ')}) ${titles.length === 1 ? 'was' : 'were'} read as a title, not data`,
  ];
}

function ethnicity(text: string): string {
  return /^[A-Za-z]{4}$/.test(text) ? text.toUpperCase() : text;
}

export function validateWorkers(fileName: string, table: Table, roleMap: ReadonlyMap<string, RoleCode>, options: Pick<ReadWorkersOptions, 'columnMap' | 'codeWords'> = {}): ParsedFile<WorkerRecord> {
  const match = matchHeaders<WorkerField>(fileName, table.header, table.headerRow, WORKER_FIELDS, options.columnMap);
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
  const words = options.codeWords ?? {};
  // Without the required columns every row would repeat the same problem: report the header alone.
  if (match.problems.length > 0) return { ...base, records: [], rows: [], problems: match.problems };

  const records: WorkerRecord[] = [];
  const rows: number[] = [];
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  const readRow = rowReaders(fileName, table.header, match);
  // One parser per code list for the whole file, not one made per row.
  // Those and the other columns of a few values repeated on every row answer each value once.
  const leavingReasonCode = rememberingParser(code<LeavingReason>('leaving_reason', 'leaving reason', words.leaving_reason));
  const leaverDestinationCode = rememberingParser(code<LeaverDestination>('leaver_destination', 'leaver destination', words.leaver_destination));
  const startOriginCode = rememberingParser(code<StartOrigin>('start_origin', 'start origin', words.start_origin));
  const yesNo = rememberingParser(parseYesNo);
  const serviceOf = rememberingParser(service);
  const genderOf = rememberingParser(parseGender);
  const roles = new Map<string, ReturnType<typeof resolveRole>>();

  for (const tableRow of table.rows) {
    const r = readRow(tableRow);
    const required = <T>(field: WorkerField, parser: (cell: Cell) => Parsed<T>): T | undefined => {
      const value = r.parse(field, parser);
      if (value === null) r.fail(field, `${r.label(field)} is required`);
      return value ?? undefined;
    };

    const workerId = r.text('worker_id');
    if (workerId === null) r.fail('worker_id', `${r.label('worker_id')} is required`);
    const agency = required('agency', yesNo);

    let role: { role: RoleCode; localRole: string | null } | undefined;
    const roleText = r.text('role');
    if (roleText === null) r.fail('role', `${r.label('role')} is required`);
    else {
      role = roles.get(roleText);
      if (role === undefined && !roles.has(roleText)) {
        role = resolveRole(roleText, roleMap);
        roles.set(roleText, role);
      }
      if (!role) r.fail('role', `"${roleText}" is not a known role: use a role code (${ROLE_CODES.join(', ')}), a DfE OrgRole number 1-6, or add the name to the role map`);
    }

    const fte = required('fte', parseFraction);
    if (fte !== undefined && !(fte > 0 && fte <= 1)) r.fail('fte', `${r.label('fte')} ${r.typed('fte')} must be more than 0 and at most 1 (write 80% or 0.8 for four days a week)`);

    const startDate = required('start_date', parseDate);
    const endDate = r.parse('end_date', parseDate);
    if (startDate !== undefined && endDate && endDate < startDate) r.fail('end_date', `${r.label('end_date')} ${r.typed('end_date')} is before ${r.label('start_date')} ${r.typed('start_date')}`);

    const leavingReason = r.parse('leaving_reason', leavingReasonCode);
    if (endDate && leavingReason === null) r.fail('leaving_reason', `${r.label('leaving_reason')} is required when ${r.label('end_date')} is set (${r.typed('end_date')})`);
    const leaverDestination = r.parse('leaver_destination', leaverDestinationCode);
    const startOrigin = r.parse('start_origin', startOriginCode);

    const cases = r.parse('cases', parseWholeNumber);
    if (typeof cases === 'number' && cases < 0) r.fail('cases', `cases ${cases} cannot be negative`);
    const workingDaysLost = r.parse('working_days_lost', parseDecimal);
    if (typeof workingDaysLost === 'number' && workingDaysLost < 0) r.fail('working_days_lost', `working_days_lost ${workingDaysLost} cannot be negative`);
    const salary = r.parse('salary', parseDecimal);
    if (typeof salary === 'number' && !(salary > 0)) r.fail('salary', `salary ${salary} must be more than 0 (the full-time annual salary in pounds)`);

    const recruitmentPayment = r.parse('recruitment_payment', parseDecimal);
    if (typeof recruitmentPayment === 'number' && recruitmentPayment < 0)
      r.fail('recruitment_payment', `recruitment_payment ${recruitmentPayment} cannot be negative (pounds paid in the census year)`);
    const retentionPayment = r.parse('retention_payment', parseDecimal);
    if (typeof retentionPayment === 'number' && retentionPayment < 0) r.fail('retention_payment', `retention_payment ${retentionPayment} cannot be negative (pounds paid in the census year)`);

    const serviceValue = r.parse('service', serviceOf);
    const dateOfBirth = r.parse('date_of_birth', parseDate);
    const gender = r.parse('gender', genderOf);
    const qualifiedDate = r.parse('qualified_date', parseDate);

    if (workerId !== null && startDate !== undefined) {
      const key = `${workerId}\u0000${startDate}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) r.fail('worker_id', `worker ${workerId} with ${r.label('start_date')} ${r.typed('start_date')} is also on row ${earlier}; each post needs its own row`);
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
