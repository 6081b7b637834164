import { getAuthority, type Authority } from '../db/authorities.ts';
import { authorityRowsByCodes } from '../db/benchmarks.ts';
import { censusReturnAnswers } from '../db/census-return.ts';
import { councilDateRange } from '../db/census-totals.ts';
import type { Db } from '../db/database.ts';
import { vacanciesForAuthority } from '../db/vacancies.ts';
import { workersOverlapping } from '../db/workers.ts';
import { rowHasLaCode, type StoredPublishedRow } from '../domain/benchmarks.ts';
import { censusYearStart, censusYearsCovered, referenceDate } from '../domain/census.ts';
import { buildCensusReturn, type CensusReturnExport, type NotHeldItem } from '../domain/census-return/build.ts';
import { returnToXml, type CensusReturn } from '../domain/census-return/model.ts';
import { reconcile, type ExplanationRecord, type Reconciliation } from '../domain/census-return/reconcile.ts';
import { allRules, validateReturn, type Severity } from '../domain/census-return/rules.ts';
import { checkSchema, type SchemaViolation } from '../domain/census-return/schema-check.ts';
import { isSupportedCensusYear, schemaFor, SUPPORTED_CENSUS_YEARS } from '../domain/census-return/schema.ts';
import { writeXml } from '../domain/census-return/xml.ts';
import { yearOnYearChecks, type YearOnYearInput, type YearOnYearResult } from '../domain/census-return/year-on-year.ts';
import { defaultCensusYear } from '../domain/coverage.ts';
import { suppressSmallNumbers } from '../domain/disclosure.ts';
import { computeCensusFigures, type MeasureField } from '../domain/measures.ts';
import { unknownAuthority } from '../errors.ts';
import { coverageOf } from './coverage.ts';
import { figuresForYear } from './metrics.ts';
import type { Table } from './tables.ts';

/**
 * The census return for a council and year (issue 16): gathers the council's records, vacancies
 * return, answers and published rows, and hands them to src/domain/census-return for the return,
 * its validation, the year-on-year queries and the reconciliation. The CLI and the web pages both
 * come here, so a download, a page and `retain census-return` agree.
 */

async function requireAuthority(db: Db, authorityCode: string): Promise<Authority> {
  const authority = await getAuthority(db, authorityCode);
  if (!authority) throw unknownAuthority(authorityCode);
  return authority;
}

/** The census years a return can be made for: those the council's data covers that Retain holds a schema for, newest first, and the one to open on. */
export async function censusReturnYears(db: Db, authorityCode: string): Promise<{ years: number[]; defaultYear: number }> {
  const [covered, coverage] = await Promise.all([councilDateRange(db, authorityCode).then(censusYearsCovered), coverageOf(db, authorityCode)]);
  const years = covered.filter(isSupportedCensusYear).sort((a, b) => b - a);
  const preferred = defaultCensusYear(years, coverage);
  return { years, defaultYear: preferred ?? years[0] ?? SUPPORTED_CENSUS_YEARS.at(-1)! };
}

/** `2025-10-06T09:30:00`: a timestamp for the header, to the second, in UTC (DfE's DateTime has no zone). */
export function headerDateTime(now: Date): string {
  return now.toISOString().slice(0, 19);
}

async function recordsFor(db: Db, authorityCode: string, censusYear: number) {
  const [workers, vacancies] = await Promise.all([workersOverlapping(db, authorityCode, censusYearStart(censusYear), referenceDate(censusYear)), vacanciesForAuthority(db, authorityCode)]);
  return { workers, vacancies };
}

/** The return for a year, as built from the council's records (throws UnsupportedCensusYearError for a year without a schema). */
export async function censusReturnFor(db: Db, authorityCode: string, censusYear: number, now: Date): Promise<CensusReturnExport> {
  return (await returnWithRecords(db, authorityCode, censusYear, now)).built;
}

async function returnWithRecords(db: Db, authorityCode: string, censusYear: number, now: Date) {
  schemaFor(censusYear);
  const [authority, records, answers] = await Promise.all([requireAuthority(db, authorityCode), recordsFor(db, authorityCode, censusYear), censusReturnAnswers(db, authorityCode, censusYear)]);
  return { authority, records, built: buildCensusReturn({ censusYear, authority, ...records, answers, generatedAt: headerDateTime(now) }) };
}

