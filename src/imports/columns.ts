import { DEFAULT_CODE_WORDS, CODE_LISTS, CODE_LIST_LABELS, CODE_LIST_NAMES } from '../domain/code-words.ts';
import { ROLE_CODES, ROLE_LABELS } from '../domain/codes.ts';
import { VACANCY_FIELDS, WORKER_FIELDS, type FieldSpec } from './headers.ts';

/**
 * What every column of a workers or vacancies file means, for the column guide page
 * (/imports/columns) and the downloadable CSV and XLSX templates. The field list and synonyms are
 * the ones the importer reads (headers.ts), so the guide cannot drift from the code.
 */

export interface ColumnHelp {
  field: string;
  required: string;
  alsoAccepted: readonly string[];
  values: string;
  example: string;
}

const WORKER_HELP: Record<string, { required?: string; values: string; example: string }> = {
  worker_id: { values: 'Your staff or employee number. One row per worker per post: a worker who changes post has a row for each.', example: '100234' },
  swe_number: { values: 'Social Work England registration number.', example: 'SW123456' },
  agency: { values: 'Whether the worker is an agency worker: yes/no, y/n, true/false or 1/0.', example: 'no' },
  role: {
    values: `The job title as your HR system writes it (mapped to a DfE role by the role map in Settings), a DfE role code (${ROLE_CODES.join(', ')}) or DfE’s OrgRole number 1-6.`,
    example: 'Senior Practitioner',
  },
  team: { values: 'The team, as you want it on the dashboard.', example: 'Assessment' },
  service: { values: 'children (the default) or adults.', example: 'children' },
  fte: { values: 'Contracted full-time equivalent, more than 0 and at most 1; 80% means 0.8.', example: '0.8' },
  start_date: { values: 'First day in this post: DD/MM/YYYY, YYYY-MM-DD or an Excel date.', example: '01/09/2021' },
  end_date: { values: 'Last day in this post; empty while in post.', example: '' },
  leaving_reason: {
    required: 'when end_date is set',
    values: 'Why they left: the words your HR system uses (Resignation, Retirement, Moved within LA, …), a code or DfE’s ReasonLeave number 1-10.',
    example: '',
  },
  leaver_destination: { values: 'Where they went: words, a code or DfE’s LeaverDestination number 1-9.', example: '' },
  start_origin: { values: 'Where they came from: words (Newly qualified, Another local authority, Agency, …), a code or DfE’s StartOrigin number 1-10.', example: 'Another local authority' },
  cases: { values: 'Cases held on the census reference date (30 September), a whole number.', example: '17' },
  working_days_lost: { values: 'Sickness days lost in the census year.', example: '3.5' },
  date_of_birth: { values: 'A date.', example: '' },
  gender: { values: 'Male, female, not known or not specified, or DfE’s number 1, 2, 0 or 9.', example: '' },
  ethnicity: { values: 'CBDS ethnicity code.', example: '' },
  salary: { values: 'Full-time annual salary in pounds.', example: '41000' },
  grade: { values: 'Pay grade.', example: '' },
  qualified_date: { values: 'Date of social work qualification.', example: '' },
};

const VACANCY_HELP: Record<string, { values: string; example: string }> = {
  reference_date: { values: 'The date the vacancies are counted on (DfE’s census counts them on 30 September).', example: '30/09/2024' },
  vacancy_fte: { values: 'Vacant FTE: posts with no employed worker in them.', example: '12.5' },
  agency_cover_fte: { values: 'FTE of agency workers covering those vacancies.', example: '9' },
  team: { values: 'The team, or empty for the council as a whole.', example: '' },
};

function helpFor(fields: ReadonlyArray<FieldSpec>, help: Record<string, { required?: string; values: string; example: string }>): ColumnHelp[] {
  return fields.map((spec) => ({
    field: spec.field,
    required: help[spec.field]?.required ?? (spec.required ? 'yes' : 'no'),
    alsoAccepted: spec.synonyms,
    values: help[spec.field]?.values ?? '',
    example: help[spec.field]?.example ?? '',
  }));
}

export const WORKER_COLUMNS = helpFor(WORKER_FIELDS, WORKER_HELP);
export const VACANCY_COLUMNS = helpFor(VACANCY_FIELDS, VACANCY_HELP);

export function columnsOf(kind: 'workers' | 'vacancies'): ColumnHelp[] {
  return kind === 'workers' ? WORKER_COLUMNS : VACANCY_COLUMNS;
}

/** The words Retain reads for each code list, for the guide. */
export function knownWords() {
  return CODE_LIST_NAMES.map((list) => ({
    list,
    label: CODE_LIST_LABELS[list],
    codes: (CODE_LISTS[list] as readonly string[]).map((code, index) => ({
      code,
      number: index + 1,
      words: Object.entries(DEFAULT_CODE_WORDS[list])
        .filter(([, c]) => c === code)
        .map(([word]) => word),
    })),
  }));
}

export const ROLE_HELP = ROLE_CODES.map((code, index) => ({ code, number: index + 1, label: ROLE_LABELS[code] }));

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A template: the header row and one example row. */
export function templateCsv(kind: 'workers' | 'vacancies'): string {
  const columns = columnsOf(kind);
  return `${columns.map((c) => c.field).join(',')}\r\n${columns.map((c) => csvCell(c.example)).join(',')}\r\n`;
}

export async function templateXlsx(kind: 'workers' | 'vacancies'): Promise<Buffer> {
  const columns = columnsOf(kind);
  // Loaded on use: the guide page and the CSV template do not need ExcelJS, nor does the server's start.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(kind);
  sheet.addRow(columns.map((c) => c.field)).font = { bold: true };
  sheet.addRow(columns.map((c) => c.example));
  sheet.columns.forEach((column) => {
    column.width = 22;
  });
  const guide = workbook.addWorksheet('What each column means');
  guide.addRow(['column', 'required', 'values', 'also accepted']).font = { bold: true };
  for (const c of columns) guide.addRow([c.field, c.required, c.values, c.alsoAccepted.join(', ')]);
  guide.getColumn(3).width = 80;
  guide.getColumn(4).width = 60;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
