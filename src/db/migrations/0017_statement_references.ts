import { sql, type Kysely } from 'kysely';

/**
 * Imports near COPY speed (issue 9): the references of `workers` and `vacancies` (authority_code ->
 * authorities.code, import_id -> imports.id) are checked once per statement instead of once per
 * row. A foreign key runs one lookup query per row written, which made a COPY into `workers` take
 * about twice as long as the same COPY into a table without them; an import writes thousands of
 * rows of one council and one import in a statement, so one anti-join over the statement's rows
 * (a transition table) does the same work once.
 *
 * Integrity is kept on both sides, as the foreign keys kept it:
 * - writing a row whose authority or import does not exist fails, with PostgreSQL's own error code
 *   (23503) and message;
 * - deleting (or renaming) an authority or import that rows still point at fails the same way,
 *   as NO ACTION did (no cascade: a council's register is never dropped by accident).
 * The referenced rows are locked FOR KEY SHARE by the writer's check, as a foreign key locks them,
 * so a concurrent delete waits for the import and then sees its rows (each query of a volatile
 * function takes a fresh snapshot under READ COMMITTED).
 */

/** Each reference: the referring table and column, the referenced table and column. */
const REFERENCES = [
  ['workers', 'authority_code', 'authorities', 'code'],
  ['workers', 'import_id', 'imports', 'id'],
  ['vacancies', 'authority_code', 'authorities', 'code'],
  ['vacancies', 'import_id', 'imports', 'id'],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  // The referring side: after an insert or update, every non-null value the statement wrote must
  // exist. tg_argv: referring column, referenced table, referenced column.
  await sql`
    create function retain_check_references() returns trigger language plpgsql as $$
    declare
      wanted bigint;
      locked bigint;
      missing text;
    begin
      execute format('select count(distinct %1$I) from changed_rows', tg_argv[0]) into wanted;
      if wanted = 0 then return null; end if;
      execute format(
        'select count(*) from (select 1 from %2$I p where p.%3$I in (select %1$I from changed_rows) for key share of p) as found',
        tg_argv[0], tg_argv[1], tg_argv[2]) into locked;
      if locked < wanted then
        execute format(
          'select c.%1$I::text from changed_rows c where c.%1$I is not null and not exists (select 1 from %2$I p where p.%3$I = c.%1$I) limit 1',
          tg_argv[0], tg_argv[1], tg_argv[2]) into missing;
        raise exception using
          errcode = 'foreign_key_violation',
          message = format('insert or update on table "%s" violates foreign key constraint "%s_%s_fkey"', tg_table_name, tg_table_name, tg_argv[0]),
          detail = format('Key (%s)=(%s) is not present in table "%s".', tg_argv[0], missing, tg_argv[1]),
          table = tg_table_name;
      end if;
      return null;
    end
    $$`.execute(db);

  // The referenced side: a row whose key is deleted or changed must not still be referred to.
  // Authorities and imports change a row at a time and rarely their key, so this is a row trigger
  // that runs only when the key column is written (`update of`), not on every count or name update.
  // tg_argv: referenced column, referring table, referring column.
  await sql`
    create function retain_check_referenced() returns trigger language plpgsql as $$
    declare
      gone text := to_jsonb(old) ->> tg_argv[0];
      kept boolean;
    begin
      if tg_op = 'UPDATE' and gone is not distinct from to_jsonb(new) ->> tg_argv[0] then return null; end if;
      execute format('select exists (select 1 from %I c where c.%I::text = $1)', tg_argv[1], tg_argv[2]) into kept using gone;
      if kept then
        raise exception using
          errcode = 'foreign_key_violation',
          message = format('update or delete on table "%s" violates foreign key constraint "%s_%s_fkey" on table "%s"', tg_table_name, tg_argv[1], tg_argv[2], tg_argv[1]),
          detail = format('Key (%s)=(%s) is still referenced from table "%s".', tg_argv[0], gone, tg_argv[1]),
          table = tg_table_name;
      end if;
      return null;
    end
    $$`.execute(db);

  for (const [table, column, parent, parentColumn] of REFERENCES) {
    await sql.raw(`alter table ${table} drop constraint ${table}_${column}_fkey`).execute(db);
    // Transition tables allow one event a trigger: one for inserts, one for updates.
    for (const event of ['insert', 'update']) {
      await sql
        .raw(
          `create trigger ${table}_${column}_ref_${event} after ${event} on ${table} referencing new table as changed_rows
           for each statement execute function retain_check_references('${column}', '${parent}', '${parentColumn}')`,
        )
        .execute(db);
    }
    await sql
      .raw(
        `create trigger ${table}_${column}_referenced after delete or update of ${parentColumn} on ${parent}
         for each row execute function retain_check_referenced('${parentColumn}', '${table}', '${column}')`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [table, column, parent, parentColumn] of REFERENCES) {
    for (const event of ['insert', 'update']) await sql.raw(`drop trigger ${table}_${column}_ref_${event} on ${table}`).execute(db);
    await sql.raw(`drop trigger ${table}_${column}_referenced on ${parent}`).execute(db);
    await sql.raw(`alter table ${table} add constraint ${table}_${column}_fkey foreign key (${column}) references ${parent} (${parentColumn})`).execute(db);
  }
  await sql`drop function retain_check_references()`.execute(db);
  await sql`drop function retain_check_referenced()`.execute(db);
}
