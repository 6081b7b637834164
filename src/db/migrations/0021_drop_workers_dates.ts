import { sql, type Kysely } from 'kysely';

/**
 * Imports near COPY speed (issue 9): `workers_dates` (authority_code, start_date, end_date) is
 * dropped. Every worker row an import wrote went into it as well as into the primary key, a
 * quarter of the COPY's time, timed on 150 councils a COPY each (PostgreSQL: 16.2 ms a council
 * against 12.6 without it; PGlite: 37 against 28.5). Every query of workers names its council,
 * and the primary key (authority_code, worker_id, start_date) finds a council's rows as the index
 * did; its ~1,500 rows are then read whole, which the measures do anyway (they look at several
 * dates of each row). The one-statement measures for 150 councils stay inside issue 9's 2x of a
 * plain GROUP BY without it (bench/measures.ts; see the closing note of the change for figures).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index workers_dates`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index workers_dates on workers (authority_code, start_date, end_date)`.execute(db);
}
