import { atPublishedPrecision, publishedFigure, publishedSymbol, type PublishedRow } from '../benchmarks.ts';
import { censusYearStart, inPostOn, isLeaverIn, isStarterIn, referenceDate } from '../census.ts';
import { computeCensusFigures, isCensusRecord, MEASURE_FIELDS, type CensusFigures, type MeasureField } from '../measures.ts';
import type { IsoDate, VacancyRecord, WorkerRecord } from '../workforce.ts';

/**
 * Our census measures for a year beside DfE's published row for the council, the difference, and
 * the records that explain it where they can be found. Each explanation is a way the council's
 * return (or DfE's counting) may have differed from how Retain counts, worked out on the records:
 * Retain counts the records again that other way, and the explanation "accounts for" a measure
 * when counting that way gives the published figure (at the precision DfE publishes: one decimal
 * place, whole numbers for headcounts and cases). One that changes a figure without reaching the
 * published one still shows which way and how far it moves it.
 *
 * The explanations (DfE's methodology and census guide for how DfE counts; Retain's contract,
 * shared/spec/workforce-data.md, for how Retain does):
 * - leavers_on_reference_date: a worker whose last day is 30 September is a leaver and not in
 *   post (the contract, and the guide's "staff leaving on 30 September"); a return that still had
 *   them in post gives DfE more in post and fewer leavers.
 * - agency_records_counted_separately: DfE does not remove duplicate agency records ("each record
 *   regarded as a separate individual"); Retain counts distinct worker ids, so an agency worker on
 *   two assignments on 30 September is one for Retain and two for DfE.
 * - duplicate_swe_numbers: DfE removes duplicate employed records by SWE number, date of birth,
 *   gender and ethnicity; Retain by worker id. Two worker ids with the same SWE number (a re-hire
 *   given a new staff number) are two people for Retain and one for DfE.
 * - adults_service_records: Retain leaves records marked as adults' services out of the census;
 *   a return that included them gives DfE more.
 * - missing_working_days_lost: Retain's absence rate counts only records with working days lost
 *   given; a return that sent them as 0 (or DfE counting them with none) lowers the rate.
 * - missing_cases: records in post as case holders with no cases on 30 September; Retain cannot
 *   know their cases, so this lists them without a figure.
 * - no_vacancy_return: no vacancies return for 30 September is held, so Retain has no vacancy
 *   figures where DfE publishes some.
 */

export const EXPLANATION_IDS = [
  'leavers_on_reference_date',
  'agency_records_counted_separately',
  'duplicate_swe_numbers',
  'adults_service_records',
  'missing_working_days_lost',
  'missing_cases',
  'no_vacancy_return',
] as const;
export type ExplanationId = (typeof EXPLANATION_IDS)[number];

export interface ExplanationRecord {
  workerId: string;
  startDate: IsoDate;
  endDate: IsoDate | null;
  agency: boolean;
  fte: number;
  role: string;
  team: string | null;
  sweNumber: string | null;
}

export interface Explanation {
  id: ExplanationId;
  title: string;
  description: string;
  records: ExplanationRecord[];
  /** How far counting this way moves each measure (theirs minus ours); absent when it does not move it. */
  effects: Partial<Record<MeasureField, number | null>>;
  /** Measures it may move without Retain being able to say how far (missing cases, say). */
  mayAffect: MeasureField[];
  /** Measures that differ from the published figure and agree with it when counted this way. */
  accountsFor: MeasureField[];
}

/** `withheld`: ours is built from fewer than 5 people and the reader may not see it (set by src/reports, never here). */
export type RowStatus = 'agrees' | 'differs' | 'not_published' | 'not_ours' | 'withheld';

export interface ReconciliationRow {
  field: MeasureField;
  ours: number | null;
  published: number | null;
  /** DfE's symbol for a figure it did not publish (c, x, z, u, low, :). */
  symbol: string | null;
  /** ours - published, unrounded; null when either is missing. */
  difference: number | null;
  status: RowStatus;
  /** Explanations that alone account for the difference. */
  explainedBy: ExplanationId[];
  /** Explanations that move this measure (or may), whether or not they account for all of it. */
  affectedBy: ExplanationId[];
}

export interface Reconciliation {
  censusYear: number;
  published: boolean;
  ours: CensusFigures;
  rows: ReconciliationRow[];
  explanations: Explanation[];
  /** Measures that agree once every explanation is counted their way together. */
  accountedForTogether: MeasureField[];
}

export interface ReconcileInput {
  censusYear: number;
  /** The council's records (any years). */
  workers: readonly WorkerRecord[];
  vacancies: readonly VacancyRecord[];
  /** DfE's published row for the council and year, or null when none is loaded. */
  published: Pick<PublishedRow, 'figures' | 'symbols'> | null;
}

