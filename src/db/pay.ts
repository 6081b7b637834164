import { sql } from 'kysely';
import type { RoleCode } from '../domain/codes.ts';
import { authorityKey, type PayScaleRecord, type PaySupplementRecord } from '../domain/pay.ts';
import type { Scenario } from '../domain/scenario.ts';
import type { Db } from './database.ts';
import type { UpsertCounts } from './workers.ts';

/**
 * Pay scales, market supplements and saved scenarios of one council. Scales are keyed by (whose
 * scale, role as written, grade, effective_from) and supplements by (role as written, from), so
 * re-importing a file updates its rows and never duplicates them; rows not in a file are kept.
 */

const CHUNK = 1000;

function scaleKey(s: Pick<PayScaleRecord, 'scaleAuthority' | 'roleKey' | 'grade' | 'effectiveFrom'>): string {
  return [authorityKey(s.scaleAuthority), s.roleKey, s.grade, s.effectiveFrom].join('\u0000');
}

export async function payScalesFor(db: Db, authorityCode: string): Promise<PayScaleRecord[]> {
  const rows = await db
    .selectFrom('pay_scales')
    .select(['scale_authority', 'role', 'role_key', 'local_role', 'grade', 'min_salary', 'max_salary', 'effective_from', 'source'])
    .where('authority_code', '=', authorityCode)
    .orderBy('scale_authority_key')
    .orderBy('role')
    .orderBy('grade')
    .orderBy('effective_from')
    .execute();
  return rows.map((row) => ({
    scaleAuthority: row.scale_authority,
    role: row.role as RoleCode,
    roleKey: row.role_key,
    localRole: row.local_role,
    grade: row.grade,
    minSalary: row.min_salary,
    maxSalary: row.max_salary,
    effectiveFrom: row.effective_from,
    source: row.source,
  }));
}

export async function supplementsFor(db: Db, authorityCode: string): Promise<PaySupplementRecord[]> {
  const rows = await db
    .selectFrom('pay_supplements')
    .select(['role', 'role_key', 'local_role', 'amount_per_year', 'from_date', 'to_date'])
    .where('authority_code', '=', authorityCode)
    .orderBy('role')
    .orderBy('from_date')
    .execute();
  return rows.map((row) => ({ role: row.role as RoleCode, roleKey: row.role_key, localRole: row.local_role, amountPerYear: row.amount_per_year, from: row.from_date, to: row.to_date }));
}

function sameScale(a: PayScaleRecord, b: PayScaleRecord): boolean {
  return a.scaleAuthority === b.scaleAuthority && a.role === b.role && a.localRole === b.localRole && a.minSalary === b.minSalary && a.maxSalary === b.maxSalary && a.source === b.source;
}

export async function planPayScaleUpsert(db: Db, authorityCode: string, records: readonly PayScaleRecord[]): Promise<{ counts: UpsertCounts; changed: PayScaleRecord[] }> {
  const existing = new Map((await payScalesFor(db, authorityCode)).map((s) => [scaleKey(s), s]));
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const changed: PayScaleRecord[] = [];
  for (const record of records) {
    const before = existing.get(scaleKey(record));
    if (before && sameScale(before, record)) counts.unchanged += 1;
    else {
      counts[before ? 'updated' : 'inserted'] += 1;
      changed.push(record);
    }
  }
  return { counts, changed };
}

