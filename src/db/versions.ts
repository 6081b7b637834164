import { sql } from 'kysely';
import type { Db } from './database.ts';

/**
 * A cheap fingerprint of everything a council's figures are computed from: its worker and
 * vacancy rows (how many, and when one last changed: rows are only ever inserted or updated, and
 * every write stamps `updated_at`), and the published benchmark releases. When it is unchanged,
 * figures computed before are still right, so callers may reuse them.
 */
export async function councilDataVersion(db: Db, authorityCode: string): Promise<string> {
  const [workers, vacancies, releases] = await Promise.all([
    db
      .selectFrom('workers')
      .select([sql<number>`count(*)`.as('n'), sql<string | null>`max(updated_at)::text`.as('at')])
      .where('authority_code', '=', authorityCode)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('vacancies')
      .select([sql<number>`count(*)`.as('n'), sql<string | null>`max(updated_at)::text`.as('at')])
      .where('authority_code', '=', authorityCode)
      .executeTakeFirstOrThrow(),
    db.selectFrom('benchmark_releases').select([sql<number>`count(*)`.as('n'), sql<number | null>`max(id)`.as('id')]).executeTakeFirstOrThrow(),
  ]);
  return `w${workers.n}@${workers.at ?? '-'}|v${vacancies.n}@${vacancies.at ?? '-'}|b${releases.n}#${releases.id ?? '-'}`;
}
