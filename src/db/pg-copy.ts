import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';

/**
 * COPY ... FROM STDIN on PostgreSQL, through Kysely. The `pg` client has no COPY of its own and
 * Kysely hands out no client, so each pool client learns one more kind of query: a query whose last
 * parameter is CopyRows runs as COPY, the rows sent as the text, and answers with one row,
 * { copied }. bulk-upsert.ts sends it as it sends PGlite its Blob (pglite-dialect.ts), so both
 * engines load an import's rows by COPY, on the transaction's own connection.
 *
 * The COPY is a `pg` submittable (the protocol's copy-in: the statement, then the rows as one
 * CopyData message and CopyDone once the server is ready for them). pg-copy-streams did this as a
 * stream, but an import's rows are already one string in memory, and a submittable of our own can
 * say when the rows have left this process (whileCopying): a batch reads its next file then,
 * while the server is still writing this one's rows (run-batch-import.ts).
 */
export class CopyRows {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

const rowsSent = new AsyncLocalStorage<() => void>();

/**
 * Runs `work`, calling `onSent` whenever one of its COPYs has handed all its rows to the
 * connection's socket (the server may still be writing them). Never called on PGlite, whose COPY
 * runs in this thread from start to end.
 */
export function whileCopying<T>(onSent: () => void, work: () => Promise<T>): Promise<T> {
  return rowsSent.run(onSent, work);
}

/** Makes a pool client run CopyRows queries (openPostgres calls it for every new client). */
export function acceptCopyRows(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((text: unknown, values?: unknown, ...rest: unknown[]) => {
    const last = Array.isArray(values) ? values.at(-1) : undefined;
    return last instanceof CopyRows ? copyIn(query, text as string, last.text) : query(text, values, ...rest);
  }) as typeof client.query;
}

function copyIn(query: (...args: unknown[]) => unknown, sqlText: string, text: string): Promise<{ command: string; rowCount: number; rows: Array<{ copied: number }> }> {
  const onSent = rowsSent.getStore();
  return new Promise((resolve, reject) => {
    query(copySubmittable(sqlText, text, onSent, (error, rowCount) => (error ? reject(error) : resolve({ command: 'COPY', rowCount, rows: [{ copied: rowCount }] }))));
  });
}

/** The protocol's messages for COPY FROM STDIN: CopyData ('d') and CopyDone ('c'). */
const COPY_DATA = 0x64;
const COPY_DONE = Buffer.from([0x63, 0, 0, 0, 4]);

/**
 * One COPY FROM STDIN as `pg` runs a submittable: `submit` sends the statement; the server answers
 * CopyInResponse, and the rows go as one CopyData message (the server takes up to 1 GB in one; a
 * chunk of an import is a few megabytes) and CopyDone; then CommandComplete ("COPY n") and
 * ReadyForQuery end it. A refused row (a key twice, a missing authority) comes back as an
 * ErrorResponse, after which `pg` forgets the query (ReadyForQuery goes to nobody), so the error
 * settles it at once. `callback` is there because `pg` looks for it (query_timeout wraps it).
 */
function copySubmittable(statement: string, rows: string, onSent: (() => void) | undefined, done: (error: Error | null, rowCount: number) => void) {
  let rowCount = 0;
  let settled = false;
  const settle = (error: Error | null) => {
    if (settled) return;
    settled = true;
    done(error, rowCount);
  };
  const ignore = () => {};
  return {
    submit(connection: { query(text: string): void }) {
      connection.query(statement);
    },
    handleCopyInResponse(connection: { stream: NodeJS.WritableStream }) {
      const data = Buffer.from(rows, 'utf8');
      const header = Buffer.allocUnsafe(5);
      header[0] = COPY_DATA;
      header.writeUInt32BE(data.length + 4, 1);
      const { stream } = connection;
      stream.write(header);
      stream.write(data);
      const flushed = stream.write(COPY_DONE);
      if (!onSent) return;
      if (flushed) onSent();
      else stream.once('drain', onSent);
    },
    handleCommandComplete(message: { text: string }) {
      const count = Number(message.text.slice(message.text.lastIndexOf(' ') + 1));
      if (Number.isFinite(count)) rowCount = count;
    },
    handleReadyForQuery: () => settle(null),
    handleError: (error: Error) => settle(error),
    // Not sent during a COPY; here so that anything unexpected is ignored rather than thrown inside pg.
    handleRowDescription: ignore,
    handleDataRow: ignore,
    handleEmptyQuery: ignore,
    handlePortalSuspended: ignore,
    handleCopyData: ignore,
    callback: ignore,
  };
}
