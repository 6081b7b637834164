import { CommanderError } from 'commander';
import { DataDirectoryInUseError } from '../db/data-dir-lock.ts';

/**
 * The CLI's one mapping from errors to exit codes:
 *   0  done (and `--help`, `--version`)
 *   1  the operation failed: a file with problems (nothing was written), or a runtime failure
 *   2  the command was used wrongly: unknown option, bad value, no or ambiguous authority
 * Commands throw; only `exitCodeFor` and `reportError` decide what the user sees and gets.
 */

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** An error the CLI expects, with the lines to print (to stderr) and the exit code. */
export class CliError extends Error {
  readonly exitCode: number;
  readonly lines: readonly string[];
  constructor(exitCode: number, lines: readonly string[]) {
    super(lines.join('\n'));
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.lines = lines;
  }
}

/** Wrong use of the command: exit 2. */
export function usageError(...lines: string[]): CliError {
  return new CliError(EXIT_USAGE, lines);
}

/** A file (or input) with problems; every problem is printed, nothing was written: exit 1. */
export function validationFailed(problems: readonly string[], summary: string): CliError {
  return new CliError(EXIT_FAILED, [...problems, summary]);
}

/** Errors that other layers throw for a wrong authority code; matched by name so the CLI needs no import of each class. */
const AUTHORITY_ERROR_NAMES = new Set(['UnknownAuthorityError', 'AmbiguousAuthorityError', 'NoAuthorityError', 'AuthorityNotFoundError', 'AuthorityError']);

export function isAuthorityError(error: unknown): error is Error {
  return error instanceof Error && (AUTHORITY_ERROR_NAMES.has(error.name) || AUTHORITY_ERROR_NAMES.has(error.constructor.name));
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version are successful exits; everything else commander reports is a usage error.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    return EXIT_USAGE;
  }
  if (error instanceof CliError) return error.exitCode;
  if (isAuthorityError(error)) return EXIT_USAGE;
  return EXIT_FAILED;
}

/** What to print for an error (commander has already printed its own). */
export function errorLines(error: unknown): string[] {
  if (error instanceof CommanderError) return [];
  if (error instanceof CliError) return [...error.lines];
  if (isAuthorityError(error)) return [`retain: ${error.message}`];
  // Another process holds the embedded data directory: the message says who and what to do (exit 1).
  if (error instanceof DataDirectoryInUseError) return `retain: ${error.message}`.split('\n');
  if (error instanceof Error) {
    const lines = [`retain: ${error.message}`];
    if (process.env.RETAIN_DEBUG && error.stack) lines.push(error.stack);
    else lines.push('(set RETAIN_DEBUG=1 for details)');
    return lines;
  }
  return [`retain: ${String(error)}`];
}