export function censusReturnXml(built: Pick<CensusReturnExport, 'censusReturn' | 'schema'>): string {
  return writeXml(returnToXml(built.censusReturn, built.schema));
}

/** File names for the downloads: `csww-2025-202.xml`. */
export function censusReturnFileStem(censusYear: number, authorityCode: string): string {
  return `csww-${censusYear}-${authorityCode.replace(/[^A-Za-z0-9-]+/g, '-')}`;
}

type ItemRow = Record<string, string | null>;

/**
 * The CSV form: one table of workers (a row per CSWWWorker, a column per element of the year's
 * schema, in its order, blank where the return has no value) and one of the council-level items.
 * Values are as the XML writes them, so the two forms say the same.
 */
export function censusReturnTables(built: Pick<CensusReturnExport, 'censusReturn' | 'schema'>): { workers: Table<ItemRow>; laLevel: Table<ItemRow> } {
  const { censusReturn, schema } = built;
  const rowOf = (items: CensusReturn['laLevel'], names: readonly string[]) => Object.fromEntries(names.map((name) => [name, items.find((item) => item.name === name)?.value ?? null]));
  const workerNames = schema.worker.map((spec) => spec.name);
  const laNames = schema.laLevel.map((spec) => spec.name);
  return {
    workers: { title: `CSWWWorker ${censusReturn.censusYear}`, columns: workerNames.map((name) => ({ key: name, label: name })), rows: censusReturn.workers.map((items) => rowOf(items, workerNames)) },
    laLevel: { title: `${schema.laLevelElement} ${censusReturn.censusYear}`, columns: laNames.map((name) => ({ key: name, label: name })), rows: [rowOf(censusReturn.laLevel, laNames)] },
  };
}

// --- Validation --------------------------------------------------------------------------------

/** One line of the validation list: a schema or rule failure, for a worker or the council. */
export interface ValidationEntry extends Record<string, unknown> {
  code: string;
  severity: Severity;
  /** The worker's id in Retain and the start date of the post, when the failure is a worker's. */
  workerId: string | null;
  startDate: string | null;
  /** Which CSWWWorker in the file (1-based), when a worker's. */
  position: number | null;
  element: string;
  value: string | null;
  message: string;
}

export interface CensusReturnValidation {
  censusYear: number;
  authorityCode: string;
  built: CensusReturnExport;
  entries: ValidationEntry[];
  errors: number;
  queries: number;
  yearOnYear: YearOnYearResult;
}

/**
 * Schema failures for an item the report already says Retain does not hold (QualInst, say, missing
 * from every worker) are one council-level entry, not one per worker; every other failure is
 * listed against its worker.
 */
function schemaEntries(violations: readonly SchemaViolation[], built: CensusReturnExport): ValidationEntry[] {
  const notHeld = new Map<string, NotHeldItem>(built.report.notHeld.map((item) => [item.element, item]));
  const entries: ValidationEntry[] = [];
  const grouped = new Map<string, number>();
  for (const violation of violations) {
    if (violation.code === 'XSD-REQUIRED' && notHeld.has(violation.element)) {
      grouped.set(violation.element, (grouped.get(violation.element) ?? 0) + 1);
      continue;
    }
    const source = violation.workerIndex === null ? null : built.sources[violation.workerIndex];
    entries.push({
      code: violation.code,
      severity: 'error',
      workerId: source?.workerId ?? null,
      startDate: source?.startDate ?? null,
      position: violation.workerIndex === null ? null : violation.workerIndex + 1,
      element: violation.element,
      value: violation.value,
      message: violation.message,
    });
  }
  for (const [element, count] of grouped) {
    const item = notHeld.get(element)!;
    const where = item.level === 'worker' ? `for ${count === 1 ? 'the 1 record' : `all ${count} records`}` : `in ${item.level === 'la' ? 'the council-level items' : 'the header'}`;
    entries.push({
      code: 'XSD-REQUIRED',
      severity: 'error',
      workerId: null,
      startDate: null,
      position: null,
      element,
      value: null,
      message: `${element} is required and missing ${where}: ${item.reason}`,
    });
  }
  return entries;
}

