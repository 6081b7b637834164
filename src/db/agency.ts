import type { AgencyAssignment, PriceCap } from '../domain/agency.ts';
import type { RoleCode } from '../domain/codes.ts';
import type { Application, LossReason, OfferOutcome, Route, Source, Stage } from '../domain/recruitment.ts';
import { roleKey } from '../domain/roles.ts';
import type { IsoDate } from '../domain/workforce.ts';
import type { Db } from './database.ts';
import { bulkUpsert, type BulkColumnType, type BulkTable, type UpsertCounts } from './bulk-upsert.ts';

/**
 * Agency assignments (key: authority, assignment_id), price caps (authority, role, effective_from)
 * and applications (authority, application_id). Imports upsert and never delete: re-importing the
 * same keys updates, a row missing from a later file is kept.
 */

const ASSIGNMENT_COLUMNS = [
  'assignment_id',
  'worker_ref',
  'swe_number',
  'agency',
  'role',
  'local_role',
  'team',
  'start_date',
  'end_date',
  'hourly_rate',
  'hours_per_week',
  'covering_vacancy',
  'project_team',
  'qualified_date',
  'over_cap_approved',
] as const;

type AssignmentRow = { [K in (typeof ASSIGNMENT_COLUMNS)[number]]: unknown };

export function toAssignment(row: AssignmentRow): AgencyAssignment {
  return {
    assignmentId: row.assignment_id as string,
    workerRef: row.worker_ref as string,
    sweNumber: row.swe_number as string | null,
    agency: row.agency as string,
    role: row.role as RoleCode,
    localRole: row.local_role as string | null,
    team: row.team as string | null,
    startDate: row.start_date as IsoDate,
    endDate: row.end_date as IsoDate | null,
    hourlyRate: row.hourly_rate as number,
    hoursPerWeek: row.hours_per_week as number,
    coveringVacancy: row.covering_vacancy as boolean | null,
    projectTeam: row.project_team as boolean | null,
    qualifiedDate: row.qualified_date as IsoDate | null,
    overCapApproved: row.over_cap_approved as boolean | null,
  };
}

const ASSIGNMENT_TYPES: Record<(typeof ASSIGNMENT_COLUMNS)[number], BulkColumnType> = {
  assignment_id: 'text',
  worker_ref: 'text',
  swe_number: 'text',
  agency: 'text',
  role: 'text',
  local_role: 'text',
  team: 'text',
  start_date: 'date',
  end_date: 'date',
  hourly_rate: 'double precision',
  hours_per_week: 'double precision',
  covering_vacancy: 'boolean',
  project_team: 'boolean',
  qualified_date: 'date',
  over_cap_approved: 'boolean',
};

/** ...and back: each stored column from the domain record. */
const ASSIGNMENT_VALUES: { [C in (typeof ASSIGNMENT_COLUMNS)[number]]: (a: AgencyAssignment) => string | number | boolean | null } = {
  assignment_id: (a) => a.assignmentId,
  worker_ref: (a) => a.workerRef,
  swe_number: (a) => a.sweNumber,
  agency: (a) => a.agency,
  role: (a) => a.role,
  local_role: (a) => a.localRole,
  team: (a) => a.team,
  start_date: (a) => a.startDate,
  end_date: (a) => a.endDate,
  hourly_rate: (a) => a.hourlyRate,
  hours_per_week: (a) => a.hoursPerWeek,
  covering_vacancy: (a) => a.coveringVacancy,
  project_team: (a) => a.projectTeam,
  qualified_date: (a) => a.qualifiedDate,
  over_cap_approved: (a) => a.overCapApproved,
};

const ASSIGNMENTS_TABLE: BulkTable<AgencyAssignment> = {
  table: 'agency_assignments',
  key: ['assignment_id'],
  columns: ASSIGNMENT_COLUMNS.map((name) => ({ name, type: ASSIGNMENT_TYPES[name], value: ASSIGNMENT_VALUES[name] })),
};

function same<T extends object>(a: T, b: T): boolean {
  for (const key of Object.keys(a) as Array<keyof T>) if (a[key] !== b[key]) return false;
  return true;
}

function plan<T extends object>(existing: ReadonlyMap<string, T>, records: readonly T[], keyOf: (record: T) => string): { counts: UpsertCounts; changed: T[] } {
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const changed: T[] = [];
  for (const record of records) {
    const before = existing.get(keyOf(record));
    if (before && same(before, record)) {
      counts.unchanged += 1;
      continue;
    }
    if (before) counts.updated += 1;
    else counts.inserted += 1;
    changed.push(record);
  }
  return { counts, changed };
}

