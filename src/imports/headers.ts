import type { Problem } from './problems.ts';

/**
 * Matching a file's header row to the contract's columns (shared/spec/workforce-data.md): names
 * compare ignoring case, spaces, `_` and `-`, and the contract's synonyms count as the name.
 */

export interface FieldSpec<F extends string = string> {
  field: F;
  required: boolean;
  synonyms: readonly string[];
}

export const WORKER_FIELDS = [
  // Contract synonyms first, then the names common HR and payroll systems export (issue 10).
  {
    field: 'worker_id',
    required: true,
    synonyms: ['staff number', 'employee id', 'id', 'employee number', 'employee no', 'emp no', 'staff no', 'staff id', 'person number', 'person id', 'payroll number', 'employee reference'],
  },
  { field: 'swe_number', required: false, synonyms: ['swe registration', 'registration number', 'swe number', 'swe reg no', 'social work england number', 'social work england registration'] },
  { field: 'agency', required: true, synonyms: ['agency worker', 'agency?', 'agency (y/n)', 'is agency', 'agency staff', 'agency flag'] },
  { field: 'role', required: true, synonyms: ['job role', 'post', 'job title', 'position', 'position title', 'post title', 'role title'] },
  { field: 'team', required: false, synonyms: ['team name', 'department'] },
  { field: 'service', required: false, synonyms: ['service area'] },
  { field: 'fte', required: true, synonyms: ['full time equivalent', 'contract fte', 'contracted fte', 'fte contracted', 'wte', 'whole time equivalent'] },
  { field: 'start_date', required: true, synonyms: ['role start date', 'start date', 'date started', 'post start date', 'assignment start date', 'employment start date', 'date joined'] },
  { field: 'end_date', required: false, synonyms: ['role end date', 'leaving date', 'end date', 'date left', 'leave date', 'termination date', 'assignment end date'] },
  { field: 'leaving_reason', required: false, synonyms: ['reason leave', 'leaving reason', 'reason for leaving', 'termination reason'] },
  { field: 'leaver_destination', required: false, synonyms: ['destination', 'leaver destination', 'destination on leaving'] },
  { field: 'start_origin', required: false, synonyms: ['origin', 'starter origin', 'source of recruitment', 'previous employer type'] },
  { field: 'cases', required: false, synonyms: ['cases 30 sept', 'caseload', 'cases held', 'number of cases'] },
  { field: 'working_days_lost', required: false, synonyms: ['sickness days', 'days lost', 'sickness absence days', 'days absent'] },
  { field: 'date_of_birth', required: false, synonyms: ['dob', 'birth date'] },
  { field: 'gender', required: false, synonyms: ['sex'] },
  { field: 'ethnicity', required: false, synonyms: ['ethnic origin', 'ethnic group'] },
  { field: 'salary', required: false, synonyms: ['annual salary', 'fte salary', 'basic salary'] },
  { field: 'grade', required: false, synonyms: ['pay grade', 'band'] },
  { field: 'qualified_date', required: false, synonyms: ['date qualified', 'qualification date'] },
  { field: 'recruitment_payment', required: false, synonyms: ['recruitment payment', 'golden hello'] },
  { field: 'retention_payment', required: false, synonyms: ['retention payment'] },
] as const satisfies readonly FieldSpec[];
export type WorkerField = (typeof WORKER_FIELDS)[number]['field'];

export const VACANCY_FIELDS = [
  { field: 'reference_date', required: true, synonyms: [] },
  { field: 'vacancy_fte', required: true, synonyms: [] },
  { field: 'agency_cover_fte', required: true, synonyms: [] },
  { field: 'team', required: false, synonyms: [] },
  // Optional (issue 12): one row per vacant post, for vacancy age.
  { field: 'post_id', required: false, synonyms: ['post reference', 'position id'] },
  { field: 'vacant_since', required: false, synonyms: ['vacant from', 'date vacant'] },
] as const satisfies readonly FieldSpec[];
export type VacancyField = (typeof VACANCY_FIELDS)[number]['field'];

/** Header names compare on letters and digits only: "Agency?" is "agency", "Contract FTE" is "contractfte". */
export function headerKey(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Every name (as headerKey) that a field list recognises: to find the header row below title rows. */
export function knownHeaderKeys(fields: ReadonlyArray<FieldSpec>, saved: ReadonlyMap<string, string> = new Map()): Set<string> {
  return new Set([...fields.flatMap((spec) => [spec.field, ...spec.synonyms].map(headerKey)), ...saved.keys()]);
}

/** How one column of the file was read: the contract field, or null when ignored. */
export interface ColumnMapping {
  header: string;
  field: string | null;
}

export interface HeaderMatch<F extends string> {
  /** Column index of each field found. */
  columns: Partial<Record<F, number>>;
  /** Every non-empty header cell in file order, with the field it was read as. */
  mapping: ColumnMapping[];
  ignored: string[];
  missingOptional: F[];
  /** Required fields no column gives: the import page then asks which column is which. */
  missingRequired: F[];
  problems: Problem[];
  warnings: string[];
}

/**
 * Reads a header row as contract fields. `saved` is the council's own mapping (headerKey -> field,
 * or '' to ignore the column), chosen once in the import page's mapping step; it wins over the
 * names and synonyms above.
 */
export function matchHeaders<F extends string>(
  fileName: string,
  header: readonly string[],
  headerRow: number,
  fields: ReadonlyArray<FieldSpec<F>>,
  saved: ReadonlyMap<string, string> = new Map(),
): HeaderMatch<F> {
  const byKey = new Map<string, F | null>();
  for (const spec of fields) for (const name of [spec.field, ...spec.synonyms]) byKey.set(headerKey(name), spec.field);
  const known = new Set<string>(fields.map((spec) => spec.field));
  for (const [key, field] of saved) {
    if (field === '') byKey.set(key, null);
    else if (known.has(field)) byKey.set(key, field as F);
  }

  const columns: Partial<Record<F, number>> = {};
  const mapping: ColumnMapping[] = [];
  const ignored: string[] = [];
  const problems: Problem[] = [];
  header.forEach((text, index) => {
    if (text.trim() === '') return;
    const field = byKey.get(headerKey(text)) ?? null;
    mapping.push({ header: text, field });
    if (field === null) {
      ignored.push(text);
      return;
    }
    const earlier = columns[field];
    if (earlier !== undefined) {
      problems.push({ file: fileName, row: headerRow, column: text, message: `columns "${header[earlier]}" and "${text}" both give ${field}; keep one` });
      return;
    }
    columns[field] = index;
  });

  const missingOptional: F[] = [];
  const missingRequired: F[] = [];
  for (const spec of fields) {
    if (columns[spec.field] !== undefined) continue;
    if (!spec.required) {
      missingOptional.push(spec.field);
      continue;
    }
    missingRequired.push(spec.field);
    const shown = spec.synonyms.slice(0, 3).join(', ');
    const also = spec.synonyms.length > 0 ? ` (also accepted: ${shown}${spec.synonyms.length > 3 ? ` and ${spec.synonyms.length - 3} more` : ''})` : '';
    problems.push({ file: fileName, row: headerRow, column: spec.field, message: `required column ${spec.field} is missing${also}` });
  }

  const warnings =
    ignored.length > 0
      ? [`${fileName}: ${ignored.length === 1 ? 'a column' : `${ignored.length} columns`} not in the contract ${ignored.length === 1 ? 'was' : 'were'} ignored: ${ignored.join(', ')}`]
      : [];
  return { columns, mapping, ignored, missingOptional, missingRequired, problems, warnings };
}
