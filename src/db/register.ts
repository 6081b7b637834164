import { sql, type ExpressionBuilder, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { RoleCode, Service } from '../domain/codes.ts';
import type { IsoDate } from '../domain/workforce.ts';
import type { Db } from './database.ts';
import { fieldChanges, type FieldChange } from '../domain/record-changes.ts';
import type { Database, WorkerTable } from './schema.ts';
import { toWorkerRecord } from './workers.ts';

/**
 * The workforce register: one authority's post rows (a worker with two posts has two rows), found
 * by search and filters, a page at a time. Personal data: callers must check who is asking.
 */

export const REGISTER_SORTS = ['worker_id', 'team', 'role', 'start_date', 'end_date', 'fte'] as const;
export type RegisterSort = (typeof REGISTER_SORTS)[number];

export interface RegisterQuery {
  authorityCode: string;
  /** Part of a worker id, SWE number, team or local role name; case-insensitive, taken literally. */
  search?: string | undefined;
  /** Exact team name; '' means rows with no team. */
  team?: string | undefined;
  role?: RoleCode | undefined;
  /** `agency` or `employed` (the contract's "agency = no"). */
  contract?: 'agency' | 'employed' | undefined;
  service?: Service | undefined;
  /**
   * `in_post`: in post on `on` (start_date <= on and no end_date or end_date > on, as the contract
   * defines it). `left`: had a last day before or on `on`, so not in post on it.
   */
  status?: 'in_post' | 'left' | undefined;
  /** The date `status` is judged on. */
  on?: IsoDate | undefined;
  sort?: RegisterSort | undefined;
  direction?: 'asc' | 'desc' | undefined;
  /** Omit both to get every matching row (downloads). */
  limit?: number | undefined;
  offset?: number | undefined;
}

export interface RegisterRow {
  workerId: string;
  sweNumber: string | null;
  agency: boolean;
  role: RoleCode;
  localRole: string | null;
  team: string | null;
  service: Service;
  fte: number;
  startDate: IsoDate;
  endDate: IsoDate | null;
  leavingReason: string | null;
  cases: number | null;
  importId: number | null;
}

export interface RegisterCounts {
  /** Post rows matching. */
  posts: number;
  /** Distinct workers among them. */
  workers: number;
  /** Sum of their FTE. */
  fte: number;
}

export interface RegisterPage {
  rows: RegisterRow[];
  counts: RegisterCounts;
}

type WorkersQuery<O> = SelectQueryBuilder<Database, 'workers', O>;

/**
 * Escapes LIKE's wildcards so a search for `50%` or `a_b` matches those characters, not patterns.
 * PostgreSQL's default LIKE escape character is the backslash.
 */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

function filtered<O>(query: WorkersQuery<O>, q: RegisterQuery): WorkersQuery<O> {
  let out = query.where('workers.authority_code', '=', q.authorityCode);
  const search = q.search?.trim();
  if (search) {
    const pattern = `%${likeLiteral(search)}%`;
    out = out.where((eb: ExpressionBuilder<Database, 'workers'>) =>
      eb.or([eb('workers.worker_id', 'ilike', pattern), eb('workers.swe_number', 'ilike', pattern), eb('workers.team', 'ilike', pattern), eb('workers.local_role', 'ilike', pattern)]),
    );
  }
  if (q.team !== undefined) out = q.team === '' ? out.where('workers.team', 'is', null) : out.where('workers.team', '=', q.team);
  if (q.role) out = out.where('workers.role', '=', q.role);
  if (q.contract) out = out.where('workers.agency', '=', q.contract === 'agency');
  if (q.service) out = out.where('workers.service', '=', q.service);
  if (q.status && q.on) {
    const on = q.on;
    out =
      q.status === 'in_post'
        ? out.where('workers.start_date', '<=', on).where((eb: ExpressionBuilder<Database, 'workers'>) => eb.or([eb('workers.end_date', 'is', null), eb('workers.end_date', '>', on)]))
        : out.where('workers.end_date', 'is not', null).where('workers.end_date', '<=', on);
  }
  return out;
}

/** Matching post rows, sorted (worker id then start date break ties, so pages never overlap), with counts over all matches. */
export async function searchRegister(db: Db, q: RegisterQuery): Promise<RegisterPage> {
  const sort = q.sort ?? 'worker_id';
  const direction = q.direction ?? 'asc';
  let rows = filtered(db.selectFrom('workers'), q).select([
    'worker_id',
    'swe_number',
    'agency',
    'role',
    'local_role',
    'team',
    'service',
    'fte',
    'start_date',
    'end_date',
    'leaving_reason',
    'cases',
    'import_id',
  ]);
  // Empty teams and end dates sort last either way: "no team" and "still in post" are not small values.
  rows = rows.orderBy(`workers.${sort}`, (ob) => (direction === 'asc' ? ob.asc() : ob.desc()).nullsLast());
  if (sort !== 'worker_id') rows = rows.orderBy('workers.worker_id');
  rows = rows.orderBy('workers.start_date');
  if (q.limit !== undefined) rows = rows.limit(q.limit);
  if (q.offset !== undefined) rows = rows.offset(q.offset);

  const [found, counts] = await Promise.all([
    rows.execute(),
    filtered(db.selectFrom('workers'), q)
      .select((eb) => [eb.fn.countAll<number>().as('posts'), sql<number>`count(distinct workers.worker_id)`.as('workers'), sql<number | null>`sum(workers.fte)`.as('fte')])
      .executeTakeFirstOrThrow(),
  ]);
  return {
    rows: found.map((row) => ({
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
      leavingReason: row.leaving_reason,
      cases: row.cases,
      importId: row.import_id,
    })),
    counts: { posts: Number(counts.posts), workers: Number(counts.workers), fte: Number(counts.fte ?? 0) },
  };
}

/** Team names in use, for the filter's choices; `hasNoTeam` when some rows have none. */
export async function registerTeams(db: Db, authorityCode: string): Promise<{ teams: string[]; hasNoTeam: boolean }> {
  const rows = await db.selectFrom('workers').select('team').distinct().where('authority_code', '=', authorityCode).orderBy('team').execute();
  return { teams: rows.flatMap((row) => (row.team === null ? [] : [row.team])), hasNoTeam: rows.some((row) => row.team === null) };
}

/** The import that last wrote a post row. */
export interface ImportStamp {
  id: number;
  fileName: string;
  checksumSha256: string;
  importedBy: string | null;
  importedAt: Date;
}

export interface WorkerPost extends RegisterRow {
  leaverDestination: string | null;
  startOrigin: string | null;
  workingDaysLost: number | null;
  dateOfBirth: IsoDate | null;
  gender: string | null;
  ethnicity: string | null;
  salary: number | null;
  grade: string | null;
  qualifiedDate: IsoDate | null;
  updatedAt: Date;
  import: ImportStamp | null;
}

export interface WorkerHistory {
  workerId: string;
  /** Every post row, earliest start first. */
  posts: WorkerPost[];
  /** Distinct imports that wrote the rows, newest first. */
  imports: ImportStamp[];
  /** What imports changed in the posts, newest first (kept since migration 0014). */
  changes: PostChange[];
}

/** One import's change to one post row: each field that changed, before and after. */
export interface PostChange {
  /** The post's start date (with the worker id, its key). */
  startDate: IsoDate;
  changedAt: Date;
  /** The import that made the change (null when rows were written without one). */
  import: ImportStamp | null;
  /** WorkerRecord fields, as the import preview names them. */
  fields: FieldChange[];
}

/**
 * One worker's posts over time, each with the import that last wrote it (the register keeps one
 * row per post, so an earlier import that a later one overwrote is in the import history, not here).
 */
export async function workerHistory(db: Db, authorityCode: string, workerId: string): Promise<WorkerHistory | undefined> {
  const rows = await db
    .selectFrom('workers')
    .leftJoin('imports', 'imports.id', 'workers.import_id')
    .selectAll('workers')
    .select(['imports.file_name as import_file_name', 'imports.checksum_sha256 as import_checksum', 'imports.imported_by as import_imported_by', 'imports.imported_at as import_imported_at'])
    .where('workers.authority_code', '=', authorityCode)
    .where('workers.worker_id', '=', workerId)
    .orderBy('workers.start_date')
    .execute();
  if (rows.length === 0) return undefined;
  const posts: WorkerPost[] = rows.map((row) => ({
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
    leavingReason: row.leaving_reason,
    leaverDestination: row.leaver_destination,
    startOrigin: row.start_origin,
    cases: row.cases,
    workingDaysLost: row.working_days_lost,
    dateOfBirth: row.date_of_birth,
    gender: row.gender,
    ethnicity: row.ethnicity,
    salary: row.salary,
    grade: row.grade,
    qualifiedDate: row.qualified_date,
    importId: row.import_id,
    updatedAt: new Date(row.updated_at),
    import:
      row.import_id !== null && row.import_file_name !== null
        ? {
            id: row.import_id,
            fileName: row.import_file_name,
            checksumSha256: row.import_checksum ?? '',
            importedBy: row.import_imported_by,
            importedAt: new Date(row.import_imported_at ?? 0),
          }
        : null,
  }));
  const byId = new Map<number, ImportStamp>();
  for (const post of posts) if (post.import) byId.set(post.import.id, post.import);
  const imports = [...byId.values()].sort((a, b) => b.importedAt.getTime() - a.importedAt.getTime() || b.id - a.id);
  return { workerId, posts, imports, changes: await postChanges(db, authorityCode, workerId, rows) };
}

/**
 * Each kept version of a post (worker_history, oldest first) against the version after it, the
 * next kept one or, for the latest, the row as it is now: every import's change, field by field
 * (src/domain/record-changes.ts), newest first.
 */
async function postChanges(db: Db, authorityCode: string, workerId: string, current: ReadonlyArray<Selectable<WorkerTable>>): Promise<PostChange[]> {
  const kept = await db
    .selectFrom('worker_history')
    .leftJoin('imports', 'imports.id', 'worker_history.import_id')
    .selectAll('worker_history')
    .select(['imports.file_name as import_file_name', 'imports.checksum_sha256 as import_checksum', 'imports.imported_by as import_imported_by', 'imports.imported_at as import_imported_at'])
    .where('worker_history.authority_code', '=', authorityCode)
    .where('worker_history.worker_id', '=', workerId)
    .orderBy('worker_history.start_date')
    .orderBy('worker_history.id')
    .execute();
  const nowByStart = new Map(current.map((row) => [row.start_date, toWorkerRecord(row)]));
  const changes: PostChange[] = [];
  kept.forEach((version, index) => {
    const next = kept[index + 1];
    const after = next && next.start_date === version.start_date ? toWorkerRecord(next) : nowByStart.get(version.start_date);
    if (!after) return;
    changes.push({
      startDate: version.start_date,
      changedAt: new Date(version.changed_at),
      import:
        version.import_id !== null && version.import_file_name !== null
          ? {
              id: version.import_id,
              fileName: version.import_file_name,
              checksumSha256: version.import_checksum ?? '',
              importedBy: version.import_imported_by,
              importedAt: new Date(version.import_imported_at ?? 0),
            }
          : null,
      fields: fieldChanges(toWorkerRecord(version), after),
    });
  });
  return changes.sort((a, b) => b.changedAt.getTime() - a.changedAt.getTime() || (b.import?.id ?? 0) - (a.import?.id ?? 0));
}
