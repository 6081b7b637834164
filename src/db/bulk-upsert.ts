import { CompiledQuery, sql, type RawBuilder } from 'kysely';
import type { Db } from './database.ts';
import { CopyRows } from './pg-copy.ts';
import { copiesFromBlob } from './pglite-dialect.ts';

/**
 * The one way imports write a council's rows (workers, vacancies, agency assignments, price caps,
 * applications, caseload snapshots): each chunk of records is one statement,
 *
 *   insert into T (authority_code, columns..., import_id) select ... from incoming
 *   on conflict (authority_code, key...) do update set ... where (held) is distinct from (incoming)
 *   returning (xmax = 0) as inserted
 *
 * so new keys are inserted, changed rows updated (stamped with the import and a new updated_at),
 * identical rows left alone (loading the same file twice writes nothing), rows not given kept, and
 * the counts come back from the statement itself instead of reading the council's rows into
 * JavaScript first (and are added to the import's row, `importId`, by the same statement).
 * `incoming` is the chunk as rows, COPYed (CSV made here) into a temporary
 * table, the fastest way in on both engines: from a Blob on PGlite, FROM STDIN on PostgreSQL
 * (pg-copy.ts). Run it inside the import's transaction (it opens one when called outside any, as
 * the temporary rows live on one connection until the commit).
 *
 * With `history`, rows about to change are first copied, as they stand, into that table in the
 * same statement (data-modifying WITH clauses see the rows as before it), with the import that had
 * written them, the one changing them and the columns that differ: a worker's history between
 * imports (migration 0014), for one more join per chunk.
 */

/** The SQL types imported columns have. */
export type BulkColumnType = 'text' | 'date' | 'boolean' | 'integer' | 'double precision';

export interface BulkColumn<R> {
  name: string;
  type: BulkColumnType;
  value(record: R): string | number | boolean | null | undefined;
}

