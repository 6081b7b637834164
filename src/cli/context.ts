import type { Command } from 'commander';
import type { Authority } from '../db/authorities.ts';
import type { Db, OpenDatabase } from '../db/database.ts';

/** Options every command can take (declared on the program). */
export interface GlobalOptions {
  dataDir?: string;
}

/**
 * Opens the database the global options and environment name (DATABASE_URL, else --data-dir,
 * else RETAIN_DATA_DIR, else ./data), runs `use`, and always closes it.
 */
export async function withDatabase<T>(command: Command, use: (db: Db, opened: OpenDatabase) => Promise<T>): Promise<T> {
  const { dataDir } = command.optsWithGlobals<GlobalOptions>();
  // Loaded on use, like every command's own modules, so `--help` starts at once.
  const { databaseOptionsFromEnv, openDatabase } = await import('../db/database.ts');
  const opened = await openDatabase(databaseOptionsFromEnv({ dataDir }));
  try {
    return await use(opened.db, opened);
  } finally {
    await opened.close();
  }
}

/** `--authority CODE`, or the only authority in the database; no or several authorities is a usage error (exit 2). */
export async function authorityFor(db: Db, code: string | undefined): Promise<string> {
  return (await authorityNamed(db, code)).code;
}

/** As authorityFor, with the authority's name for headings. */
export async function authorityNamed(db: Db, code: string | undefined): Promise<Authority> {
  const { resolveAuthority } = await import('../db/authorities.ts');
  return resolveAuthority(db, code);
}

/** "Northbridge (demo) (DEMO)", or just the code when the name is the code. */
export function authorityLabel(authority: Pick<Authority, 'code' | 'name'>): string {
  return authority.name === authority.code ? authority.code : `${authority.name} (${authority.code})`;
}

/** Writes to stdout. Commands print results here and messages to stderr, so `--json > file` stays clean. */
export function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function printError(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}