export async function upsertPayScales(db: Db, authorityCode: string, records: readonly PayScaleRecord[], importId: number | null): Promise<UpsertCounts> {
  const { counts, changed } = await planPayScaleUpsert(db, authorityCode, records);
  for (let i = 0; i < changed.length; i += CHUNK) {
    await db
      .insertInto('pay_scales')
      .values(
        changed.slice(i, i + CHUNK).map((s) => ({
          authority_code: authorityCode,
          scale_authority: s.scaleAuthority,
          scale_authority_key: authorityKey(s.scaleAuthority),
          role: s.role,
          role_key: s.roleKey,
          local_role: s.localRole,
          grade: s.grade,
          min_salary: s.minSalary,
          max_salary: s.maxSalary,
          effective_from: s.effectiveFrom,
          source: s.source,
          import_id: importId,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['authority_code', 'scale_authority_key', 'role_key', 'grade', 'effective_from']).doUpdateSet((eb) => ({
          scale_authority: eb.ref('excluded.scale_authority'),
          role: eb.ref('excluded.role'),
          local_role: eb.ref('excluded.local_role'),
          min_salary: eb.ref('excluded.min_salary'),
          max_salary: eb.ref('excluded.max_salary'),
          source: eb.ref('excluded.source'),
          import_id: eb.ref('excluded.import_id'),
          updated_at: sql<Date>`now()`,
        })),
      )
      .execute();
  }
  return counts;
}

export async function planSupplementUpsert(db: Db, authorityCode: string, records: readonly PaySupplementRecord[]): Promise<{ counts: UpsertCounts; changed: PaySupplementRecord[] }> {
  const key = (s: PaySupplementRecord) => `${s.roleKey}\u0000${s.from}`;
  const existing = new Map((await supplementsFor(db, authorityCode)).map((s) => [key(s), s]));
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const changed: PaySupplementRecord[] = [];
  for (const record of records) {
    const before = existing.get(key(record));
    if (before && before.amountPerYear === record.amountPerYear && before.to === record.to && before.localRole === record.localRole && before.role === record.role) counts.unchanged += 1;
    else {
      counts[before ? 'updated' : 'inserted'] += 1;
      changed.push(record);
    }
  }
  return { counts, changed };
}

export async function upsertSupplements(db: Db, authorityCode: string, records: readonly PaySupplementRecord[], importId: number | null): Promise<UpsertCounts> {
  const { counts, changed } = await planSupplementUpsert(db, authorityCode, records);
  for (let i = 0; i < changed.length; i += CHUNK) {
    await db
      .insertInto('pay_supplements')
      .values(
        changed.slice(i, i + CHUNK).map((s) => ({
          authority_code: authorityCode,
          role: s.role,
          role_key: s.roleKey,
          local_role: s.localRole,
          amount_per_year: s.amountPerYear,
          from_date: s.from,
          to_date: s.to,
          import_id: importId,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['authority_code', 'role_key', 'from_date']).doUpdateSet((eb) => ({
          role: eb.ref('excluded.role'),
          local_role: eb.ref('excluded.local_role'),
          amount_per_year: eb.ref('excluded.amount_per_year'),
          to_date: eb.ref('excluded.to_date'),
          import_id: eb.ref('excluded.import_id'),
          updated_at: sql<Date>`now()`,
        })),
      )
      .execute();
  }
  return counts;
}

// ---------------------------------------------------------------- saved scenarios

export interface SavedScenario {
  id: number;
  name: string;
  definition: Scenario;
  recommendationId: number | null;
  createdBy: string | null;
  updatedAt: Date;
}

function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export async function listScenarios(db: Db, authorityCode: string): Promise<SavedScenario[]> {
  const rows = await db.selectFrom('pay_scenarios').selectAll().where('authority_code', '=', authorityCode).orderBy('name').execute();
  return rows.map(toSaved);
}

export async function getScenario(db: Db, authorityCode: string, id: number): Promise<SavedScenario | undefined> {
  const row = await db.selectFrom('pay_scenarios').selectAll().where('authority_code', '=', authorityCode).where('id', '=', id).executeTakeFirst();
  return row ? toSaved(row) : undefined;
}

function toSaved(row: { id: number; name: string; definition: unknown; recommendation_id: number | null; created_by: string | null; updated_at: Date }): SavedScenario {
  return { id: row.id, name: row.name, definition: parseJson<Scenario>(row.definition), recommendationId: row.recommendation_id, createdBy: row.created_by, updatedAt: new Date(row.updated_at) };
}

/** Saves a scenario under its name: a new name is a new scenario, an existing one is replaced. Returns its id. */
export async function saveScenarioRow(db: Db, authorityCode: string, name: string, definition: Scenario, createdBy: string | null, id?: number): Promise<number> {
  if (id !== undefined) {
    await db
      .updateTable('pay_scenarios')
      .set({ name, definition: JSON.stringify(definition), updated_at: sql<Date>`now()` })
      .where('authority_code', '=', authorityCode)
      .where('id', '=', id)
      .execute();
    return id;
  }
  const row = await db
    .insertInto('pay_scenarios')
    .values({ authority_code: authorityCode, name, definition: JSON.stringify(definition), created_by: createdBy })
    .onConflict((oc) => oc.columns(['authority_code', 'name']).doUpdateSet({ definition: JSON.stringify(definition), updated_at: sql<Date>`now()` }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Attaches a scenario to a recommendation of the same council (null detaches it). */
export async function setScenarioRecommendation(db: Db, authorityCode: string, scenarioId: number, recommendationId: number | null): Promise<void> {
  await db.updateTable('pay_scenarios').set({ recommendation_id: recommendationId }).where('authority_code', '=', authorityCode).where('id', '=', scenarioId).execute();
}

// ---------------------------------------------------------------- agency assignments, when the agency module's table is there

export interface AgencyAssignmentRow {
  role: string;
  start_date: string;
  end_date: string | null;
  hourly_rate: number;
  hours_per_week: number | null;
}

/**
 * The council's agency assignments overlapping a period, for the scenario baseline's agency
 * premium; null when this database has no agency assignments table (the agency import is a
 * separate module) or it cannot be read in the contract's column names. Raw SQL because the table
 * belongs to that module's schema, not this one's.
 */
export async function agencyAssignmentsOverlapping(db: Db, authorityCode: string, from: string, to: string): Promise<AgencyAssignmentRow[] | null> {
  const exists = await sql<{ t: string | null }>`select to_regclass('agency_assignments')::text as t`.execute(db);
  if (!exists.rows[0]?.t) return null;
  try {
    const result = await sql<AgencyAssignmentRow>`
      select role, start_date::text as start_date, end_date::text as end_date, hourly_rate::float8 as hourly_rate, hours_per_week::float8 as hours_per_week
      from agency_assignments
      where authority_code = ${authorityCode} and start_date <= ${to}::date and (end_date is null or end_date >= ${from}::date)`.execute(db);
    return result.rows;
  } catch {
    return null;
  }
}
