import type { LeaverDestination, LeavingReason, RoleCode, Service, StartOrigin } from '../domain/codes.ts';
import type { IsoDate, WorkerRecord } from '../domain/workforce.ts';
import { sql } from 'kysely';
import { bulkUpsert, prepareFirstLoad, type BulkColumnType, type BulkTable, type UpsertCounts } from './bulk-upsert.ts';
import type { Db } from './database.ts';
import type { WorkerRow } from './schema.ts';

/**
 * The workforce register: one row per worker per post, keyed by (authority, worker_id,
 * start_date). Imports upsert into it and never delete, so a record missing from a later file
 * (an extract of current staff only, say) keeps its history.
 */

export type { UpsertCounts };

/** The one mapping from a stored row to the domain record. */
export function toWorkerRecord(row: Omit<WorkerRow, 'authority_code' | 'import_id' | 'updated_at'>): WorkerRecord {
  return {
    workerId: row.worker_id,
    sweNumber: row.swe_number,
    agency: row.agency,
    role: row.role as RoleCode,
    localRole: row.local_role,
    team: row.team,
    service: row.service as Service,
    fte: row.fte,
    startDate: row.start_date,
    endDate: row.end_date,
    leavingReason: row.leaving_reason as LeavingReason | null,
    leaverDestination: row.leaver_destination as LeaverDestination | null,
    startOrigin: row.start_origin as StartOrigin | null,
    cases: row.cases,
    workingDaysLost: row.working_days_lost,
    dateOfBirth: row.date_of_birth,
    gender: row.gender,
    ethnicity: row.ethnicity,
    salary: row.salary,
    grade: row.grade,
    qualifiedDate: row.qualified_date,
    recruitmentPayment: row.recruitment_payment,
    retentionPayment: row.retention_payment,
  };
}

const RECORD_COLUMNS = [
  'worker_id',
  'start_date',
  'swe_number',
  'agency',
  'role',
  'local_role',
  'team',
  'service',
  'fte',
  'end_date',
  'leaving_reason',
  'leaver_destination',
  'start_origin',
  'cases',
  'working_days_lost',
  'date_of_birth',
  'gender',
  'ethnicity',
  'salary',
  'grade',
  'qualified_date',
  'recruitment_payment',
  'retention_payment',
] as const;

function keyOf(workerId: string, startDate: IsoDate): string {
  return `${workerId}\u0000${startDate}`;
}

function sameRecord(a: WorkerRecord, b: WorkerRecord): boolean {
  for (const field of Object.keys(a) as Array<keyof WorkerRecord>) if (a[field] !== b[field]) return false;
  return true;
}

/** What writing records would do: the rows to write (new or changed) and the counts. */
export interface WorkerUpsertPlan {
  counts: UpsertCounts;
  changed: WorkerRecord[];
  /** Each updated record as held before and as the file gives it (for the preview's "what changed"). */
  updates: Array<{ before: WorkerRecord; after: WorkerRecord }>;
}

/** Compares records with what the authority holds, writing nothing (an import preview uses it alone). */
export async function planWorkerUpsert(db: Db, authorityCode: string, records: readonly WorkerRecord[]): Promise<WorkerUpsertPlan> {
  const existing = new Map<string, WorkerRecord>();
  for (const record of await workersForAuthority(db, authorityCode)) existing.set(keyOf(record.workerId, record.startDate), record);
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const changed: WorkerRecord[] = [];
  const updates: WorkerUpsertPlan['updates'] = [];
  for (const record of records) {
    const before = existing.get(keyOf(record.workerId, record.startDate));
    if (before && sameRecord(before, record)) {
      counts.unchanged += 1;
      continue;
    }
    if (before) {
      counts.updated += 1;
      updates.push({ before, after: record });
    } else counts.inserted += 1;
    changed.push(record);
  }
  return { counts, changed, updates };
}

