import { censusYearStart, inPostOn, isLeaverIn, referenceDate } from '../census.ts';
import { LEAVER_DESTINATIONS, LEAVING_REASONS, ROLE_CODES, START_ORIGINS } from '../codes.ts';
import { isCensusRecord } from '../measures.ts';
import type { IsoDate, VacancyRecord, WorkerRecord } from '../workforce.ts';
import { dfeNumber, GENDER_CURRENT, SEX, type CensusReturn, type ReturnItem } from './model.ts';
import { schemaFor, type CensusReturnSchema } from './schema.ts';

/**
 * The census return for a council and year, built from the records Retain holds: which records
 * go in, each item from which field, and a report of what the schema asks for that Retain does not
 * hold (never invented: an item not held is left out and named, with why).
 *
 * Who is in the return (shared/spec/workforce-data.md and DfE's guide to submitting data: "all
 * children and family social worker staff employed during the census year"):
 * - employed records of children's services in post at any time in the year: started on or before
 *   30 September Y and not ended before 1 October Y-1 (in post on the day, starters and leavers);
 * - agency records of children's services in post on 30 September Y. The census counts agency
 *   workers on that day only (every published agency figure is "at 30 September"), so an agency
 *   assignment that ended earlier in the year is left out, and counted in the report.
 * - records marked `service = adults` are left out, as the census measures leave them out
 *   (src/domain/measures.ts isCensusRecord), and counted in the report.
 * One CSWWWorker per post row: a worker with two posts has two, as the census guide asks.
 *
 * Items, from each record (codes through src/domain/codes.ts, whose order is DfE's numbering):
 *   AgencyWorker agency (1/0) · SWENo swe_number · FTE fte (employed) · PersonBirthDate date_of_birth ·
 *   GenderCurrent (to 2023: 0/1/2/9) or Sex (from 2024: M/F) gender · Ethnicity ethnicity ·
 *   OrgRole role (1-6) · RoleStartDate start_date · StartOrigin start_origin (1-10) ·
 *   RoleEndDate end_date, LeaverDestination (1-9) and ReasonLeave (1-10), for a leaver in the year ·
 *   FTE30 fte and Cases30 cases, for a record in post on 30 September (Retain holds one FTE per post,
 *   so FTE30 equals FTE) · WorkingDaysLost working_days_lost · BaseSalary salary (2025; Retain holds
 *   the full-time annual salary) · RRPayments recruitment_payment + retention_payment (2025).
 * An end date after 30 September Y is a planned leaving, not a leaving in this census: the record
 * is in post on the day and goes without RoleEndDate, ReasonLeave and LeaverDestination.
 * Agency workers get the items that describe them on 30 September (SWENo, OrgRole, RoleStartDate,
 * FTE30, Cases30) and none of the employer's items (FTE over the year, leaving, demographics,
 * absence, salary, payments), which belong to the agency that employs them. Chosen here; the
 * guide's item-by-item table for agency workers was not available to check against.
 *
 * Council-level items: NumberOfVacancies and NoAgencyFTE are the vacancies return's `vacancy_fte`
 * and `agency_cover_fte` on 30 September Y (the FTE of agency workers covering vacancies: DfE
 * publishes it as `agency_cover_fte` beside `vacancy_fte`); the headcount of those agency workers
 * and the 2025 incentive flags are not in any file Retain reads, so the council answers them on the
 * census return page (stored per year, migration 0015) or they are reported as not held.
 */

export interface CensusReturnInput {
  censusYear: number;
  authority: { code: string; oldLaCode: string | null };
  /** The council's records (any years; the build picks the year's). */
  workers: readonly WorkerRecord[];
  vacancies: readonly VacancyRecord[];
  /** Council-level answers given for the year, by element name (NoAgencyHeadcount, RecruitmentBonus...). */
  answers: Readonly<Record<string, string>>;
  /** When the file is made, as `YYYY-MM-DDThh:mm:ss` (Header/Source/DateTime). Passed in: the domain has no clock. */
  generatedAt: string;
}

/** The record each CSWWWorker was built from. */
export interface ReturnSource {
  workerId: string;
  startDate: IsoDate;
  agency: boolean;
}

export interface NotHeldItem {
  element: string;
  level: 'header' | 'la' | 'worker';
  /** Whether the year's schema requires it (the file will not pass DfE's schema check without it). */
  required: boolean;
  /** How many records of the return it is missing for (worker items), else null. */
  records: number | null;
  reason: string;
}

export interface ExportReport {
  employed: number;
  agency: number;
  /** Records left out, and why. */
  excluded: Array<{ reason: string; records: number }>;
  notHeld: NotHeldItem[];
  /** Set when the year's schema was inferred rather than published. */
  schemaNote: string | null;
}

export interface CensusReturnExport {
  censusReturn: CensusReturn;
  schema: CensusReturnSchema;
  /** Parallel to censusReturn.workers. */
  sources: ReturnSource[];
  report: ExportReport;
}

