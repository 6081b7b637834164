import type { Command } from 'commander';
import type { PipelineGroup, RecruitmentFigures } from '../../domain/recruitment.ts';
import { authorityLabel, authorityNamed, print, withDatabase } from '../context.ts';
import { alignedTable, toJson } from '../format.ts';
import { authorityOption, examples, yearOption } from '../options.ts';

/** `retain recruitment --year Y`: the recruitment pipeline of a census year (shared/spec/retention-data.md section 3). */

interface RecruitmentOptions {
  year: number;
  authority?: string;
  json?: boolean;
}

const figure = (value: number | null, suffix = '') => (value === null ? 'n/a' : `${Number.isInteger(value) ? value : value.toFixed(1)}${suffix}`);

function groupText(title: string, rows: readonly PipelineGroup[]): string {
  if (rows.length === 0) return '';
  return `\n${alignedTable(
    [title, 'applications', 'offers', 'starters'],
    rows.map((row) => [row.key ?? '(none)', String(row.applications), String(row.offers), String(row.starters)]),
  )}`;
}

function figuresText(label: string, year: number, f: RecruitmentFigures): string {
  const rows: string[][] = [
    ['applications', String(f.applications)],
    ['offers', String(f.offers)],
    ['offers_accepted', String(f.offers_accepted)],
    ['offers_declined', String(f.offers_declined)],
    ['offers_pending', String(f.offers_pending)],
    ['offer_acceptance_rate', figure(f.offer_acceptance_rate, '%')],
    ['late_stage_losses', String(f.late_stage_losses)],
    ['late_stage_loss_rate', figure(f.late_stage_loss_rate, '%')],
    ['median_time_to_offer_days', figure(f.median_time_to_offer_days)],
    ['median_time_to_hire_days', figure(f.median_time_to_hire_days)],
    ['starters', String(f.starters)],
    ['campaigns_readvertised', String(f.campaigns_readvertised)],
  ];
  const reasons = Object.entries(f.loss_reasons).filter(([, n]) => n > 0);
  return (
    `${label}, applications in census year ${year} (${year - 1}-10-01 to ${year}-09-30)\n\n` +
    alignedTable(['measure', 'value'], rows) +
    (reasons.length > 0
      ? `\n${alignedTable(
          ['loss reason', 'count'],
          reasons.map(([reason, n]) => [reason, String(n)]),
        )}`
      : '') +
    groupText('source', f.by_source) +
    groupText('route', f.by_route)
  );
}

export function registerRecruitment(program: Command): void {
  program
    .command('recruitment')
    .description('the recruitment pipeline for a census year: offers, acceptance, late-stage losses, time to offer and hire, sources and routes')
    .addOption(yearOption())
    .addOption(authorityOption())
    .option('--json', 'one JSON object with the contract field names')
    .addHelpText('after', examples('retain recruitment --year 2025', 'retain recruitment --year 2025 --json'))
    .action(async (options: RecruitmentOptions, command: Command) => {
      const { recruitmentFiguresFor } = await import('../../reports/recruitment.ts');
      await withDatabase(command, async (db) => {
        const authority = await authorityNamed(db, options.authority);
        const figures = await recruitmentFiguresFor(db, authority.code, options.year);
        print(options.json ? toJson(figures) : figuresText(authorityLabel(authority), options.year, figures));
      });
    });
}
