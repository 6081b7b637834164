import { basename } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { AgencyFigures, KeyedSpend, Period } from '../../domain/agency.ts';
import { authorityLabel, authorityNamed, print, printError, withDatabase } from '../context.ts';
import { usageError } from '../errors.ts';
import { alignedTable, toJson } from '../format.ts';
import { authorityOption, examples, parseYear } from '../options.ts';
import { poundsAndPence } from '../../domain/format.ts';

/**
 * `retain agency`: agency spend, premium and compliance for a census year or any period
 * (shared/spec/retention-data.md section 2), and `retain agency return --quarter 2025Q3`.
 */

interface AgencyOptions {
  year?: number;
  from?: string;
  to?: string;
  onCostRate?: number;
  authority?: string;
  json?: boolean;
}

interface ReturnOptions {
  quarter: string;
  format?: 'csv' | 'xlsx';
  output?: string;
  authority?: string;
}

function parseIsoDate(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!match || Number.isNaN(Date.parse(`${value.trim()}T00:00:00Z`)) || new Date(`${value.trim()}T00:00:00Z`).toISOString().slice(0, 10) !== value.trim()) {
    throw new InvalidArgumentError('a date is YYYY-MM-DD, e.g. 2025-03-31.');
  }
  return value.trim();
}

function parseRate(value: string): number {
  const rate = Number(value);
  if (!Number.isFinite(rate) || rate < 0 || rate > 2) throw new InvalidArgumentError('an on-cost rate is a fraction such as 0.3 (30%).');
  return rate;
}

/** `--year Y` or `--from D1 --to D2` (both inclusive), never both. */
export function periodFrom(options: Pick<AgencyOptions, 'year' | 'from' | 'to'>): Period {
  if (options.year !== undefined) {
    if (options.from || options.to) throw usageError('retain agency: give --year, or --from and --to, not both.');
    return { from: `${options.year - 1}-10-01`, to: `${options.year}-09-30` };
  }
  if (!options.from || !options.to) throw usageError('retain agency: give --year Y, or --from D1 --to D2.');
  if (options.to < options.from) throw usageError(`retain agency: --to ${options.to} is before --from ${options.from}.`);
  return { from: options.from, to: options.to };
}

const pounds = poundsAndPence;

function keyedText(title: string, rows: readonly KeyedSpend[]): string {
  if (rows.length === 0) return '';
  return `\n${alignedTable(
    [title, 'assignments', 'agency_spend'],
    rows.map((row) => [row.key ?? '(none)', String(row.assignments), pounds(row.agency_spend)]),
  )}`;
}

function figuresText(label: string, period: Period, f: AgencyFigures): string {
  const list = (ids: readonly string[]) => (ids.length === 0 ? 'none' : `${ids.length}: ${ids.join(', ')}`);
  const rows: string[][] = [
    ['assignments', String(f.assignments)],
    ['agency_spend', pounds(f.agency_spend)],
    ['agency_fte_average', f.agency_fte_average.toFixed(2)],
    ['employed_equivalent_cost', pounds(f.employed_equivalent_cost)],
    ['no_salary_assignments', String(f.no_salary_assignments)],
    ['agency_premium', pounds(f.agency_premium)],
    ['over_cap', list(f.over_cap)],
    ['pqe_under_3_years', list(f.pqe_under_3_years)],
    ['pqe_unknown', String(f.pqe_unknown)],
    ['cool_off_breaches', list(f.cool_off_breaches)],
    ['median_assignment_days', f.median_assignment_days === null ? 'n/a' : String(f.median_assignment_days)],
    ['converted_to_permanent', String(f.converted_to_permanent)],
  ];
  return (
    `${label}, agency assignments ${period.from} to ${period.to}\n\n` +
    alignedTable(['measure', 'value'], rows) +
    keyedText('role', f.by_role) +
    keyedText('team', f.by_team) +
    keyedText('agency', f.by_agency)
  );
}

