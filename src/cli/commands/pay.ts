import { basename } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { PayRoleFigures } from '../../domain/pay.ts';
import type { ScenarioResult } from '../../domain/scenario.ts';
import { parseDate } from '../../imports/values.ts';
import { authorityLabel, authorityNamed, print, withDatabase } from '../context.ts';
import { validationFailed, usageError } from '../errors.ts';
import { alignedTable, toJson } from '../format.ts';
import { authorityOption, examples } from '../options.ts';
import { readInputFile } from './files.ts';
import { twoDecimals } from '../../domain/format.ts';

/** `retain pay` and `retain scenario` (retention-data.md section 6). */

function parseDateOption(value: string): string {
  const parsed = parseDate(value.trim());
  if (!parsed.ok) throw new InvalidArgumentError(`${parsed.message}.`);
  return parsed.value;
}

function parseRate(value: string): number {
  const rate = Number(value);
  if (value.trim() === '' || !Number.isFinite(rate) || rate < 0 || rate > 1) throw new InvalidArgumentError('an on-cost rate is a fraction from 0 to 1, e.g. 0.30 for 30%.');
  return rate;
}

const pounds = (value: number | null) => (value === null ? 'n/a' : twoDecimals(value));
const fixed = (value: number | null, digits = 1) => (value === null ? 'n/a' : value.toFixed(digits));

export function registerPay(program: Command): void {
  program
    .command('pay')
    .description("our pay scales' maximum per role against the comparators' median, the gap, and the yearly cost of closing it")
    .addOption(new Option('--date <date>', 'the date whose scales (and staff in post) to compare').argParser(parseDateOption).makeOptionMandatory())
    .addOption(new Option('--on-cost-rate <rate>', 'employer on-costs as a fraction of salary (default 0.30)').argParser(parseRate))
    .addOption(authorityOption())
    .option('--json', 'JSON: {roles: [...]} with the contract field names, numbers unrounded')
    .addHelpText('after', examples('retain pay --date 2025-09-30', 'retain pay --date 2025-09-30 --on-cost-rate 0.28 --json'))
    .action(async (options: { date: string; onCostRate?: number; authority?: string; json?: boolean }, command: Command) => {
      const { payReport } = await import('../../reports/pay.ts');
      await withDatabase(command, async (db) => {
        const authority = await authorityNamed(db, options.authority);
        const report = await payReport(db, authority.code, options.date, options.onCostRate);
        print(options.json ? toJson({ roles: report.roles }) : payText(authorityLabel(authority), report.date, report.on_cost_rate, report.roles));
      });
    });

  program
    .command('scenario')
    .description('work out an invest-to-save scenario file (JSON): cost, leavers avoided, saving, net, payback and NPV per year, low/central/high')
    .argument('<file>', 'the scenario, as JSON (see retention-data.md section 6)')
    .addOption(authorityOption())
    .option('--json', 'JSON: {inputs, cases} with the contract field names, numbers unrounded')
    .option('--no-save', 'work it out without saving it for the web pages')
    .addHelpText(
      'after',
      `\nValues the file leaves out come from the council's data for baseline_year or the defaults; the output
names every value used. A valid scenario is saved under its "name" (else the file's name), replacing
one of that name. A file with any problem saves nothing and the command exits 1.\n${examples('retain scenario package.json', 'retain scenario package.json --json --no-save')}`,
    )
    .action(async (file: string, options: { authority?: string; json?: boolean; save: boolean }, command: Command) => {
      const text = new TextDecoder().decode(await readInputFile(file));
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw usageError(`retain: ${file} is not valid JSON: ${(error as Error).message}`);
      }
      const { runScenario } = await import('../../reports/pay.ts');
      const { saveScenario } = await import('../../commands/scenarios.ts');
      await withDatabase(command, async (db) => {
        const authority = await authorityNamed(db, options.authority);
        const name = typeof (json as { name?: unknown })?.name === 'string' && (json as { name: string }).name.trim() !== '' ? (json as { name: string }).name : basename(file).replace(/\.json$/i, '');
        const outcome = options.save ? await saveScenario(db, { authorityCode: authority.code, name, json }, { userId: null, email: 'cli' }) : await runScenario(db, authority.code, json);
        if (!outcome.ok)
          throw validationFailed(
            outcome.problems.map((p) => `${basename(file)}: ${p}`),
            `${outcome.problems.length} problem${outcome.problems.length === 1 ? '' : 's'} in ${file}; nothing was saved.`,
          );
        const result = 'evaluated' in outcome ? outcome.evaluated.result : outcome.result;
        print(options.json ? toJson(result) : scenarioText(authorityLabel(authority), result));
      });
    });
}

function payText(authority: string, date: string, rate: number, roles: readonly PayRoleFigures[]): string {
  const head = `${authority}, pay on ${date} (on-costs ${(rate * 100).toFixed(0)}%)\n\n`;
  if (roles.length === 0) return `${head}No pay scales in force on ${date}. Load them with retain import pay-scales FILE.\n`;
  return (
    head +
    alignedTable(
      ['role', 'our max', 'comparators', 'comparator median', 'gap', 'gap %', 'median salary', 'in-post FTE', 'cost to close'],
      roles.map((r) => [
        r.key,
        pounds(r.our_max),
        String(r.comparators),
        pounds(r.comparator_median_max),
        pounds(r.gap),
        r.gap_percent === null ? 'n/a' : `${r.gap_percent.toFixed(1)}%`,
        pounds(r.median_salary),
        fixed(r.inpost_fte),
        pounds(r.cost_to_close),
      ]),
    )
  );
}

function scenarioText(authority: string, result: ScenarioResult): string {
  const i = result.inputs;
  const lines = [
    `${authority}: ${i.name ?? 'scenario'}, baseline census year ${i.baseline_year}, ${i.years} years`,
    '',
    alignedTable(
      ['input', 'value', 'from'],
      (['inpost_fte', 'agency_premium_per_fte_year', 'replacement_cost', 'cover_months', 'on_cost_rate', 'discount_rate'] as const).map((key) => [
        key,
        String(Math.round(i[key] * 1000) / 1000),
        i.sources[key] ?? '',
      ]),
    ),
    ...i.notes.map((note) => `Note: ${note}`),
  ];
  for (const [name, c] of Object.entries(result.cases)) {
    lines.push('', `${name} case: payback ${c.payback_year === null ? 'not within the period' : `in year ${c.payback_year}`}, NPV £${pounds(c.npv)}`);
    lines.push(
      alignedTable(
        ['year', 'cost', 'leavers avoided FTE', 'saving', 'net', 'cumulative net'],
        c.years.map((y) => [String(y.year), pounds(y.cost), fixed(y.leavers_avoided_fte, 2), pounds(y.saving), pounds(y.net), pounds(y.cumulative_net)]),
      ).trimEnd(),
    );
  }
  return `${lines.join('\n')}\n`;
}
