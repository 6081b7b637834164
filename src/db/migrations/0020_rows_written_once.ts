import { sql, type Kysely } from 'kysely';

/**
 * Imports near COPY speed (issue 9), the server's share of it:
 *
 * 1. After an insert or update of `workers` or `vacancies`, one trigger instead of three. Migration
 *    0017's reference checks (authority_code, import_id) and 0012's data-version bump were three
 *    statement triggers, five scans of the statement's transition table and three dynamic
 *    statements planned afresh each time; together a quarter of a council's COPY into `workers`
 *    on PostgreSQL and more on PGlite. Now one function reads the transition table once (the
 *    least and greatest of each column: an import writes one council and one import, so nothing
 *    needs sorting) and checks and bumps from the few values found. The checks are the same
 *    (every value any writer wrote must exist, locked FOR KEY SHARE, else 23503 with PostgreSQL's
 *    wording); deletes keep 0012's trigger, and the referenced side keeps 0017's.
 * 2. `retain_import_begin`: what an import asks before it writes (its lock, whether the authority
 *    has its row, the teams and rows the council holds), and its imports row, in one round trip
 *    instead of three or four. A function, so each query in it takes a fresh snapshot after the
 *    lock is granted (a single SELECT would read with the snapshot it took before waiting).
 */

const TABLES = ['workers', 'vacancies'] as const;
const OLD_TRIGGERS = ['authority_code_ref', 'import_id_ref', 'version'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function retain_rows_written() returns trigger language plpgsql as $$
    declare
      low_code text;
      high_code text;
      low_import integer;
      high_import integer;
      codes text[];
      import_ids integer[];
      found bigint;
      missing text;
    begin
      select min(authority_code), max(authority_code), min(import_id), max(import_id)
        into low_code, high_code, low_import, high_import from changed_rows;
      -- authority_code is never null: no code, no rows.
      if low_code is null then return null; end if;
      codes := case when low_code = high_code then array[low_code] else (select array_agg(distinct authority_code) from changed_rows) end;
      import_ids := case when low_import is null then array[]::integer[]
                         when low_import = high_import then array[low_import]
                         else (select array_agg(distinct import_id) from changed_rows where import_id is not null) end;

      select count(*) into found from (select 1 from authorities p where p.code = any(codes) for key share of p) as locked;
      if found < cardinality(codes) then
        select c into missing from unnest(codes) as c where not exists (select 1 from authorities p where p.code = c) limit 1;
        raise exception using
          errcode = 'foreign_key_violation',
          message = format('insert or update on table "%s" violates foreign key constraint "%s_authority_code_fkey"', tg_table_name, tg_table_name),
          detail = format('Key (authority_code)=(%s) is not present in table "authorities".', missing),
          table = tg_table_name;
      end if;
      if cardinality(import_ids) > 0 then
        select count(*) into found from (select 1 from imports p where p.id = any(import_ids) for key share of p) as locked;
        if found < cardinality(import_ids) then
          select i::text into missing from unnest(import_ids) as i where not exists (select 1 from imports p where p.id = i) limit 1;
          raise exception using
            errcode = 'foreign_key_violation',
            message = format('insert or update on table "%s" violates foreign key constraint "%s_import_id_fkey"', tg_table_name, tg_table_name),
            detail = format('Key (import_id)=(%s) is not present in table "imports".', missing),
            table = tg_table_name;
        end if;
      end if;

      insert into data_versions (scope, version) select c, 1 from unnest(codes) as c
        on conflict (scope) do update set version = data_versions.version + 1;
      return null;
    end
    $$`.execute(db);

  // An import's first round trip (src/db/imports.ts beginImport). The teams and holdings are
  // teamsInData's (src/db/workers.ts), read here after the lock; the row is recordImport's, its
  // counts filled in when the council holds no rows of the kind (a first load: every row is new).
  await sql`
    create function retain_import_begin(code text, kind text, file_name text, checksum text, row_count integer, warnings jsonb, imported_by text)
    returns table (import_id integer, teams text[], has_workers boolean, has_vacancies boolean, first_load boolean)
    language plpgsql as $$
    declare
      first boolean;
    begin
      perform pg_advisory_xact_lock(hashtext('retain.import.' || code));
      -- Only when missing: an insert that does nothing still runs the table's statement triggers.
      if not exists (select 1 from authorities a where a.code = retain_import_begin.code) then
        insert into authorities (code, name) values (retain_import_begin.code, retain_import_begin.code) on conflict do nothing;
      end if;
      teams := array(select w.team from workers w where w.authority_code = retain_import_begin.code and w.team is not null
                     union select v.team from vacancies v where v.authority_code = retain_import_begin.code and v.team <> '');
      has_workers := exists (select 1 from workers w where w.authority_code = retain_import_begin.code);
      has_vacancies := exists (select 1 from vacancies v where v.authority_code = retain_import_begin.code);
      first := case kind when 'workers' then not has_workers when 'vacancies' then not has_vacancies else false end;
      insert into imports (authority_code, kind, file_name, checksum_sha256, row_count, inserted, updated, unchanged, warnings, imported_by)
        values (code, kind, file_name, checksum, row_count, case when first then row_count else 0 end, 0, 0, warnings, imported_by)
        returning id into import_id;
      first_load := first;
      return next;
    end
    $$`.execute(db);

  for (const table of TABLES) {
    for (const event of ['insert', 'update']) {
      for (const old of OLD_TRIGGERS) await sql.raw(`drop trigger ${table}_${old}_${event} on ${table}`).execute(db);
      await sql
        .raw(`create trigger ${table}_rows_written_${event} after ${event} on ${table} referencing new table as changed_rows for each statement execute function retain_rows_written()`)
        .execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    for (const event of ['insert', 'update']) {
      await sql.raw(`drop trigger ${table}_rows_written_${event} on ${table}`).execute(db);
      for (const [column, parent, parentColumn] of [
        ['authority_code', 'authorities', 'code'],
        ['import_id', 'imports', 'id'],
      ] as const) {
        await sql
          .raw(
            `create trigger ${table}_${column}_ref_${event} after ${event} on ${table} referencing new table as changed_rows
             for each statement execute function retain_check_references('${column}', '${parent}', '${parentColumn}')`,
          )
          .execute(db);
      }
      await sql
        .raw(`create trigger ${table}_version_${event} after ${event} on ${table} referencing new table as changed_rows for each statement execute function retain_bump_data_version('authority_code')`)
        .execute(db);
    }
  }
  await sql`drop function retain_rows_written()`.execute(db);
  await sql`drop function retain_import_begin(text, text, text, text, integer, jsonb, text)`.execute(db);
}
