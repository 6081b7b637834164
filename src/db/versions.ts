import { sql } from 'kysely';
import type { Db } from './database.ts';
import { memoUntilWrite } from './write-epoch.ts';

/**
 * A council's data version: a counter that every write to its workers, vacancies, imports, stated
 * coverage or authority row (migration 0012), its settings, exit interviews or exit interview
 * target (0013) increases in the same transaction (triggers), with the counter of the benchmarks
 * and DfE's neighbour lists (scope '*'), which every council's comparisons read. When it is unchanged, figures computed
 * before are still right, so callers may reuse them. One primary-key read, however many rows the
 * council has.
 */
export function councilDataVersion(db: Db, authorityCode: string): Promise<string> {
  // On PGlite, kept until anything is written (write-epoch.ts): then no statement at all.
  return memoUntilWrite(db, `data-version\u0000${authorityCode}`, async () => {
    const rows = await db.selectFrom('data_versions').select(['scope', 'version']).where('scope', 'in', [authorityCode, '*']).execute();
    const of = (scope: string) => rows.find((row) => row.scope === scope)?.version ?? 0;
    return `c${of(authorityCode)}|b${of('*')}`;
  });
}

/**
 * Bumps a council's data version by hand. Writes to workers, vacancies and authorities bump it
 * already (triggers); a new table whose rows feed a council's cached figures either adds the same
 * trigger in its migration or calls this inside its write transaction.
 */
export async function bumpDataVersion(db: Db, scope: string): Promise<void> {
  await db
    .insertInto('data_versions')
    .values({ scope, version: 1 })
    .onConflict((oc) => oc.column('scope').doUpdateSet({ version: sql<number>`data_versions.version + 1` }))
    .execute();
}