/** Each stored column's SQL type. */
const COLUMN_TYPES: Record<(typeof RECORD_COLUMNS)[number], BulkColumnType> = {
  worker_id: 'text',
  start_date: 'date',
  swe_number: 'text',
  agency: 'boolean',
  role: 'text',
  local_role: 'text',
  team: 'text',
  service: 'text',
  fte: 'double precision',
  end_date: 'date',
  leaving_reason: 'text',
  leaver_destination: 'text',
  start_origin: 'text',
  cases: 'integer',
  working_days_lost: 'double precision',
  date_of_birth: 'date',
  gender: 'text',
  ethnicity: 'text',
  salary: 'double precision',
  grade: 'text',
  qualified_date: 'date',
  recruitment_payment: 'double precision',
  retention_payment: 'double precision',
};

/** ...and back: each stored column from the domain record. */
const COLUMN_VALUES: { [C in (typeof RECORD_COLUMNS)[number]]: (w: WorkerRecord) => string | number | boolean | null } = {
  worker_id: (w) => w.workerId,
  start_date: (w) => w.startDate,
  swe_number: (w) => w.sweNumber,
  agency: (w) => w.agency,
  role: (w) => w.role,
  local_role: (w) => w.localRole,
  team: (w) => w.team,
  service: (w) => w.service,
  fte: (w) => w.fte,
  end_date: (w) => w.endDate,
  leaving_reason: (w) => w.leavingReason,
  leaver_destination: (w) => w.leaverDestination,
  start_origin: (w) => w.startOrigin,
  cases: (w) => w.cases,
  working_days_lost: (w) => w.workingDaysLost,
  date_of_birth: (w) => w.dateOfBirth,
  gender: (w) => w.gender,
  ethnicity: (w) => w.ethnicity,
  salary: (w) => w.salary,
  grade: (w) => w.grade,
  qualified_date: (w) => w.qualifiedDate,
  recruitment_payment: (w) => w.recruitmentPayment ?? null,
  retention_payment: (w) => w.retentionPayment ?? null,
};

/** How imports write workers; a changed post row is kept in worker_history first. */
const WORKERS_TABLE: BulkTable<WorkerRecord> = {
  table: 'workers',
  key: ['worker_id', 'start_date'],
  columns: RECORD_COLUMNS.map((name) => ({ name, type: COLUMN_TYPES[name], value: COLUMN_VALUES[name] })),
  history: 'worker_history',
};

/** A council's first load of these records, its COPY text made now to be sent when they are written (bulk-upsert.ts prepareFirstLoad). */
export function prepareWorkersFirstLoad(authorityCode: string, records: readonly WorkerRecord[], importId: number): void {
  prepareFirstLoad(WORKERS_TABLE, authorityCode, records, importId);
}

/**
 * Writes records for an authority: new keys are inserted, changed ones updated (stamped with
 * `importId` and a new `updated_at`, the row as it stood kept in worker_history), identical ones
 * left alone, so loading the same file twice writes nothing. Records not given are kept. Run it
 * inside the import's transaction. `onProgress` hears (records done, records in all) after each
 * chunk. The counts are the same planWorkerUpsert gives (the preview); see bulk-upsert.ts.
 */
export function upsertWorkers(
  db: Db,
  authorityCode: string,
  records: readonly WorkerRecord[],
  importId: number | null,
  onProgress?: (done: number, total: number) => void,
  held?: boolean,
): Promise<UpsertCounts> {
  return bulkUpsert(db, WORKERS_TABLE, authorityCode, records, importId, onProgress, held);
}

/** Every record the authority holds, ordered by worker and start date. */
export async function workersForAuthority(db: Db, authorityCode: string): Promise<WorkerRecord[]> {
  const rows = await db.selectFrom('workers').select(RECORD_COLUMNS).where('authority_code', '=', authorityCode).orderBy('worker_id').orderBy('start_date').execute();
  return rows.map(toWorkerRecord);
}

/**
 * Records that overlap a period: started on or before `toDate` and ended on or after `fromDate`
 * (or not ended). Enough for a census year: in post on its reference date, starters and leavers.
 */