export function registerAgency(program: Command): void {
  const agency = program
    .command('agency')
    .description('agency spend, average FTE, premium over employed cost and compliance with the price cap, PQE and cool-off rules')
    .addOption(new Option('--year <year>', 'census year Y: 1 October Y-1 to 30 September Y').argParser(parseYear))
    .addOption(new Option('--from <date>', 'first day of the period (YYYY-MM-DD)').argParser(parseIsoDate))
    .addOption(new Option('--to <date>', 'last day of the period (YYYY-MM-DD)').argParser(parseIsoDate))
    .addOption(new Option('--on-cost-rate <rate>', 'employer on-costs on salary, as a fraction (default 0.30)').argParser(parseRate))
    .addOption(authorityOption())
    .option('--json', 'one JSON object with the contract field names, money unrounded')
    .addHelpText(
      'after',
      examples(
        'retain agency --year 2025',
        'retain agency --from 2025-04-01 --to 2025-06-30 --json',
        'retain agency --year 2025 --on-cost-rate 0.28',
        'retain agency return --quarter 2025Q3 --format xlsx --output return.xlsx',
      ),
    )
    .action(async (options: AgencyOptions, command: Command) => {
      const period = periodFrom(options);
      const { agencyFiguresFor } = await import('../../reports/agency.ts');
      await withDatabase(command, async (db) => {
        const authority = await authorityNamed(db, options.authority);
        const figures = await agencyFiguresFor(db, authority.code, period, options.onCostRate);
        print(options.json ? toJson(figures) : figuresText(authorityLabel(authority), period, figures));
      });
    });

  agency
    .command('return')
    .description('the quarterly agency return: one row per assignment active in the quarter, as CSV or XLSX')
    .requiredOption('--quarter <quarter>', 'a calendar quarter, e.g. 2025Q3 (1 July to 30 September 2025)')
    .addOption(new Option('--format <format>', 'csv or xlsx (default: from --output, else csv)').choices(['csv', 'xlsx']))
    .option('--output <file>', 'write to this file (default: CSV to standard output; XLSX to agency-return-QUARTER.xlsx)')
    .addOption(authorityOption())
    .addHelpText('after', examples('retain agency return --quarter 2025Q3 > return.csv', 'retain agency return --quarter 2025Q3 --format xlsx --output return.xlsx'))
    .action(async (options: ReturnOptions, command: Command) => {
      const { quarterPeriod } = await import('../../domain/agency.ts');
      const quarter = quarterPeriod(options.quarter);
      if (!quarter) throw usageError(`retain agency return: "${options.quarter}" is not a quarter; write it as 2025Q3.`);
      const quarterName = options.quarter.trim().toUpperCase().replace(/[\s-]/g, '');
      const format = options.format ?? (options.output && /\.xlsx$/i.test(options.output) ? 'xlsx' : 'csv');
      const { quarterlyReturnTable } = await import('../../reports/agency.ts');
      const { tableToCsv, tablesToXlsx } = await import('../../reports/tables.ts');
      // Options given to the parent (`retain agency --authority X return ...`) count too.
      const authorityCode = options.authority ?? command.parent?.opts<{ authority?: string }>().authority;
      await withDatabase(command, async (db) => {
        const authority = await authorityNamed(db, authorityCode);
        const table = await quarterlyReturnTable(db, authority.code, quarterName, quarter);
        if (format === 'csv' && !options.output) {
          print(tableToCsv(table, 'keys'));
          return;
        }
        const output = options.output ?? `agency-return-${quarterName}.${format}`;
        await writeFile(output, format === 'csv' ? tableToCsv(table, 'keys') : await tablesToXlsx([table]));
        printError(`Wrote ${table.rows.length} assignment${table.rows.length === 1 ? '' : 's'} active in ${quarterName} (${quarter.from} to ${quarter.to}) to ${basename(output)}.`);
      });
    });
}