/** Every assignment the authority holds, by start date then id. */
export async function assignmentsForAuthority(db: Db, authorityCode: string): Promise<AgencyAssignment[]> {
  const rows = await db.selectFrom('agency_assignments').select(ASSIGNMENT_COLUMNS).where('authority_code', '=', authorityCode).orderBy('start_date').orderBy('assignment_id').execute();
  return rows.map(toAssignment);
}

/** Assignments that overlap [from, to]: started on or before `to`, not ended before `from`. */
export async function assignmentsOverlapping(db: Db, authorityCode: string, from: IsoDate, to: IsoDate): Promise<AgencyAssignment[]> {
  const rows = await db
    .selectFrom('agency_assignments')
    .select(ASSIGNMENT_COLUMNS)
    .where('authority_code', '=', authorityCode)
    .where('start_date', '<=', to)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', from)]))
    .orderBy('start_date')
    .orderBy('assignment_id')
    .execute();
  return rows.map(toAssignment);
}

export async function planAssignmentUpsert(db: Db, authorityCode: string, records: readonly AgencyAssignment[]): Promise<{ counts: UpsertCounts; changed: AgencyAssignment[] }> {
  const existing = new Map((await assignmentsForAuthority(db, authorityCode)).map((a) => [a.assignmentId, a]));
  return plan(existing, records, (a) => a.assignmentId);
}

/** Inserts new assignments, updates changed ones, leaves identical ones alone (one statement a chunk: bulk-upsert.ts). */
export function upsertAssignments(
  db: Db,
  authorityCode: string,
  records: readonly AgencyAssignment[],
  importId: number | null,
  onProgress?: (done: number, total: number) => void,
): Promise<UpsertCounts> {
  return bulkUpsert(db, ASSIGNMENTS_TABLE, authorityCode, records, importId, onProgress);
}

function capKey(cap: PriceCap): string {
  return `${cap.roleCode ?? roleKey(cap.role)}\u0000${cap.effectiveFrom}`;
}

/** The authority's price caps, by role then date. */
export async function priceCapsForAuthority(db: Db, authorityCode: string): Promise<PriceCap[]> {
  const rows = await db
    .selectFrom('agency_price_caps')
    .select(['role', 'role_code', 'effective_from', 'max_hourly_rate'])
    .where('authority_code', '=', authorityCode)
    .orderBy('role_key')
    .orderBy('effective_from')
    .execute();
  return rows.map((row) => ({ role: row.role, roleCode: row.role_code as RoleCode | null, effectiveFrom: row.effective_from, maxHourlyRate: row.max_hourly_rate }));
}

export async function planPriceCapUpsert(db: Db, authorityCode: string, records: readonly PriceCap[]): Promise<{ counts: UpsertCounts; changed: PriceCap[] }> {
  const existing = new Map((await priceCapsForAuthority(db, authorityCode)).map((cap) => [capKey(cap), cap]));
  return plan(existing, records, capKey);
}

const PRICE_CAPS_TABLE: BulkTable<PriceCap> = {
  table: 'agency_price_caps',
  key: ['role_key', 'effective_from'],
  columns: [
    { name: 'role', type: 'text', value: (cap) => cap.role },
    { name: 'role_key', type: 'text', value: (cap) => cap.roleCode ?? roleKey(cap.role) },
    { name: 'role_code', type: 'text', value: (cap) => cap.roleCode },
    { name: 'effective_from', type: 'date', value: (cap) => cap.effectiveFrom },
    { name: 'max_hourly_rate', type: 'double precision', value: (cap) => cap.maxHourlyRate },
  ],
};

export function upsertPriceCaps(db: Db, authorityCode: string, records: readonly PriceCap[], importId: number | null): Promise<UpsertCounts> {
  return bulkUpsert(db, PRICE_CAPS_TABLE, authorityCode, records, importId);
}

const APPLICATION_COLUMNS = [
  'application_id',
  'campaign',
  'role',
  'local_role',
  'team',
  'advert_date',
  'applied_date',
  'stage_reached',
  'offer_date',
  'offer_outcome',
  'accepted_date',
  'start_date',
  'withdrawn',
  'withdrawal_reason',
  'source',
  'route',
] as const;