export interface BulkTable<R> {
  table: string;
  /** The conflict key's columns after authority_code. */
  key: readonly string[];
  /** Every column written (key columns included), besides authority_code and import_id. */
  columns: ReadonlyArray<BulkColumn<R>>;
  /** A table of the same columns, plus previous_import_id, previous_updated_at, import_id and changed_fields, that keeps rows before they change. */
  history?: string;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** Rows a statement: large enough that the statement's own cost vanishes, small enough to pace progress and keep PGlite's memory low (its WASM heap never shrinks). */
export const BULK_CHUNK = 10_000;

export async function bulkUpsert<R>(
  db: Db,
  spec: BulkTable<R>,
  authorityCode: string,
  records: readonly R[],
  importId: number | null,
  onProgress?: (done: number, total: number) => void,
  /** Whether the council holds rows of this table, when the caller has just read it in its transaction (one statement fewer). */
  held?: boolean,
): Promise<UpsertCounts> {
  if (!db.isTransaction && records.length > 0) {
    return db.transaction().execute((trx) => bulkUpsert(trx, spec, authorityCode, records, importId, onProgress, held));
  }
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const total = records.length;
  onProgress?.(0, total);
  // A council's first load of a table: nothing is held, so every record is new and goes straight
  // in (COPY into the table itself), without the upsert's
  // conflict check on every row. Every reader refuses a file that repeats a key, so this writes
  // exactly what the upsert would (and a key that appeared meanwhile fails the import, never doubles).
  const firstLoad = total > 0 && !(held ?? (await holdsAny(db, spec.table, authorityCode)));
  const prepared = firstLoad ? takePrepared(records, spec.table, authorityCode, importId) : undefined;
  for (let i = 0; i < total; i += BULK_CHUNK) {
    const chunk = records.slice(i, i + BULK_CHUNK);
    const written = firstLoad ? { inserted: await insertChunk(db, spec, authorityCode, chunk, importId, prepared), updated: 0 } : await writeChunk(db, spec, authorityCode, chunk, importId);
    counts.inserted += written.inserted;
    counts.updated += written.updated;
    counts.unchanged += chunk.length - written.inserted - written.updated;
    onProgress?.(Math.min(i + BULK_CHUNK, total), total);
  }
  return counts;
}

/**
 * A first load's COPY text made ahead of its write (prepareFirstLoad), by the records it is for:
 * a batch makes the next file's while PostgreSQL is writing the one before (run-batch-import.ts),
 * so the server does not wait for it. Taken, and dropped, by the first load of those very records
 * into the same table for the same council and import; any other write makes its own text.
 */
const preparedFirstLoads = new WeakMap<readonly unknown[], { table: string; authorityCode: string; importId: number | null; text: string }>();

/** Makes the COPY text of a council's first load of `records` now, for bulkUpsert to send when it writes them (one chunk's worth at most). */
export function prepareFirstLoad<R>(spec: BulkTable<R>, authorityCode: string, records: readonly R[], importId: number | null): void {
  if (records.length === 0 || records.length > BULK_CHUNK) return;
  preparedFirstLoads.set(records, { table: spec.table, authorityCode, importId, text: csvOf(firstLoadColumns(spec, authorityCode, importId), records) });
}

function takePrepared(records: readonly unknown[], table: string, authorityCode: string, importId: number | null): string | undefined {
  const prepared = preparedFirstLoads.get(records);
  preparedFirstLoads.delete(records);
  return prepared && prepared.table === table && prepared.authorityCode === authorityCode && prepared.importId === importId ? prepared.text : undefined;
}

async function holdsAny(db: Db, table: string, authorityCode: string): Promise<boolean> {
  const { rows } = await sql<{ held: boolean }>`select exists(select 1 from ${sql.table(table)} where authority_code = ${authorityCode}) as held`.execute(db);
  return rows[0]!.held;
}

/** New rows only: COPY straight into the table (its text made already when `prepared`). Gives the rows written. */
async function insertChunk<R>(db: Db, spec: BulkTable<R>, authorityCode: string, chunk: readonly R[], importId: number | null, prepared?: string): Promise<number> {
  return copyRows(db, spec.table, firstLoadColumns(spec, authorityCode, importId), chunk, prepared);
}

function firstLoadColumns<R>(spec: BulkTable<R>, authorityCode: string, importId: number | null): Array<BulkColumn<R>> {
  return [{ name: 'authority_code', type: 'text', value: () => authorityCode }, ...spec.columns, { name: 'import_id', type: 'integer', value: () => importId }];
}

/** COPY of records as CSV (`text`, or made here) into a table's columns, from a Blob (PGlite) or FROM STDIN (PostgreSQL). Gives the rows copied. */
async function copyRows<R>(db: Db, table: string, columns: ReadonlyArray<BulkColumn<R>>, records: readonly R[], given?: string): Promise<number> {
  const names = columns.map((column) => column.name).join(', ');
  const text = given ?? csvOf(columns, records);
  const result = copiesFromBlob(db)
    ? await db.executeQuery(CompiledQuery.raw(`copy ${table} (${names}) from '/dev/blob' with (format csv)`, [new Blob([text])]))
    : await db.executeQuery<{ copied: number }>(CompiledQuery.raw(`copy ${table} (${names}) from stdin with (format csv)`, [new CopyRows(text)]));
  const copied = result.numAffectedRows ?? (result.rows[0] as { copied?: number } | undefined)?.copied;
  if (copied === undefined) throw new Error('The database did not say how many rows it wrote');
  return Number(copied);
}

async function writeChunk<R>(db: Db, spec: BulkTable<R>, authorityCode: string, chunk: readonly R[], importId: number | null): Promise<{ inserted: number; updated: number }> {
  const names = spec.columns.map((column) => column.name);
  const list = (prefix: string, columns: readonly string[]) => sql.raw(columns.map((name) => `${prefix}${name}`).join(', '));
  const compared = names.filter((name) => !spec.key.includes(name));
  const keyMatch = sql.raw(spec.key.map((name) => `held.${name} = incoming.${name}`).join(' and '));
  const incoming = sql`${sql.table(await copiedIn(db, spec, chunk))} as incoming`;
  const clauses: RawBuilder<unknown>[] = [];
  if (spec.history) {
    clauses.push(sql`kept as (
      insert into ${sql.table(spec.history)} (authority_code, ${list('', names)}, previous_import_id, previous_updated_at, import_id, changed_fields)
      select held.authority_code, ${list('held.', names)}, held.import_id, held.updated_at, ${importId}::integer,
        array_remove(array[${sql.raw(compared.map((name) => `case when held.${name} is distinct from incoming.${name} then '${name}' end`).join(', '))}], null)
      from ${incoming} join ${sql.table(spec.table)} as held on held.authority_code = ${authorityCode} and ${keyMatch}
      where (${list('held.', compared)}) is distinct from (${list('incoming.', compared)}))`);
  }
  clauses.push(sql`written as (
    insert into ${sql.table(spec.table)} as held (authority_code, ${list('', names)}, import_id)
    select ${authorityCode}, ${list('incoming.', names)}, ${importId}::integer from ${incoming}
    on conflict (authority_code, ${list('', spec.key)}) do update
      set ${sql.raw(compared.map((name) => `${name} = excluded.${name}`).join(', '))}, import_id = excluded.import_id, updated_at = now()
      where (${list('held.', compared)}) is distinct from (${list('excluded.', compared)})
    returning (xmax = 0) as inserted)`);
  clauses.push(sql`counted as (select (count(*) filter (where inserted))::integer as inserted, (count(*) filter (where not inserted))::integer as updated from written)`);
  // The import's own counts, added to in the same statement rather than set by one more after the
  // write (a round trip each). Its row was recorded with zeros (a first load, which has its counts
  // already, takes insertChunk's path instead).
  if (importId !== null) {
    clauses.push(sql`recorded as (
      update imports set inserted = imports.inserted + counted.inserted, updated = imports.updated + counted.updated,
        unchanged = imports.unchanged + ${chunk.length}::integer - counted.inserted - counted.updated
      from counted where imports.id = ${importId}::integer)`);
  }
  const result = await sql<{ inserted: number; updated: number }>`with ${sql.join(clauses)} select inserted, updated from counted`.execute(db);
  return result.rows[0]!;
}

/**
 * The chunk copied as CSV into a temporary table of the spec's columns (made once per session;
 * emptied at each commit), read by the upsert. Gives the table's name.
 */
async function copiedIn<R>(db: Db, spec: BulkTable<R>, chunk: readonly R[]): Promise<string> {
  const temporary = `retain_incoming_${spec.table}`;
  const columns = spec.columns.map((column) => `${column.name} ${column.type}`).join(', ');
  // Emptied too, in the same round trip: an earlier chunk or file of the same transaction is still there.
  await db.executeQuery(CompiledQuery.raw(`do $$ begin create temporary table if not exists ${temporary} (${columns}) on commit delete rows; delete from ${temporary}; end $$`));
  await copyRows(db, temporary, spec.columns, chunk);
  return temporary;
}

/**
 * CSV as COPY reads it: an empty unquoted field is null, text is always quoted (so '' stays '' and
 * nothing in it is special), booleans t/f, numbers and ISO dates as they are. One string grown a
 * field at a time, with no closure or line array per field: this runs for every row of an import.
 */
export function csvOf<R>(columns: ReadonlyArray<BulkColumn<R>>, records: readonly R[]): string {
  const values = columns.map((column) => column.value);
  const kinds = columns.map((column) => (column.type === 'text' ? TEXT : column.type === 'boolean' ? BOOLEAN : AS_IS));
  const count = columns.length;
  let text = '';
  for (const record of records) {
    for (let i = 0; i < count; i += 1) {
      if (i > 0) text += ',';
      const value = values[i]!(record);
      if (value === null || value === undefined) continue;
      const kind = kinds[i];
      if (kind === TEXT) {
        const string = String(value);
        text += string.includes('"') ? `"${string.replaceAll('"', '""')}"` : `"${string}"`;
      } else if (kind === BOOLEAN) text += value ? 't' : 'f';
      else text += value;
    }
    text += '\n';
  }
  return text;
}

const TEXT = 0;
const BOOLEAN = 1;
const AS_IS = 2;