/** Software code written in the header: who made the file. */
export const SOFTWARE_CODE = 'Retain';

/** Items Retain's files have no column for, with why; listed whenever the year's schema has them. */
const NEVER_HELD: Readonly<Record<string, string>> = {
  QualInst: 'Retain’s workers file has no column for the institution where the worker qualified.',
  QualLevel: 'Retain’s workers file has no column for the level of the worker’s social work qualification.',
  StepUpGrad: 'Retain’s workers file has no column for whether the worker qualified through Step Up to Social Work.',
  ContractWeeks: 'Retain’s workers file has no column for contract weeks.',
  FrontlineGrad: 'Retain’s workers file has no column for whether the worker qualified through Frontline.',
  Absat30Sept: 'Retain holds sickness days lost in the year, not whether the worker was absent on 30 September.',
  ReasonAbsence: 'Retain holds sickness days lost in the year, not the reason for an absence on 30 September.',
  CFKSSstatus: 'Retain’s workers file has no column for the worker’s knowledge and skills statement status.',
  OtherPayments: 'Retain holds salary and recruitment and retention payments only, not other payments.',
};

const ANSWER_REASON = 'Not in any file Retain reads: the council gives it on the census return page, or with the command retain census-return set.';

/** A number with at most `places` decimals, as the schema's decimal types want it. */
function decimal(value: number, places: number): string {
  return value.toFixed(places);
}

/** The three-digit DfE LA code the header's LEA needs: the authority's old code, or its code when that is three digits. */
export function leaCodeOf(authority: { code: string; oldLaCode: string | null }): string | null {
  return [authority.oldLaCode, authority.code].find((code): code is string => code !== null && /^\d{3}$/.test(code.trim()))?.trim() ?? null;
}

/** Which of the council's records go in the return, and what was left out. */
export function returnRecords(workers: readonly WorkerRecord[], censusYear: number): { included: WorkerRecord[]; excluded: ExportReport['excluded'] } {
  const start = censusYearStart(censusYear);
  const day = referenceDate(censusYear);
  const overlaps = (record: WorkerRecord) => record.startDate <= day && (record.endDate === null || record.endDate >= start);
  const inYear = workers.filter(overlaps);
  const adults = inYear.filter((record) => !isCensusRecord(record));
  const children = inYear.filter((record) => isCensusRecord(record));
  const agencyGone = children.filter((record) => record.agency && !inPostOn(record, day));
  const included = children
    .filter((record) => !record.agency || inPostOn(record, day))
    .sort((a, b) => Number(a.agency) - Number(b.agency) || a.workerId.localeCompare(b.workerId) || a.startDate.localeCompare(b.startDate));
  const excluded: ExportReport['excluded'] = [];
  if (adults.length > 0) excluded.push({ reason: 'records of adults’ services (the census is of children’s social workers)', records: adults.length });
  if (agencyGone.length > 0) excluded.push({ reason: 'agency records that ended before 30 September (the census counts agency workers on that day)', records: agencyGone.length });
  return { included, excluded };
}

function workerItems(record: WorkerRecord, schema: CensusReturnSchema, censusYear: number): ReturnItem[] {
  const day = referenceDate(censusYear);
  const inPost = inPostOn(record, day);
  const leaver = !record.agency && isLeaverIn(record, censusYear);
  const values = new Map<string, string>();
  const put = (name: string, value: string | null | undefined) => {
    if (value !== null && value !== undefined) values.set(name, value);
  };
  const has = (name: string) => schema.worker.some((spec) => spec.name === name);

  put('AgencyWorker', record.agency ? '1' : '0');
  put('SWENo', record.sweNumber);
  put('OrgRole', dfeNumber(ROLE_CODES, record.role));
  put('RoleStartDate', record.startDate);
  if (inPost) {
    put('FTE30', decimal(record.fte, 6));
    if (record.cases !== null) put('Cases30', String(record.cases));
  }
  if (!record.agency) {
    put('FTE', decimal(record.fte, 6));
    put('PersonBirthDate', record.dateOfBirth);
    if (record.gender !== null) put(has('Sex') ? 'Sex' : 'GenderCurrent', has('Sex') ? SEX[record.gender] : GENDER_CURRENT[record.gender]);
    put('Ethnicity', record.ethnicity);
    if (record.startOrigin !== null) put('StartOrigin', dfeNumber(START_ORIGINS, record.startOrigin));
    if (leaver) {
      put('RoleEndDate', record.endDate);
      if (record.leaverDestination !== null) put('LeaverDestination', dfeNumber(LEAVER_DESTINATIONS, record.leaverDestination));
      if (record.leavingReason !== null) put('ReasonLeave', dfeNumber(LEAVING_REASONS, record.leavingReason));
    }
    if (record.workingDaysLost !== null) put('WorkingDaysLost', decimal(record.workingDaysLost, 2));
    if (has('BaseSalary') && record.salary !== null) put('BaseSalary', decimal(record.salary, 2));
    const payments = [record.recruitmentPayment, record.retentionPayment].filter((amount): amount is number => typeof amount === 'number');
    if (has('RRPayments') && payments.length > 0)
      put(
        'RRPayments',
        decimal(
          payments.reduce((sum, amount) => sum + amount, 0),
          2,
        ),
      );
  }
  // In the schema's order, whatever order they were put in.
  return schema.worker.filter((spec) => values.has(spec.name)).map((spec) => ({ name: spec.name, value: values.get(spec.name)! }));
}

