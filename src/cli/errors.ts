import { CommanderError } from 'commander';
import { isConnectionLost } from '../db/connection-errors.ts';
import { RetainError, type ErrorCode } from '../errors.ts';

/**
 * The CLI's one mapping from errors to exit codes:
 *   0  done (and `--help`, `--version`)
 *   1  the operation failed: a file with problems (nothing was written), or a runtime failure
 *   2  the command was used wrongly: unknown option, bad value, no or ambiguous authority
 * Commands throw; only `exitCodeFor` and `errorLines` decide what the user sees and gets.
 */

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Each code of the one error family (src/errors.ts) to its exit code. */
export const EXIT_CODES: Record<ErrorCode, number> = {
  bad_request: EXIT_USAGE,
  unauthenticated: EXIT_FAILED,
  forbidden: EXIT_FAILED,
  csrf: EXIT_FAILED,
  not_found: EXIT_FAILED,
  upload_not_found: EXIT_FAILED,
  too_large: EXIT_FAILED,
  rate_limited: EXIT_FAILED,
  invalid_year: EXIT_USAGE,
  invalid_date: EXIT_USAGE,
  invalid_parameter: EXIT_USAGE,
  invalid_input: EXIT_FAILED,
  usage: EXIT_USAGE,
  checksum_mismatch: EXIT_FAILED,
  conflict: EXIT_FAILED,
  no_authority: EXIT_USAGE,
  unknown_authority: EXIT_USAGE,
  ambiguous_authority: EXIT_USAGE,
  no_figures: EXIT_FAILED,
  incomplete_census_year: EXIT_FAILED,
  pdf_unavailable: EXIT_FAILED,
  data_directory_in_use: EXIT_FAILED,
  database_unavailable: EXIT_FAILED,
  internal_error: EXIT_FAILED,
};

/** Wrong use of the command: exit 2. The lines are printed as they are (each names the command). */
export function usageError(...lines: string[]): RetainError {
  return new RetainError('usage', lines.join('\n'), { lines });
}

/** A file (or input) with problems; every problem is printed, nothing was written: exit 1. */
export function validationFailed(problems: readonly string[], summary: string): RetainError {
  return new RetainError('invalid_input', [...problems, summary].join('\n'), { lines: [...problems, summary] });
}

/** A cut PostgreSQL connection, as the family's database_unavailable. */
function asRetainError(error: unknown): unknown {
  if (error instanceof RetainError || !isConnectionLost(error)) return error;
  return new RetainError(
    'database_unavailable',
    `the connection to PostgreSQL was lost (${(error as Error).message}). The command did not finish and anything it was writing was rolled back; run it again.`,
    {},
    { cause: error },
  );
}

export function exitCodeFor(thrown: unknown): number {
  const error = asRetainError(thrown);
  if (error instanceof CommanderError) {
    // Help and version are successful exits; everything else commander reports is a usage error.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    return EXIT_USAGE;
  }
  if (error instanceof RetainError) return EXIT_CODES[error.code];
  return EXIT_FAILED;
}

/** What to print for an error (commander has already printed its own). */
export function errorLines(thrown: unknown): string[] {
  const error = asRetainError(thrown);
  if (error instanceof CommanderError) return [];
  if (error instanceof RetainError) {
    // The CLI's own errors carry their lines whole; a use case's message gets the `retain:` prefix.
    const lines = error.details.lines;
    return Array.isArray(lines) ? lines.map(String) : `retain: ${error.message}`.split('\n');
  }
  if (error instanceof Error) {
    const lines = [`retain: ${error.message}`];
    if (process.env.RETAIN_DEBUG && error.stack) lines.push(error.stack);
    else lines.push('(set RETAIN_DEBUG=1 for details)');
    return lines;
  }
  return [`retain: ${String(error)}`];
}