const WHOLE_NUMBER_FIELDS = new Set<MeasureField>(['inpost_headcount', 'starters_headcount', 'leavers_headcount', 'agency_headcount', 'cases']);

/** Does our figure read as the published one, at the precision DfE publishes? */
export function agreesWithPublished(field: MeasureField, ours: number | null, published: number | null): boolean {
  if (ours === null || published === null) return ours === published;
  if (WHOLE_NUMBER_FIELDS.has(field)) return Math.round(ours) === Math.round(published);
  return Math.abs(atPublishedPrecision(ours) - atPublishedPrecision(published)) < 1e-9;
}

function statusOf(field: MeasureField, ours: number | null, published: number | null): RowStatus {
  if (published === null) return 'not_published';
  if (ours === null) return 'not_ours';
  return agreesWithPublished(field, ours, published) ? 'agrees' : 'differs';
}

function recordOf(record: WorkerRecord): ExplanationRecord {
  return { workerId: record.workerId, startDate: record.startDate, endDate: record.endDate, agency: record.agency, fte: record.fte, role: record.role, team: record.team, sweNumber: record.sweNumber };
}

interface Finding {
  id: ExplanationId;
  title: string;
  description: string;
  records: WorkerRecord[];
  /**
   * Counting the other way: each of `records` as it would be. Absent when Retain cannot say.
   * Applied by position in the council's records, so several can be applied one after another.
   */
  change?: (record: WorkerRecord) => WorkerRecord;
  mayAffect?: MeasureField[];
}

/** The council's records with each finding's change applied to that finding's records, matched by position. */
function counted(workers: readonly WorkerRecord[], applied: readonly Finding[]): WorkerRecord[] {
  const result = [...workers];
  for (const finding of applied) {
    if (!finding.change) continue;
    const mine = new Set(finding.records);
    workers.forEach((record, index) => {
      if (mine.has(record)) result[index] = finding.change!(result[index]!);
    });
  }
  return result;
}

/** The ways the council's records may be counted differently, each with the records it rests on. */
function findings(input: ReconcileInput): Finding[] {
  const { censusYear } = input;
  const day = referenceDate(censusYear);
  const children = input.workers.filter((record) => isCensusRecord(record));
  const found: Finding[] = [];

  const onTheDay = children.filter((record) => !record.agency && record.endDate === day);
  if (onTheDay.length > 0) {
    const nextDay = `${censusYear}-10-01`;
    found.push({
      id: 'leavers_on_reference_date',
      title: `Leavers whose last day was ${day}`,
      description:
        'Retain counts them as leavers and not in post on the reference date, as the census guide asks. If the return had them still in post, DfE’s in-post figures are higher and its leavers lower by these records.',
      records: onTheDay,
      change: (record) => ({ ...record, endDate: nextDay }),
    });
  }

  const agencyInPost = children.filter((record) => record.agency && inPostOn(record, day));
  const agencyIds = new Map<string, number>();
  for (const record of agencyInPost) agencyIds.set(record.workerId, (agencyIds.get(record.workerId) ?? 0) + 1);
  const agencyRepeated = agencyInPost.filter((record) => agencyIds.get(record.workerId)! > 1);
  if (agencyRepeated.length > 0) {
    found.push({
      id: 'agency_records_counted_separately',
      title: 'Agency workers with more than one record on 30 September',
      description: 'DfE does not remove duplicate agency records: each is counted as a person. Retain counts each agency worker once, so DfE’s agency headcount is higher by the extra records.',
      records: agencyRepeated,
      change: (record) => ({ ...record, workerId: `${record.workerId}\u0000${record.startDate}` }),
    });
  }

  const inYear = children.filter((record) => !record.agency && (inPostOn(record, day) || isStarterIn(record, censusYear) || isLeaverIn(record, censusYear)));
  const personKey = (record: WorkerRecord) => (record.sweNumber ? [record.sweNumber.trim().toUpperCase(), record.dateOfBirth ?? '', record.gender ?? '', record.ethnicity ?? ''].join('|') : null);
  const idsByPerson = new Map<string, Set<string>>();
  for (const record of inYear) {
    const key = personKey(record);
    if (key) idsByPerson.set(key, (idsByPerson.get(key) ?? new Set()).add(record.workerId));
  }
  const sharedSwe = inYear.filter((record) => {
    const key = personKey(record);
    return key !== null && idsByPerson.get(key)!.size > 1;
  });
  if (sharedSwe.length > 0) {
    found.push({
      id: 'duplicate_swe_numbers',
      title: 'One SWE number under more than one worker id',
      description:
        'DfE counts people by SWE number, date of birth, gender and ethnicity; Retain by worker id. These records share an SWE number (and those details) under different worker ids, so Retain counts more people than DfE.',
      records: sharedSwe,
      change: (record) => ({ ...record, workerId: `swe\u0000${personKey(record)}` }),
    });
  }

  const start = censusYearStart(censusYear);
  const adults = input.workers.filter((record) => !isCensusRecord(record) && record.startDate <= day && (record.endDate === null || record.endDate >= start));
  if (adults.length > 0) {
    found.push({
      id: 'adults_service_records',
      title: 'Records of adults’ services',
      description: 'Retain leaves records marked as adults’ services out of the census. If the return included them, DfE’s figures are higher by these records.',
      records: adults,
      change: (record) => ({ ...record, service: 'children' }),
    });
  }

  const noDays = children.filter((record) => !record.agency && inPostOn(record, day) && record.workingDaysLost === null);
  if (noDays.length > 0) {
    found.push({
      id: 'missing_working_days_lost',
      title: 'Employed workers in post with no working days lost',
      description: 'Retain’s absence rate counts only records that give working days lost. If the return sent these as 0, DfE’s absence rate is lower.',
      records: noDays,
      change: (record) => ({ ...record, workingDaysLost: 0 }),
    });
  }

  const noCases = children.filter((record) => record.role === 'case_holder' && inPostOn(record, day) && record.cases === null);
  if (noCases.length > 0) {
    found.push({
      id: 'missing_cases',
      title: 'Case holders in post with no cases on 30 September',
      description:
        'Retain counts a case holder only when they have at least one case. These hold no cases figure, so they are not in Retain’s case holders or cases; if the return gave their cases, DfE’s are higher. Retain cannot say by how much.',
      records: noCases,
      mayAffect: ['case_holders_fte', 'cases', 'caseload_fte'],
    });
  }

  const vacancyReturned = input.vacancies.some((row) => row.referenceDate === day);
  if (!vacancyReturned && publishedFigure(input.published, 'vacancy_fte') !== null) {
    found.push({
      id: 'no_vacancy_return',
      title: `No vacancies return for ${day}`,
      description:
        'Retain holds no vacancies return for the reference date, so it has no vacancy or agency cover figures where DfE publishes them. Import the vacancies file that went with the return.',
      records: [],
      mayAffect: ['vacancy_fte', 'vacancy_rate_fte', 'agency_cover_fte', 'agency_cover_rate_fte', 'vacancy_agency_cover_rate_fte'],
    });
  }
  return found;
}

