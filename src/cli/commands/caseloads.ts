import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CaseloadFigures, CaseloadReport } from '../../domain/caseloads.ts';
import type { IsoDate } from '../../domain/workforce.ts';
import { authorityFor, authorityLabel, authorityNamed, print, withDatabase } from '../context.ts';
import { usageError } from '../errors.ts';
import { alignedTable, toJson } from '../format.ts';
import { authorityOption, examples, parseYear } from '../options.ts';

/** `--date D` as YYYY-MM-DD (a real date). */
export function parseIsoDate(value: string): IsoDate {
  const text = value.trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match || new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) !== text) throw new InvalidArgumentError('a date is written YYYY-MM-DD, e.g. 2025-03-31.');
  return text;
}

interface CaseloadOptions {
  date?: IsoDate;
  by?: 'team' | 'role';
  authority?: string;
  json?: boolean;
  year?: number;
}

/**
 * `retain caseloads`: the spec's caseload figures (shared/spec/retention-data.md section 4).
 * The subcommands read `--json` and `--authority` through optsWithGlobals, since the parent
 * `caseloads` command takes those options too and commander gives them to it.
 */
export function registerCaseloads(program: Command): void {
  const caseloads = program
    .command('caseloads')
    .description("caseloads from caseload snapshots: cases per FTE, its spread, workers over their role's threshold")
    .addOption(new Option('--date <date>', 'use the latest snapshot on or before this date (YYYY-MM-DD)').argParser(parseIsoDate))
    .addOption(new Option('--by <group>', 'the same figures per team or local role').choices(['team', 'role']))
    .addOption(authorityOption())
    .option('--json', "one JSON object with the spec's field names, numbers unrounded")
    .addHelpText(
      'after',
      examples(
        'retain caseloads --date 2025-03-31',
        'retain caseloads --date 2025-03-31 --by team --json',
        'retain caseloads leavers --year 2025',
        'retain caseloads thresholds set IRO 65',
        'retain caseloads thresholds list',
      ),
    )
    .action(async (options: CaseloadOptions, command: Command) => {
      if (!options.date) throw usageError("retain caseloads: --date is required (or use 'caseloads leavers' or 'caseloads thresholds').");
      const { caseloadsAt } = await import('../../reports/caseloads.ts');
      await withDatabase(command, async (db) => {
        const authority = await authorityNamed(db, options.authority);
        const report = await caseloadsAt(db, authority.code, options.date!, options.by);
        print(options.json ? toJson(report) : caseloadText(authorityLabel(authority), options.date!, report));
      });
    });

  caseloads
    .command('leavers')
    .description("leavers' mean cases per FTE in the 183 days before leaving, against stayers' over the year")
    .addOption(new Option('--year <year>', 'census year Y: 1 October Y-1 to 30 September Y').argParser(parseYear).makeOptionMandatory())
    .addOption(authorityOption())
    .option('--json', 'one JSON object')
    .addHelpText('after', examples('retain caseloads leavers --year 2025', 'retain caseloads leavers --year 2025 --json'))
    .action(async (_options: CaseloadOptions, command: Command) => {
      const options = command.optsWithGlobals<CaseloadOptions>();
      const { caseloadLeavers } = await import('../../reports/caseloads.ts');
      await withDatabase(command, async (db) => {
        const authority = await authorityNamed(db, options.authority);
        const result = await caseloadLeavers(db, authority.code, options.year!);
        if (options.json) return print(toJson(result));
        const show = (value: number | null) => (value === null ? 'n/a' : value.toFixed(1));
        print(
          `${authorityLabel(authority)}, census year ${result.year}\n\n` +
            alignedTable(
              ['', 'people', 'snapshots', 'mean cases per FTE'],
              [
                ['leavers (183 days before leaving)', String(result.leavers), String(result.leaver_snapshots), show(result.leavers_mean_cases_per_fte)],
                ['stayers (in post all year)', String(result.stayers), String(result.stayer_snapshots), show(result.stayers_mean_cases_per_fte)],
              ],
            ),
        );
      });
    });

  const thresholds = caseloads
    .command('thresholds')
    .description('caseload thresholds per local role (or role code): cases per full-time worker above which a worker is over')
    .addHelpText(
      'after',
      examples('retain caseloads thresholds list', 'retain caseloads thresholds set "Social Worker" 18', 'retain caseloads thresholds set case_holder 20', 'retain caseloads thresholds remove IRO'),
    );

  thresholds
    .command('list')
    .description("this council's thresholds, then the defaults it has not replaced (with their sources in the code)")
    .addOption(authorityOption())
    .option('--json', 'as JSON')
    .action(async (_options: CaseloadOptions, command: Command) => {
      const options = command.optsWithGlobals<CaseloadOptions>();
      const { thresholdsInForce } = await import('../../reports/caseloads.ts');
      await withDatabase(command, async (db) => {
        const authorityCode = await authorityFor(db, options.authority);
        const list = await thresholdsInForce(db, authorityCode);
        if (options.json) return print(toJson({ authorityCode, thresholds: list.map((t) => ({ role: t.role, cases_per_fte: t.casesPerFte, source: t.source })) }));
        print(
          alignedTable(
            ['role', 'cases per FTE', 'from'],
            list.map((t) => [t.role, String(t.casesPerFte), t.source === 'council' ? `${authorityCode} (own)` : 'default']),
          ),
        );
      });
    });

  thresholds
    .command('set')
    .description('set the threshold for a local role name (as in the workers file) or a role code')
    .argument('<role>', 'a local role name (e.g. "ASYE", "Social Worker") or a role code (case_holder)')
    .argument('<cases>', 'cases per full-time worker; a worker is over when strictly above it', parseThreshold)
    .addOption(authorityOption())
    .action(async (role: string, cases: number, _options: CaseloadOptions, command: Command) => {
      const options = command.optsWithGlobals<CaseloadOptions>();
      const { changeCaseloadThreshold } = await import('../../commands/caseloads.ts');
      await withDatabase(command, async (db) => {
        const authorityCode = await authorityFor(db, options.authority);
        await changeCaseloadThreshold(db, { authorityCode, role, casesPerFte: cases }, { userId: null, email: 'cli' });
        print(`${authorityCode}: the caseload threshold for "${role.trim()}" is now ${cases} cases per FTE.`);
      });
    });

  thresholds
    .command('remove')
    .description("remove the council's own threshold for a role (the default, if any, applies again)")
    .argument('<role>', 'the local role name or role code')
    .addOption(authorityOption())
    .action(async (role: string, _options: CaseloadOptions, command: Command) => {
      const options = command.optsWithGlobals<CaseloadOptions>();
      const { changeCaseloadThreshold } = await import('../../commands/caseloads.ts');
      await withDatabase(command, async (db) => {
        const authorityCode = await authorityFor(db, options.authority);
        const { removed } = await changeCaseloadThreshold(db, { authorityCode, role, casesPerFte: null }, { userId: null, email: 'cli' });
        print(removed ? `${authorityCode}: removed the threshold for "${role.trim()}".` : `${authorityCode} had no threshold of its own for "${role.trim()}".`);
      });
    });
}