function laLevelItems(input: CensusReturnInput, schema: CensusReturnSchema, notHeld: NotHeldItem[]): ReturnItem[] {
  const day = referenceDate(input.censusYear);
  const atReference = input.vacancies.filter((row) => row.referenceDate === day);
  const values = new Map<string, string>();
  if (atReference.length > 0) {
    values.set(
      'NumberOfVacancies',
      decimal(
        atReference.reduce((sum, row) => sum + row.vacancyFte, 0),
        2,
      ),
    );
    values.set(
      'NoAgencyFTE',
      decimal(
        atReference.reduce((sum, row) => sum + row.agencyCoverFte, 0),
        2,
      ),
    );
  } else {
    const reason = `No vacancies return for ${day} is held: import a vacancies file with that reference date.`;
    notHeld.push({ element: 'NumberOfVacancies', level: 'la', required: true, records: null, reason });
    notHeld.push({ element: 'NoAgencyFTE', level: 'la', required: true, records: null, reason });
  }
  for (const spec of schema.laLevel) {
    if (values.has(spec.name) || spec.name === 'NumberOfVacancies' || spec.name === 'NoAgencyFTE') continue;
    const answer = input.answers[spec.name];
    if (answer !== undefined) values.set(spec.name, answer);
    else notHeld.push({ element: spec.name, level: 'la', required: spec.minOccurs === 1, records: null, reason: ANSWER_REASON });
  }
  return schema.laLevel.filter((spec) => values.has(spec.name)).map((spec) => ({ name: spec.name, value: values.get(spec.name)! }));
}

/** The items the council answers for a year (not read from any file), in the schema's order. */
export function answerableItems(censusYear: number): string[] {
  return schemaFor(censusYear)
    .laLevel.map((spec) => spec.name)
    .filter((name) => name !== 'NumberOfVacancies' && name !== 'NoAgencyFTE');
}

export function buildCensusReturn(input: CensusReturnInput): CensusReturnExport {
  const schema = schemaFor(input.censusYear);
  const notHeld: NotHeldItem[] = [];
  const { included, excluded } = returnRecords(input.workers, input.censusYear);

  const lea = leaCodeOf(input.authority);
  if (lea === null)
    notHeld.push({
      element: 'LEA',
      level: 'header',
      required: false,
      records: null,
      reason: `The authority (${input.authority.code}) has no three-digit DfE LA code, so the header names no source; set its old LA code.`,
    });
  const censusReturn: CensusReturn = {
    censusYear: input.censusYear,
    header: {
      collection: [
        { name: 'Collection', value: 'CSWW' },
        { name: 'Year', value: String(input.censusYear) },
        { name: 'ReferenceDate', value: referenceDate(input.censusYear) },
      ],
      source:
        lea === null
          ? null
          : [
              { name: 'SourceLevel', value: 'L' },
              { name: 'LEA', value: lea },
              { name: 'SoftwareCode', value: SOFTWARE_CODE },
              { name: 'DateTime', value: input.generatedAt },
            ],
    },
    laLevel: laLevelItems(input, schema, notHeld),
    workers: included.map((record) => workerItems(record, schema, input.censusYear)),
  };

  for (const spec of schema.worker) {
    const reason = NEVER_HELD[spec.name];
    if (reason) notHeld.push({ element: spec.name, level: 'worker', required: spec.minOccurs === 1, records: included.length, reason });
  }
  if (schema.worker.some((spec) => spec.name === 'Sex')) {
    const unsexed = included.filter((record) => !record.agency && record.gender !== null && SEX[record.gender] === undefined).length;
    if (unsexed > 0) {
      notHeld.push({
        element: 'Sex',
        level: 'worker',
        required: false,
        records: unsexed,
        reason: `From 2024 Sex is M or F only; these records hold “not known” or “not specified”, so Sex is left out for them rather than guessed.`,
      });
    }
  }

  return {
    censusReturn,
    schema,
    sources: included.map((record) => ({ workerId: record.workerId, startDate: record.startDate, agency: record.agency })),
    report: {
      employed: included.filter((record) => !record.agency).length,
      agency: included.filter((record) => record.agency).length,
      excluded,
      notHeld,
      schemaNote: schema.inferred,
    },
  };
}