export function reconcile(input: ReconcileInput): Reconciliation {
  const compute = (workers: readonly WorkerRecord[]) => computeCensusFigures({ workers, vacancies: input.vacancies, censusYear: input.censusYear });
  const ours = compute(input.workers);
  const published = (field: MeasureField) => publishedFigure(input.published, field);
  const differs = (field: MeasureField) => statusOf(field, ours.measures[field], published(field)) === 'differs' || statusOf(field, ours.measures[field], published(field)) === 'not_ours';

  const found = findings(input);
  const explanations: Explanation[] = found.map((finding) => {
    const effects: Explanation['effects'] = {};
    const accountsFor: MeasureField[] = [];
    if (finding.change) {
      const theirs = compute(counted(input.workers, [finding])).measures;
      for (const field of MEASURE_FIELDS) {
        const before = ours.measures[field];
        const after = theirs[field];
        const moved = before === null || after === null ? before !== after : Math.abs(after - before) > 1e-9;
        if (!moved) continue;
        effects[field] = before === null || after === null ? null : after - before;
        if (differs(field) && agreesWithPublished(field, after, published(field))) accountsFor.push(field);
      }
    }
    return { id: finding.id, title: finding.title, description: finding.description, records: finding.records.map(recordOf), effects, mayAffect: finding.mayAffect ?? [], accountsFor };
  });

  const theirsTogether = compute(counted(input.workers, found)).measures;
  const accountedForTogether = MEASURE_FIELDS.filter((field) => differs(field) && agreesWithPublished(field, theirsTogether[field], published(field)));

  const rows: ReconciliationRow[] = MEASURE_FIELDS.map((field) => {
    const mine = ours.measures[field];
    const theirs = published(field);
    return {
      field,
      ours: mine,
      published: theirs,
      symbol: theirs === null ? publishedSymbol(input.published, field) : null,
      difference: mine === null || theirs === null ? null : mine - theirs,
      status: statusOf(field, mine, theirs),
      explainedBy: explanations.filter((explanation) => explanation.accountsFor.includes(field)).map((explanation) => explanation.id),
      affectedBy: explanations.filter((explanation) => field in explanation.effects || explanation.mayAffect.includes(field)).map((explanation) => explanation.id),
    };
  });
  return { censusYear: input.censusYear, published: input.published !== null, ours, rows, explanations, accountedForTogether };
}
