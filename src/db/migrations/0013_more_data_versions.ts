import { sql, type Kysely } from 'kysely';

/**
 * The data version (migration 0012) also moves with what the dashboard shows beyond the census
 * records, so its whole page can be kept per version and nothing on it recomputed per request:
 * the council's settings (at-risk thresholds, neighbour model), its exit interviews and its exit
 * interview rate target; and, for every council ('*'), DfE's statistical neighbour lists, which
 * the comparisons name. Same function and statement-level triggers as 0012.
 */
const COUNCIL_TABLES = ['authority_settings', 'exit_interviews', 'retention_settings'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of COUNCIL_TABLES) {
    await sql
      .raw(`create trigger ${table}_version_insert after insert on ${table} referencing new table as changed_rows for each statement execute function retain_bump_data_version('authority_code')`)
      .execute(db);
    await sql
      .raw(`create trigger ${table}_version_update after update on ${table} referencing new table as changed_rows for each statement execute function retain_bump_data_version('authority_code')`)
      .execute(db);
    await sql
      .raw(`create trigger ${table}_version_delete after delete on ${table} referencing old table as changed_rows for each statement execute function retain_bump_data_version('authority_code')`)
      .execute(db);
  }
  await sql
    .raw(`create trigger statistical_neighbours_version after insert or update or delete on statistical_neighbours for each statement execute function retain_bump_data_version('*')`)
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of COUNCIL_TABLES) {
    for (const event of ['insert', 'update', 'delete']) await sql.raw(`drop trigger if exists ${table}_version_${event} on ${table}`).execute(db);
  }
  await sql.raw('drop trigger if exists statistical_neighbours_version on statistical_neighbours').execute(db);
}
