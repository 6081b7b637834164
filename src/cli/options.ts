import { InvalidArgumentError, Option } from 'commander';
import { parseDate } from '../imports/values.ts';
import { CENSUS_YEAR_RULE, parseCensusYear } from '../domain/census-year-text.ts';

/** `--year Y`: a census year (1 October Y-1 to 30 September Y). */
export function yearOption(): Option {
  return new Option('--year <year>', 'census year Y: 1 October Y-1 to 30 September Y').argParser(parseYear).makeOptionMandatory();
}

export function parseYear(value: string): number {
  const year = parseCensusYear(value);
  if (year === null) throw new InvalidArgumentError(`${CENSUS_YEAR_RULE}.`);
  return year;
}

export function authorityOption(): Option {
  return new Option('--authority <code>', 'the authority (LA code); defaults to the only one in the database');
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535.');
  return port;
}

/** Help text listing examples, shown after a command's options. */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`;
}

/** `--data-runs-to DATE`: the day an extract was taken (src/domain/coverage.ts). Any date the importers accept. */
export function dataRunsToOption(): Option {
  return new Option('--data-runs-to <date>', 'the day the extract was taken: a census year ending after it is treated as in progress').argParser(parseDataRunsTo);
}

export function parseDataRunsTo(value: string): string {
  const parsed = parseDate(value);
  if (!parsed.ok) throw new InvalidArgumentError(`a date such as 2024-10-15 or 15/10/2024 (${parsed.message}).`);
  return parsed.value;
}
