import { sql } from 'kysely';
import type { AgencyAssignment, PriceCap } from '../domain/agency.ts';
import type { RoleCode } from '../domain/codes.ts';
import type { Application, LossReason, OfferOutcome, Route, Source, Stage } from '../domain/recruitment.ts';
import { roleKey } from '../domain/roles.ts';
import type { IsoDate } from '../domain/workforce.ts';
import type { Db } from './database.ts';
import type { UpsertCounts } from './workers.ts';

/**
 * Agency assignments (key: authority, assignment_id), price caps (authority, role, effective_from)
 * and applications (authority, application_id). Imports upsert and never delete: re-importing the
 * same keys updates, a row missing from a later file is kept.
 */

const CHUNK = 1000;

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

function assignmentRow(authorityCode: string, a: AgencyAssignment, importId: number | null) {
  return {
    authority_code: authorityCode,
    assignment_id: a.assignmentId,
    worker_ref: a.workerRef,
    swe_number: a.sweNumber,
    agency: a.agency,
    role: a.role,
    local_role: a.localRole,
    team: a.team,
    start_date: a.startDate,
    end_date: a.endDate,
    hourly_rate: a.hourlyRate,
    hours_per_week: a.hoursPerWeek,
    covering_vacancy: a.coveringVacancy,
    project_team: a.projectTeam,
    qualified_date: a.qualifiedDate,
    over_cap_approved: a.overCapApproved,
    import_id: importId,
  };
}

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

export async function upsertAssignments(db: Db, authorityCode: string, records: readonly AgencyAssignment[], importId: number | null, onProgress?: (done: number, total: number) => void): Promise<UpsertCounts> {
  const { counts, changed } = await planAssignmentUpsert(db, authorityCode, records);
  let done = counts.unchanged;
  onProgress?.(done, records.length);
  for (let i = 0; i < changed.length; i += CHUNK) {
    const chunk = changed.slice(i, i + CHUNK);
    await db
      .insertInto('agency_assignments')
      .values(chunk.map((a) => assignmentRow(authorityCode, a, importId)))
      .onConflict((oc) =>
        oc.columns(['authority_code', 'assignment_id']).doUpdateSet((eb) => ({
          ...Object.fromEntries(ASSIGNMENT_COLUMNS.filter((c) => c !== 'assignment_id').map((c) => [c, eb.ref(`excluded.${c}`)])),
          import_id: eb.ref('excluded.import_id'),
          updated_at: sql<Date>`now()`,
        })),
      )
      .execute();
    done += chunk.length;
    onProgress?.(done, records.length);
  }
  return counts;
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

export async function upsertPriceCaps(db: Db, authorityCode: string, records: readonly PriceCap[], importId: number | null): Promise<UpsertCounts> {
  const { counts, changed } = await planPriceCapUpsert(db, authorityCode, records);
  for (let i = 0; i < changed.length; i += CHUNK) {
    await db
      .insertInto('agency_price_caps')
      .values(
        changed.slice(i, i + CHUNK).map((cap) => ({
          authority_code: authorityCode,
          role: cap.role,
          role_key: cap.roleCode ?? roleKey(cap.role),
          role_code: cap.roleCode,
          effective_from: cap.effectiveFrom,
          max_hourly_rate: cap.maxHourlyRate,
          import_id: importId,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['authority_code', 'role_key', 'effective_from']).doUpdateSet((eb) => ({
          role: eb.ref('excluded.role'),
          role_code: eb.ref('excluded.role_code'),
          max_hourly_rate: eb.ref('excluded.max_hourly_rate'),
          import_id: eb.ref('excluded.import_id'),
          updated_at: sql<Date>`now()`,
        })),
      )
      .execute();
  }
  return counts;
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

function applicationRow(authorityCode: string, a: Application, importId: number | null) {
  return {
    authority_code: authorityCode,
    application_id: a.applicationId,
    campaign: a.campaign,
    role: a.role,
    local_role: a.localRole,
    team: a.team,
    advert_date: a.advertDate,
    applied_date: a.appliedDate,
    stage_reached: a.stageReached,
    offer_date: a.offerDate,
    offer_outcome: a.offerOutcome,
    accepted_date: a.acceptedDate,
    start_date: a.startDate,
    withdrawn: a.withdrawn,
    withdrawal_reason: a.withdrawalReason,
    source: a.source,
    route: a.route,
    import_id: importId,
  };
}

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

export async function upsertApplications(db: Db, authorityCode: string, records: readonly Application[], importId: number | null, onProgress?: (done: number, total: number) => void): Promise<UpsertCounts> {
  const { counts, changed } = await planApplicationUpsert(db, authorityCode, records);
  let done = counts.unchanged;
  onProgress?.(done, records.length);
  for (let i = 0; i < changed.length; i += CHUNK) {
    const chunk = changed.slice(i, i + CHUNK);
    await db
      .insertInto('applications')
      .values(chunk.map((a) => applicationRow(authorityCode, a, importId)))
      .onConflict((oc) =>
        oc.columns(['authority_code', 'application_id']).doUpdateSet((eb) => ({
          ...Object.fromEntries(APPLICATION_COLUMNS.filter((c) => c !== 'application_id').map((c) => [c, eb.ref(`excluded.${c}`)])),
          import_id: eb.ref('excluded.import_id'),
          updated_at: sql<Date>`now()`,
        })),
      )
      .execute();
    done += chunk.length;
    onProgress?.(done, records.length);
  }
  return counts;
}

