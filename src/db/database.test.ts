import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { testDatabase } from '../test/db.ts';

test('a new database is migrated and dates come back as ISO text', async () => {
  const { db, close } = await testDatabase();
  try {
    await db.insertInto('authorities').values({ code: '999', name: 'Test', new_la_code: null, old_la_code: null, region_code: null, region_name: null }).execute();
    const row = await sql<{ d: string; n: number }>`select date '2024-02-29' as d, count(*) as n from authorities`.execute(db);
    assert.deepEqual(row.rows[0], { d: '2024-02-29', n: 1 });
  } finally {
    await close();
  }
});

test('a failed transaction leaves nothing behind', async () => {
  const { db, close } = await testDatabase();
  try {
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('authorities').values({ code: 'A', name: 'A', new_la_code: null, old_la_code: null, region_code: null, region_name: null }).execute();
        throw new Error('boom');
      }),
      /boom/,
    );
    const rows = await db.selectFrom('authorities').selectAll().execute();
    assert.equal(rows.length, 0);
  } finally {
    await close();
  }
});

test('PGlite makes each WAL segment without first writing it full of zeros', async (t) => {
  const opened = await testDatabase();
  try {
    if (opened.engine !== 'pglite') return t.skip('a PostgreSQL server keeps its own settings');
    const { rows } = await sql<{ zero: string }>`select current_setting('wal_init_zero') as zero`.execute(opened.db);
    assert.deepEqual(rows[0], { zero: 'off' });
  } finally {
    await opened.close();
  }
});