function parseThreshold(value: string): number {
  const number = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(number) || number < 0) throw new InvalidArgumentError('a threshold is a number of cases per FTE, 0 or more.');
  return number;
}

const FIELDS: Array<[keyof CaseloadFigures, string]> = [
  ['workers', 'workers with cases'],
  ['cases', 'cases'],
  ['caseload_fte', 'caseload per FTE'],
  ['median_cases_per_fte', 'median cases per FTE'],
  ['p90_cases_per_fte', '90th percentile'],
  ['max_cases_per_fte', 'highest'],
  ['over_threshold', 'over threshold'],
];

function figure(field: keyof CaseloadFigures, value: unknown): string {
  if (value === null || value === undefined) return 'n/a';
  if (typeof value === 'number') return field === 'workers' || field === 'cases' || field === 'over_threshold' ? String(value) : value.toFixed(1);
  return String(value);
}

function caseloadText(authority: string, date: IsoDate, report: CaseloadReport): string {
  if (report.snapshot_date === null) return `${authority}: no caseload snapshot on or before ${date}.\n`;
  let text = `${authority}, caseload snapshot of ${report.snapshot_date} (latest on or before ${date})\n\n`;
  if (report.groups) {
    text += alignedTable(
      ['measure \\ group', ...report.groups.map((g) => g.key)],
      FIELDS.map(([field, label]) => [label, ...report.groups!.map((g) => figure(field, g[field]))]),
    );
  } else {
    text += alignedTable(
      ['measure', 'value'],
      FIELDS.map(([field, label]) => [label, figure(field, report[field])]),
    );
  }
  if (report.over_threshold_workers.length > 0) text += `\nOver threshold: ${report.over_threshold_workers.join(', ')}\n`;
  return text;
}
