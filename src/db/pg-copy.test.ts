import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompiledQuery, sql } from 'kysely';
import { testDatabase } from '../test/db.ts';
import { CopyRows, whileCopying } from './pg-copy.ts';

/** COPY FROM STDIN as the PostgreSQL pool clients run it (acceptCopyRows); PGlite copies from a Blob instead. */
const skip = process.env.DATABASE_URL ? false : 'needs DATABASE_URL (a PostgreSQL server)';

const copy = (table: string, text: string) => CompiledQuery.raw(`copy ${table} (code, name) from stdin with (format csv)`, [new CopyRows(text)]);

test('a COPY writes every row, text exactly, and answers with the count', { skip }, async () => {
  const opened = await testDatabase();
  try {
    const { db } = opened;
    await db.transaction().execute(async (trx) => {
      await sql`create temporary table copied (code text primary key, name text) on commit drop`.execute(trx);
      const rows = Array.from({ length: 20_000 }, (_, i) => `"C${i}","Name, with ""quotes"" and é ${i}"`).join('\n');
      const result = await trx.executeQuery<{ copied: number }>(copy('copied', `${rows}\n`));
      assert.equal(result.rows[0]!.copied, 20_000);
      const { rows: back } = await sql<{ n: number; name: string }>`select count(*)::int as n, max(name) filter (where code = 'C7') as name from copied`.execute(trx);
      assert.deepEqual(back[0], { n: 20_000, name: 'Name, with "quotes" and é 7' });
    });
  } finally {
    await opened.close();
  }
});

test('a refused COPY fails with the server’s error, and the connection goes on to roll back and serve the next query', { skip }, async () => {
  const opened = await testDatabase();
  try {
    const { db } = opened;
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await sql`create temporary table copied (code text primary key, name text) on commit drop`.execute(trx);
        await trx.executeQuery(copy('copied', '"A","one"\n"A","again"\n'));
      }),
      (error: Error & { code?: string }) => error.code === '23505',
    );
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
    assert.deepEqual(rows, [{ one: 1 }]);
  } finally {
    await opened.close();
  }
});

test('whileCopying hears of each COPY once its rows have been sent, before the server answers it', { skip }, async () => {
  const opened = await testDatabase();
  try {
    const events: string[] = [];
    await opened.db.transaction().execute(async (trx) => {
      await sql`create temporary table copied (code text primary key, name text) on commit drop`.execute(trx);
      await whileCopying(
        () => events.push('sent'),
        async () => {
          for (const batch of ['1', '2']) {
            await trx.executeQuery(copy('copied', `"${batch}","x"\n`));
            events.push(`answered ${batch}`);
          }
        },
      );
      await trx.executeQuery(copy('copied', '"3","x"\n'));
    });
    assert.deepEqual(events, ['sent', 'answered 1', 'sent', 'answered 2']);
  } finally {
    await opened.close();
  }
});
