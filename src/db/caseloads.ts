import { sql } from 'kysely';
import type { CaseloadSnapshot, CaseloadThreshold } from '../domain/caseloads.ts';
import { roleKey } from '../domain/roles.ts';
import type { IsoDate } from '../domain/workforce.ts';
import { bulkUpsert, type BulkTable, type UpsertCounts } from './bulk-upsert.ts';
import type { Db } from './database.ts';

/**
 * Caseload snapshots, keyed by (authority, snapshot_date, worker_id), and the council's caseload
 * thresholds, keyed by (authority, roleKey(role)). Imports upsert and never delete.
 */

const keyOf = (snapshot: Pick<CaseloadSnapshot, 'snapshotDate' | 'workerId'>) => `${snapshot.snapshotDate}\u0000${snapshot.workerId}`;

function same(a: CaseloadSnapshot, b: CaseloadSnapshot): boolean {
  return a.cases === b.cases && a.children === b.children && a.weightedCases === b.weightedCases;
}

/** Compares records with what the authority holds, writing nothing. */
export async function planCaseloadUpsert(db: Db, authorityCode: string, records: readonly CaseloadSnapshot[]): Promise<{ counts: UpsertCounts; changed: CaseloadSnapshot[] }> {
  const existing = new Map<string, CaseloadSnapshot>();
  for (const record of await caseloadSnapshots(db, authorityCode)) existing.set(keyOf(record), record);
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const changed: CaseloadSnapshot[] = [];
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

const CASELOADS_TABLE: BulkTable<CaseloadSnapshot> = {
  table: 'caseload_snapshots',
  key: ['snapshot_date', 'worker_id'],
  columns: [
    { name: 'snapshot_date', type: 'date', value: (r) => r.snapshotDate },
    { name: 'worker_id', type: 'text', value: (r) => r.workerId },
    { name: 'cases', type: 'integer', value: (r) => r.cases },
    { name: 'children', type: 'integer', value: (r) => r.children },
    { name: 'weighted_cases', type: 'double precision', value: (r) => r.weightedCases },
  ],
};

/** Inserts new rows, updates changed ones, leaves identical ones alone (one statement a chunk: bulk-upsert.ts). Run inside the import's transaction. */
export function upsertCaseloads(
  db: Db,
  authorityCode: string,
  records: readonly CaseloadSnapshot[],
  importId: number | null,
  onProgress?: (done: number, total: number) => void,
): Promise<UpsertCounts> {
  return bulkUpsert(db, CASELOADS_TABLE, authorityCode, records, importId, onProgress);
}

/** The authority's snapshot rows, optionally only those dated in [from, to]; by date then worker. */
export async function caseloadSnapshots(db: Db, authorityCode: string, range: { from?: IsoDate; to?: IsoDate } = {}): Promise<CaseloadSnapshot[]> {
  let query = db.selectFrom('caseload_snapshots').select(['snapshot_date', 'worker_id', 'cases', 'children', 'weighted_cases']).where('authority_code', '=', authorityCode);
  if (range.from) query = query.where('snapshot_date', '>=', range.from);
  if (range.to) query = query.where('snapshot_date', '<=', range.to);
  const rows = await query.orderBy('snapshot_date').orderBy('worker_id').execute();
  return rows.map((row) => ({ snapshotDate: row.snapshot_date, workerId: row.worker_id, cases: row.cases, children: row.children, weightedCases: row.weighted_cases }));
}

/** The distinct snapshot dates the authority holds, oldest first. */
export async function caseloadSnapshotDates(db: Db, authorityCode: string): Promise<IsoDate[]> {
  const rows = await db.selectFrom('caseload_snapshots').select('snapshot_date').distinct().where('authority_code', '=', authorityCode).orderBy('snapshot_date').execute();
  return rows.map((row) => row.snapshot_date);
}

export async function listCaseloadThresholds(db: Db, authorityCode: string): Promise<CaseloadThreshold[]> {
  const rows = await db.selectFrom('caseload_thresholds').select(['role', 'cases_per_fte']).where('authority_code', '=', authorityCode).orderBy('role_key').execute();
  return rows.map((row) => ({ role: row.role, casesPerFte: row.cases_per_fte }));
}

/** Sets (or replaces) one threshold; the authority must exist. */
export async function setCaseloadThreshold(db: Db, authorityCode: string, threshold: CaseloadThreshold): Promise<void> {
  const role = threshold.role.trim();
  await db
    .insertInto('caseload_thresholds')
    .values({ authority_code: authorityCode, role_key: roleKey(role), role, cases_per_fte: threshold.casesPerFte })
    .onConflict((oc) => oc.columns(['authority_code', 'role_key']).doUpdateSet({ role, cases_per_fte: threshold.casesPerFte, updated_at: sql<Date>`now()` }))
    .execute();
}

/** Removes a council's own threshold (the default applies again); false when it had none. */
export async function removeCaseloadThreshold(db: Db, authorityCode: string, role: string): Promise<boolean> {
  const result = await db.deleteFrom('caseload_thresholds').where('authority_code', '=', authorityCode).where('role_key', '=', roleKey(role)).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
