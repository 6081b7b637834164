import { sql, type Kysely } from 'kysely';

/**
 * A data version per council: a counter that every write to the council's workers, vacancies,
 * imports, stated data coverage or authority row increases, in the same transaction as the write (statement-level triggers, so
 * every write path counts, including ones added later, and a bulk import bumps it once per
 * statement rather than once per row). Scope '*' is the published benchmarks, which every
 * council's comparisons read. Readers (the dashboard's caches) compare one small row instead of
 * counting a council's rows. A scope with no row yet is version 0.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('data_versions')
    .addColumn('scope', 'text', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();

  // One function for every trigger: each passes the column that names the scope ('*' for a constant).
  await sql`
    create function retain_bump_data_version() returns trigger language plpgsql as $$
    begin
      if tg_argv[0] = '*' then
        insert into data_versions (scope, version) values ('*', 1)
          on conflict (scope) do update set version = data_versions.version + 1;
      else
        execute format(
          'insert into data_versions (scope, version) select distinct %I, 1 from changed_rows
             on conflict (scope) do update set version = data_versions.version + 1', tg_argv[0]);
      end if;
      return null;
    end
    $$`.execute(db);

  for (const [table, scope] of [
    ['workers', 'authority_code'],
    ['vacancies', 'authority_code'],
    ['authorities', 'code'],
    // How far the data runs (src/domain/coverage.ts) reads the stated date and the latest import.
    ['data_coverage', 'authority_code'],
    ['imports', 'authority_code'],
  ] as const) {
    await sql
      .raw(`create trigger ${table}_version_insert after insert on ${table} referencing new table as changed_rows for each statement execute function retain_bump_data_version('${scope}')`)
      .execute(db);
    await sql
      .raw(`create trigger ${table}_version_update after update on ${table} referencing new table as changed_rows for each statement execute function retain_bump_data_version('${scope}')`)
      .execute(db);
    await sql
      .raw(`create trigger ${table}_version_delete after delete on ${table} referencing old table as changed_rows for each statement execute function retain_bump_data_version('${scope}')`)
      .execute(db);
  }
  for (const table of ['benchmark_releases', 'benchmark_rows']) {
    await sql.raw(`create trigger ${table}_version after insert or update or delete on ${table} for each statement execute function retain_bump_data_version('*')`).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['workers', 'vacancies', 'authorities', 'data_coverage', 'imports']) {
    for (const event of ['insert', 'update', 'delete']) await sql.raw(`drop trigger if exists ${table}_version_${event} on ${table}`).execute(db);
  }
  for (const table of ['benchmark_releases', 'benchmark_rows']) await sql.raw(`drop trigger if exists ${table}_version on ${table}`).execute(db);
  await sql`drop function if exists retain_bump_data_version()`.execute(db);
  await db.schema.dropTable('data_versions').execute();
}
