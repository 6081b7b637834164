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
  { field: 'worker_id', required: true, synonyms: ['staff number', 'employee id', 'id'] },
  { field: 'swe_number', required: false, synonyms: ['swe registration', 'registration number'] },
  { field: 'agency', required: true, synonyms: ['agency worker'] },
  { field: 'role', required: true, synonyms: ['job role', 'post'] },
  { field: 'team', required: false, synonyms: [] },
  { field: 'service', required: false, synonyms: [] },
  { field: 'fte', required: true, synonyms: ['full time equivalent'] },
  { field: 'start_date', required: true, synonyms: ['role start date'] },
  { field: 'end_date', required: false, synonyms: ['role end date', 'leaving date'] },
  { field: 'leaving_reason', required: false, synonyms: ['reason leave'] },
  { field: 'leaver_destination', required: false, synonyms: ['destination'] },
  { field: 'start_origin', required: false, synonyms: ['origin'] },
  { field: 'cases', required: false, synonyms: ['cases 30 sept', 'caseload'] },
  { field: 'working_days_lost', required: false, synonyms: ['sickness days'] },
  { field: 'date_of_birth', required: false, synonyms: [] },
  { field: 'gender', required: false, synonyms: [] },
  { field: 'ethnicity', required: false, synonyms: [] },
  { field: 'salary', required: false, synonyms: ['annual salary'] },
  { field: 'grade', required: false, synonyms: [] },
  { field: 'qualified_date', required: false, synonyms: [] },
  { field: 'recruitment_payment', required: false, synonyms: [] },
  { field: 'retention_payment', required: false, synonyms: [] },
] as const satisfies readonly FieldSpec[];
export type WorkerField = (typeof WORKER_FIELDS)[number]['field'];

export const VACANCY_FIELDS = [
  { field: 'reference_date', required: true, synonyms: [] },
  { field: 'vacancy_fte', required: true, synonyms: [] },
  { field: 'agency_cover_fte', required: true, synonyms: [] },
  { field: 'team', required: false, synonyms: [] },
] as const satisfies readonly FieldSpec[];
export type VacancyField = (typeof VACANCY_FIELDS)[number]['field'];

export function headerKey(text: string): string {
  return text.trim().toLowerCase().replace(/[\s_-]+/g, '');
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
  problems: Problem[];
  warnings: string[];
}

export function matchHeaders<F extends string>(fileName: string, header: readonly string[], headerRow: number, fields: ReadonlyArray<FieldSpec<F>>): HeaderMatch<F> {
  const byKey = new Map<string, F>();
  for (const spec of fields) for (const name of [spec.field, ...spec.synonyms]) byKey.set(headerKey(name), spec.field);

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
  for (const spec of fields) {
    if (columns[spec.field] !== undefined) continue;
    if (!spec.required) {
      missingOptional.push(spec.field);
      continue;
    }
    const also = spec.synonyms.length > 0 ? ` (also accepted: ${spec.synonyms.join(', ')})` : '';
    problems.push({ file: fileName, row: headerRow, column: spec.field, message: `required column ${spec.field} is missing${also}` });
  }

  const warnings = ignored.length > 0 ? [`${fileName}: ${ignored.length === 1 ? 'a column' : `${ignored.length} columns`} not in the contract ${ignored.length === 1 ? 'was' : 'were'} ignored: ${ignored.join(', ')}`] : [];
  return { columns, mapping, ignored, missingOptional, problems, warnings };
}
