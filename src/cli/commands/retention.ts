import { Option, type Command } from 'commander';
import { SURVIVAL_GROUP_BYS, type RetentionCurveReport, type SurvivalFigures, type SurvivalGroupBy } from '../../domain/survival.ts';
import type { IsoDate } from '../../domain/workforce.ts';
import { authorityLabel, authorityNamed, print, withDatabase } from '../context.ts';
import { alignedTable, toJson } from '../format.ts';
import { authorityOption, examples } from '../options.ts';
import { parseIsoDate } from './caseloads.ts';
import { percent } from '../../domain/format.ts';

interface CurveOptions {
  at: IsoDate;
  by?: SurvivalGroupBy;
  authority?: string;
  json?: boolean;
}

/** `retain retention curve`: Kaplan-Meier retention (shared/spec/retention-data.md section 5). */
export function registerRetention(program: Command): void {
  const retention = program.command('retention').description('how long people stay: retention curves over spells of employment');
  retention
    .command('curve')
    .description('Kaplan-Meier survival of spells at 12, 24, 36 and 60 months with 95% limits (Greenwood, log-log), and the median')
    .addOption(new Option('--at <date>', 'the date of the curve: later posts are ignored, later ends treated as open (YYYY-MM-DD)').argParser(parseIsoDate).makeOptionMandatory())
    .addOption(new Option('--by <field>', 'one curve per group').choices([...SURVIVAL_GROUP_BYS]))
    .addOption(authorityOption())
    .option('--json', "one JSON object with the spec's field names; survival as percentages, unrounded")
    .addHelpText('after', examples('retain retention curve --at 2025-09-30', 'retain retention curve --at 2025-09-30 --by start_origin --json', 'retain retention curve --at 2025-09-30 --by cohort'))
    .action(async (options: CurveOptions, command: Command) => {
      const { retentionCurveAt } = await import('../../reports/retention-curves.ts');
      await withDatabase(command, async (db) => {
        const authority = await authorityNamed(db, options.authority);
        const report = await retentionCurveAt(db, authority.code, options.at, options.by);
        print(options.json ? toJson(report) : curveText(authorityLabel(authority), report));
      });
    });
}

const percentOrNa = (value: number | null) => (value === null ? 'n/a' : percent(value));
const limits = (low: number | null, high: number | null) => (low === null || high === null ? '' : `${low.toFixed(1)}-${high.toFixed(1)}`);

function rowsFor(figures: SurvivalFigures): string[] {
  return [
    String(figures.spells),
    String(figures.leavings),
    percentOrNa(figures.survival_12m),
    limits(figures.survival_12m_low, figures.survival_12m_high),
    percentOrNa(figures.survival_24m),
    limits(figures.survival_24m_low, figures.survival_24m_high),
    percentOrNa(figures.survival_36m),
    percentOrNa(figures.survival_60m),
    figures.median_months === null ? 'n/a' : figures.median_months.toFixed(1),
  ];
}

function curveText(authority: string, report: RetentionCurveReport): string {
  const header = ['group', 'spells', 'leavings', '12 months', '95% limits', '24 months', '95% limits', '36 months', '60 months', 'median (months)'];
  const rows = [['all', ...rowsFor(report)], ...(report.groups ?? []).map((group) => [String(group.key), ...rowsFor(group)])];
  return `${authority}: retention of employed spells at ${report.at} (Kaplan-Meier)\n\n${alignedTable(header, rows)}`;
}
