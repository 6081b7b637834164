import type { Command } from 'commander';
import { censusYearStart, referenceDate } from '../../domain/census.ts';
import { EXIT_REASON_LABELS, EXIT_REASONS, type LeaversFigures } from '../../domain/exit-interviews.ts';
import { authorityLabel, authorityNamed, print, withDatabase } from '../context.ts';
import { alignedTable, NOT_AVAILABLE, toJson } from '../format.ts';
import { authorityOption, examples, yearOption } from '../options.ts';
import { percent } from '../../domain/format.ts';

interface LeaversOptions {
  year: number;
  authority?: string;
  json?: boolean;
}

export function registerLeavers(program: Command): void {
  program
    .command('leavers')
    .description("why the census year's employed leavers left: exit-interview rate, reasons, regrettable turnover, would-return")
    .addOption(yearOption())
    .addOption(authorityOption())
    .option('--json', 'one object with the contract field names, numbers unrounded, null where there is nothing to count')
    .addHelpText(
      'after',
      `\nLeavers are employed children's social workers whose post ended in the census year, once per
worker and end date. Exit interviews come from retain import exit-interviews FILE.\n` + examples('retain leavers --year 2025', 'retain leavers --year 2025 --authority 202 --json'),
    )
    .action(async (options: LeaversOptions, command: Command) => {
      const { leaversForYear } = await import('../../reports/leavers.ts');
      await withDatabase(command, async (db) => {
        const authority = await authorityNamed(db, options.authority);
        const figures = await leaversForYear(db, authority.code, options.year);
        print(options.json ? toJson(figures) : leaversText(authorityLabel(authority), options.year, figures));
      });
    });
}

const rate = (value: number | null) => (value === null ? NOT_AVAILABLE : percent(value));

export function leaversText(authority: string, year: number, figures: LeaversFigures): string {
  const heading = `${authority}, census year ${year} (${censusYearStart(year)} to ${referenceDate(year)})\n\n`;
  const summary = alignedTable(
    ['measure', 'value'],
    [
      ['leavers', String(figures.leavers)],
      ['interviews_completed', String(figures.interviews_completed)],
      ['exit_interview_rate', rate(figures.exit_interview_rate)],
      ['regrettable_leavers', String(figures.regrettable_leavers)],
      ['regrettable_turnover_rate', rate(figures.regrettable_turnover_rate)],
      ['would_return yes/no/maybe', `${figures.would_return.yes}/${figures.would_return.no}/${figures.would_return.maybe}`],
    ],
  );
  const reasons = alignedTable(
    ['reason', 'named by (% of completed)', 'primary reason (count)'],
    EXIT_REASONS.map((code) => [`${code} (${EXIT_REASON_LABELS[code]})`, rate(figures.reasons[code]), String(figures.primary_reasons[code])]),
  );
  return `${heading}${summary}\n${reasons}`;
}