/** The previous year to compare with: DfE's published row for the council when loaded, else Retain's own figures. */
async function previousYear(db: Db, authority: Authority, censusYear: number): Promise<YearOnYearInput['previous']> {
  const last = censusYear - 1;
  const published = await publishedRowFor(db, authority, last);
  if (published) {
    return {
      censusYear: last,
      comparedWith: 'published',
      measures: { inpost_headcount: published.figures.inpost_headcount ?? null, inpost_fte: published.figures.inpost_fte ?? null, agency_fte: published.figures.agency_fte ?? null },
    };
  }
  const figures = await figuresForYear(db, authority.code, last);
  if (figures.people.inpost === 0 && figures.people.agency === 0) return null;
  return {
    censusYear: last,
    comparedWith: 'retain',
    measures: { inpost_headcount: figures.measures.inpost_headcount, inpost_fte: figures.measures.inpost_fte, agency_fte: figures.measures.agency_fte },
  };
}

export async function validateCensusReturn(db: Db, authorityCode: string, censusYear: number, now: Date): Promise<CensusReturnValidation> {
  const { authority, records, built } = await returnWithRecords(db, authorityCode, censusYear, now);
  const violations = checkSchema(returnToXml(built.censusReturn, built.schema), built.schema);
  const failures = validateReturn(built.censusReturn, built.schema);
  const entries = [
    ...schemaEntries(violations, built),
    ...failures.map((failure): ValidationEntry => {
      const source = failure.workerIndex === null ? null : built.sources[failure.workerIndex]!;
      const items = failure.workerIndex === null ? built.censusReturn.laLevel : built.censusReturn.workers[failure.workerIndex]!;
      const shown = failure.elements.filter((name) => items.some((item) => item.name === name));
      return {
        code: failure.code,
        severity: failure.severity,
        workerId: source?.workerId ?? null,
        startDate: source?.startDate ?? null,
        position: failure.workerIndex === null ? null : failure.workerIndex + 1,
        element: failure.elements.join(', '),
        value: shown.length === 0 ? null : shown.map((name) => `${name} ${items.find((item) => item.name === name)!.value}`).join('; '),
        message: failure.message,
      };
    }),
  ].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) || (a.position ?? 0) - (b.position ?? 0) || a.code.localeCompare(b.code));

  const ours = computeCensusFigures({ ...records, censusYear }).measures;
  const yearOnYear = yearOnYearChecks({ censusYear, measures: ours, censusReturn: built.censusReturn, previous: await previousYear(db, authority, censusYear) });
  return {
    censusYear,
    authorityCode,
    built,
    entries,
    errors: entries.filter((entry) => entry.severity === 'error').length,
    queries: entries.filter((entry) => entry.severity === 'query').length,
    yearOnYear,
  };
}

/** The validation list as a table (the XLSX's first sheet and the CLI's listing). */
export function validationTable(validation: Pick<CensusReturnValidation, 'censusYear' | 'entries'>): Table<ValidationEntry> {
  return {
    title: `Validation ${validation.censusYear}`,
    columns: [
      { key: 'severity', label: 'Error or query' },
      { key: 'code', label: 'Rule' },
      { key: 'workerId', label: 'Worker ID' },
      { key: 'startDate', label: 'Post start date' },
      { key: 'position', label: 'Record in file' },
      { key: 'element', label: 'Items' },
      { key: 'value', label: 'Values' },
      { key: 'message', label: 'Message' },
    ],
    rows: validation.entries,
  };
}

/** The year-on-year queries as a table (the XLSX's second sheet). */
export function yearOnYearTable(result: YearOnYearResult): Table<Record<string, unknown>> {
  return {
    title: `Year on year ${result.censusYear}`,
    columns: [
      { key: 'code', label: 'Check' },
      { key: 'raised', label: 'Query raised' },
      { key: 'measure', label: 'Measure' },
      { key: 'thisYear', label: String(result.censusYear) },
      { key: 'lastYear', label: result.previousYear === null ? 'Last year' : `${result.previousYear} (${result.comparedWith === 'published' ? 'published' : 'Retain'})` },
      { key: 'changePercent', label: 'Change %' },
      { key: 'message', label: 'Message' },
    ],
    rows: result.checks.map((check) => ({ ...check, raised: check.raised ? 'yes' : 'no' })),
  };
}

