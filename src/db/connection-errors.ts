// No imports: the CLI's error mapping loads this without loading a database driver.

const CONNECTION_ERROR_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH']);

/**
 * True when an error means the database connection was lost or refused (not that a query was
 * wrong): SQLSTATE class 08 (connection exception), 57P01-57P03 (the server or an administrator
 * ended the session, or it cannot accept connections), a socket error, or node-postgres saying the
 * connection ended. What the query was writing was rolled back; running it again may succeed.
 */
export function isConnectionLost(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (code.startsWith('08') || ['57P01', '57P02', '57P03'].includes(code) || CONNECTION_ERROR_CODES.has(code))) return true;
  return /Connection terminated|connection error and is not queryable|Client was closed and is not queryable/i.test(error.message);
}