type ApplicationRow = { [K in (typeof APPLICATION_COLUMNS)[number]]: unknown };

export function toApplication(row: ApplicationRow): Application {
  return {
    applicationId: row.application_id as string,
    campaign: row.campaign as string,
    role: row.role as RoleCode,
    localRole: row.local_role as string | null,
    team: row.team as string | null,
    advertDate: row.advert_date as IsoDate,
    appliedDate: row.applied_date as IsoDate,
    stageReached: row.stage_reached as Stage,
    offerDate: row.offer_date as IsoDate | null,
    offerOutcome: row.offer_outcome as OfferOutcome | null,
    acceptedDate: row.accepted_date as IsoDate | null,
    startDate: row.start_date as IsoDate | null,
    withdrawn: row.withdrawn as boolean,
    withdrawalReason: row.withdrawal_reason as LossReason | null,
    source: row.source as Source | null,
    route: row.route as Route | null,
  };
}

const APPLICATION_TYPES: Record<(typeof APPLICATION_COLUMNS)[number], BulkColumnType> = {
  application_id: 'text',
  campaign: 'text',
  role: 'text',
  local_role: 'text',
  team: 'text',
  advert_date: 'date',
  applied_date: 'date',
  stage_reached: 'text',
  offer_date: 'date',
  offer_outcome: 'text',
  accepted_date: 'date',
  start_date: 'date',
  withdrawn: 'boolean',
  withdrawal_reason: 'text',
  source: 'text',
  route: 'text',
};

/** ...and back: each stored column from the domain record. */
const APPLICATION_VALUES: { [C in (typeof APPLICATION_COLUMNS)[number]]: (a: Application) => string | number | boolean | null } = {
  application_id: (a) => a.applicationId,
  campaign: (a) => a.campaign,
  role: (a) => a.role,
  local_role: (a) => a.localRole,
  team: (a) => a.team,
  advert_date: (a) => a.advertDate,
  applied_date: (a) => a.appliedDate,
  stage_reached: (a) => a.stageReached,
  offer_date: (a) => a.offerDate,
  offer_outcome: (a) => a.offerOutcome,
  accepted_date: (a) => a.acceptedDate,
  start_date: (a) => a.startDate,
  withdrawn: (a) => a.withdrawn,
  withdrawal_reason: (a) => a.withdrawalReason,
  source: (a) => a.source,
  route: (a) => a.route,
};

const APPLICATIONS_TABLE: BulkTable<Application> = {
  table: 'applications',
  key: ['application_id'],
  columns: APPLICATION_COLUMNS.map((name) => ({ name, type: APPLICATION_TYPES[name], value: APPLICATION_VALUES[name] })),
};

/** Every application the authority holds, by applied date then id. */
export async function applicationsForAuthority(db: Db, authorityCode: string): Promise<Application[]> {
  const rows = await db.selectFrom('applications').select(APPLICATION_COLUMNS).where('authority_code', '=', authorityCode).orderBy('applied_date').orderBy('application_id').execute();
  return rows.map(toApplication);
}

/** Applications with `applied_date` in [from, to]. */
export async function applicationsAppliedBetween(db: Db, authorityCode: string, from: IsoDate, to: IsoDate): Promise<Application[]> {
  const rows = await db
    .selectFrom('applications')
    .select(APPLICATION_COLUMNS)
    .where('authority_code', '=', authorityCode)
    .where('applied_date', '>=', from)
    .where('applied_date', '<=', to)
    .orderBy('applied_date')
    .orderBy('application_id')
    .execute();
  return rows.map(toApplication);
}

export async function planApplicationUpsert(db: Db, authorityCode: string, records: readonly Application[]): Promise<{ counts: UpsertCounts; changed: Application[] }> {
  const existing = new Map((await applicationsForAuthority(db, authorityCode)).map((a) => [a.applicationId, a]));
  return plan(existing, records, (a) => a.applicationId);
}

/** Inserts new applications, updates changed ones, leaves identical ones alone (one statement a chunk: bulk-upsert.ts). */
export function upsertApplications(db: Db, authorityCode: string, records: readonly Application[], importId: number | null, onProgress?: (done: number, total: number) => void): Promise<UpsertCounts> {
  return bulkUpsert(db, APPLICATIONS_TABLE, authorityCode, records, importId, onProgress);
}
