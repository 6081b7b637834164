import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { testDatabase } from '../test/db.ts';
import { SCHEMA_COLUMNS } from './schema-columns.ts';

/** Kysely's own bookkeeping, not part of the Database interface. */
const MIGRATION_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

test('the migrated database has exactly the tables and columns the Database interface declares', async () => {
  // Runs on PGlite, and on PostgreSQL when DATABASE_URL is set: both engines are migrated by the same code.
  const { db, close } = await testDatabase();
  try {
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      select c.table_name, c.column_name
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
      order by c.table_name, c.ordinal_position`.execute(db);
    const actual = new Map<string, string[]>();
    for (const row of rows) {
      if (MIGRATION_TABLES.has(row.table_name)) continue;
      actual.set(row.table_name, [...(actual.get(row.table_name) ?? []), row.column_name]);
    }
    const declared = new Map(Object.entries(SCHEMA_COLUMNS).map(([table, columns]) => [table, Object.keys(columns)]));
    assert.deepEqual([...actual.keys()].sort(), [...declared.keys()].sort(), 'the same tables');
    for (const [table, columns] of declared) {
      assert.deepEqual([...actual.get(table)!].sort(), [...columns].sort(), `the columns of ${table}`);
    }
  } finally {
    await close();
  }
});
