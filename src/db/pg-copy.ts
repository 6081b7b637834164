import { once } from 'node:events';
import type pg from 'pg';

/**
 * COPY ... FROM STDIN on PostgreSQL, through Kysely. The `pg` client has no COPY of its own and
 * Kysely hands out no client, so each pool client learns one more kind of query: a query whose last
 * parameter is CopyRows runs as COPY (pg-copy-streams), the rows sent as the text, and answers with
 * one row, { copied }. bulk-upsert.ts sends it as it sends PGlite its Blob (pglite-dialect.ts), so
 * both engines load an import's rows by COPY, on the transaction's own connection.
 */
export class CopyRows {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

/** Makes a pool client run CopyRows queries (openPostgres calls it for every new client). */
export function acceptCopyRows(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const copying = (sqlText: string, rows: CopyRows) => copyIn(query, sqlText, rows.text);
  client.query = ((text: unknown, values?: unknown, ...rest: unknown[]) => {
    const last = Array.isArray(values) ? values.at(-1) : undefined;
    return last instanceof CopyRows ? copying(text as string, last) : query(text, values, ...rest);
  }) as typeof client.query;
}

async function copyIn(query: (...args: unknown[]) => unknown, sqlText: string, text: string): Promise<{ command: string; rowCount: number; rows: Array<{ copied: number }> }> {
  // Loaded when first used: a PGlite process never needs it.
  const { from: copyFrom } = await import('pg-copy-streams');
  const stream = query(copyFrom(sqlText)) as ReturnType<typeof copyFrom>;
  const finished = once(stream, 'finish');
  stream.end(text);
  // A refused row (a key twice, a missing authority) comes back as the stream's error.
  await finished;
  return { command: 'COPY', rowCount: stream.rowCount, rows: [{ copied: stream.rowCount }] };
}