export async function workersOverlapping(db: Db, authorityCode: string, fromDate: IsoDate, toDate: IsoDate): Promise<WorkerRecord[]> {
  const rows = await db
    .selectFrom('workers')
    .select(RECORD_COLUMNS)
    .where('authority_code', '=', authorityCode)
    .where('start_date', '<=', toDate)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', fromDate)]))
    .orderBy('worker_id')
    .orderBy('start_date')
    .execute();
  return rows.map(toWorkerRecord);
}

/** Distinct team names the authority's records use (nulls left out). */
export async function teamsForAuthority(db: Db, authorityCode: string): Promise<string[]> {
  const rows = await db.selectFrom('workers').select('team').distinct().where('authority_code', '=', authorityCode).where('team', 'is not', null).orderBy('team').execute();
  return rows.map((row) => row.team!);
}

/**
 * The teams the authority's workers and vacancy rows name, whether it holds any such data at all,
 * and whether it holds rows of each table, in one statement (an import reads all of it once it
 * holds the council's import lock: the warnings about new team names, and whether this is the
 * council's first load of its table). An import reads the same in retain_import_begin (migration
 * 0020, beginImport): a change here is made there too.
 */
export async function teamsInData(db: Db, authorityCode: string): Promise<TeamsInData> {
  return (await teamsInDataOf(db, [authorityCode])).get(authorityCode)!;
}

export interface TeamsInData {
  teams: string[];
  hasData: boolean;
  holds: { workers: boolean; vacancies: boolean };
}

/** teamsInData for many authorities in one statement (a batch reads every council's as it begins), by code. */
export async function teamsInDataOf(db: Db, authorityCodes: readonly string[]): Promise<Map<string, TeamsInData>> {
  const { rows } = await sql<{ code: string; teams: string[]; has_workers: boolean; has_vacancies: boolean }>`
    select c.code,
           array(select team from workers where authority_code = c.code and team is not null
                 union select team from vacancies where authority_code = c.code and team <> '') as teams,
           exists(select 1 from workers where authority_code = c.code) as has_workers,
           exists(select 1 from vacancies where authority_code = c.code) as has_vacancies
    from unnest(${[...authorityCodes]}::text[]) as c(code)`.execute(db);
  return new Map(rows.map((row) => [row.code, { teams: row.teams, hasData: row.has_workers || row.teams.length > 0, holds: { workers: row.has_workers, vacancies: row.has_vacancies } }]));
}

export async function countWorkers(db: Db, authorityCode: string): Promise<number> {
  const row = await db
    .selectFrom('workers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('authority_code', '=', authorityCode)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The columns the retention measures (src/domain/retention.ts) read. */
const RETENTION_COLUMNS = ['worker_id', 'start_date', 'end_date', 'agency', 'service', 'fte', 'team', 'role'] as const;
/** The columns retention curves (src/domain/survival.ts: spells, grouped by start origin, role, team or cohort) read. */
const CURVE_COLUMNS = [...RETENTION_COLUMNS, 'start_origin'] as const;

/**
 * The authority's records with only the columns the retention measures read, in the same order as
 * workersForAuthority; the other fields are null (retention never reads them). Decoding eight
 * columns instead of twenty-one is most of the time these take on PGlite.
 */
export function workersForRetention(db: Db, authorityCode: string): Promise<WorkerRecord[]> {
  return workersWithColumns(db, authorityCode, RETENTION_COLUMNS);
}

/** As workersForRetention, with the start origin too: what the retention curves read. */
export function workersForCurves(db: Db, authorityCode: string): Promise<WorkerRecord[]> {
  return workersWithColumns(db, authorityCode, CURVE_COLUMNS);
}

type RecordColumn = (typeof RECORD_COLUMNS)[number];

async function workersWithColumns(db: Db, authorityCode: string, columns: readonly RecordColumn[]): Promise<WorkerRecord[]> {
  const rows = await db.selectFrom('workers').select(columns).where('authority_code', '=', authorityCode).orderBy('worker_id').orderBy('start_date').execute();
  const absent = Object.fromEntries(RECORD_COLUMNS.filter((column) => !columns.includes(column)).map((column) => [column, null]));
  return rows.map((row) => toWorkerRecord({ ...absent, ...row } as Parameters<typeof toWorkerRecord>[0]));
}