/** Every rule, for the XLSX's last sheet: what each code means. */
export function rulesTable(): Table<Record<string, unknown>> {
  return {
    title: 'Rules',
    columns: [
      { key: 'code', label: 'Rule' },
      { key: 'severity', label: 'Error or query' },
      { key: 'rule', label: 'Rule in full' },
    ],
    rows: allRules(),
  };
}

// --- Reconciliation ----------------------------------------------------------------------------

async function publishedRowFor(db: Db, authority: Authority, censusYear: number): Promise<StoredPublishedRow | undefined> {
  const codes = [authority.code, authority.newLaCode, authority.oldLaCode].filter((code): code is string => code !== null && code.trim() !== '');
  const rows = await authorityRowsByCodes(db, codes, censusYear);
  return rows.find((row) => codes.some((code) => rowHasLaCode(row, code)));
}

export interface ReconciliationView extends Reconciliation {
  authorityCode: string;
  releaseId: number | null;
  /** Measures withheld from this reader (fewer than 5 people behind them); empty for officers. */
  suppressed: MeasureField[];
}

/**
 * A record behind a reconciliation's explanation in JSON, with the field names a worker record has
 * everywhere Retain writes one out (the spec's, as the register's API and `retain reconcile --json` give them).
 */
export function explanationRecordJson(record: ExplanationRecord) {
  return {
    worker_id: record.workerId,
    start_date: record.startDate,
    end_date: record.endDate,
    agency: record.agency,
    fte: record.fte,
    role: record.role,
    team: record.team,
    swe_number: record.sweNumber,
  };
}

/**
 * Our figures beside DfE's published row. Officers (maySeeAll) get every figure and the records
 * behind each explanation; anyone else gets council-level figures only, with any built from fewer
 * than 5 people withheld (and the difference with it), and no explanations, which name records.
 */
export async function reconciliationFor(db: Db, authorityCode: string, censusYear: number, maySeeAll: boolean): Promise<ReconciliationView> {
  const authority = await requireAuthority(db, authorityCode);
  const [records, published] = await Promise.all([recordsFor(db, authorityCode, censusYear), publishedRowFor(db, authority, censusYear)]);
  const result = reconcile({ censusYear, ...records, published: published ?? null });
  const view: ReconciliationView = { ...result, authorityCode, releaseId: published?.releaseId ?? null, suppressed: [] };
  if (maySeeAll) return view;
  const { suppressed } = suppressSmallNumbers(result.ours.measures, result.ours.people);
  return {
    ...view,
    ours: {
      measures: { ...result.ours.measures, ...Object.fromEntries([...suppressed].map((field) => [field, null])) },
      people: { inpost: 0, starters: 0, leavers: 0, agency: 0, case_holders: 0, absence: 0 },
    },
    rows: result.rows.map((row) =>
      suppressed.has(row.field) ? { ...row, ours: null, difference: null, status: 'withheld', explainedBy: [], affectedBy: [] } : { ...row, explainedBy: [], affectedBy: [] },
    ),
    explanations: [],
    accountedForTogether: [],
    suppressed: [...suppressed],
  };
}

/** The reconciliation as a table (CLI and download): each measure, ours, published, difference, and what explains it. */
export function reconciliationTable(view: ReconciliationView): Table<Record<string, unknown>> {
  const titles = new Map(view.explanations.map((explanation) => [explanation.id, explanation.title]));
  return {
    title: `Reconciliation ${view.censusYear}`,
    columns: [
      { key: 'measure', label: 'Measure' },
      { key: 'ours', label: 'Ours' },
      { key: 'published', label: 'Published' },
      { key: 'difference', label: 'Difference' },
      { key: 'status', label: 'Status' },
      { key: 'explained_by', label: 'Explained by' },
    ],
    rows: view.rows.map((row) => ({
      measure: row.field,
      ours: row.ours,
      published: row.published ?? row.symbol,
      difference: row.difference,
      status: row.status,
      explained_by: row.explainedBy.map((id) => titles.get(id) ?? id).join('; '),
    })),
  };
}
