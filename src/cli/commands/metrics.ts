import { Option, type Command } from 'commander';
import { censusYearStart, referenceDate } from '../../domain/census.ts';
import { MEASURE_FIELDS, type CensusMeasures, type GroupMeasures } from '../../domain/measures.ts';
import type { Table } from '../../reports/tables.ts';
import { authorityLabel, authorityNamed, print, printError, withDatabase } from '../context.ts';
import { alignedTable, formatFigure, toJson } from '../format.ts';
import { authorityOption, examples, yearOption } from '../options.ts';

interface MetricsOptions {
  year: number;
  authority?: string;
  by?: 'team' | 'role';
  json?: boolean;
  csv?: boolean;
}

export function registerMetrics(program: Command): void {
  program
    .command('metrics')
    .description("the DfE census measures for a census year, named as DfE's csww_indicators columns")
    .addOption(yearOption())
    .addOption(authorityOption())
    .addOption(new Option('--by <group>', 'one set of measures per team or per role').choices(['team', 'role']))
    .addOption(new Option('--json', 'JSON with the field names as keys, numbers unrounded, null where undefined').conflicts('csv'))
    .option('--csv', 'CSV with a header row of field names; rates and caseloads at one decimal place as DfE publishes them, counts and FTE as held')
    .addHelpText(
      'after',
      examples('retain metrics --year 2024', 'retain metrics --year 2024 --authority 202 --json', 'retain metrics --year 2024 --by team', 'retain metrics --year 2024 --by role --csv > roles.csv'),
    )
    .action(async (options: MetricsOptions, command: Command) => {
      const { metricsByGroup, metricsForYear } = await import('../../reports/metrics.ts');
      const { publishedAtOneDecimal, tableToCsv } = await import('../../reports/tables.ts');
      await withDatabase(command, async (db) => {
        const authority = await authorityNamed(db, options.authority);
        const authorityCode = authority.code;
        const label = authorityLabel(authority);
        if (options.by) {
          const groups = await metricsByGroup(db, authorityCode, options.year, options.by);
          print(options.json ? toJson(groups) : options.csv ? tableToCsv(measuresTable(groups, ['group'], publishedAtOneDecimal), 'keys') : groupsText(label, options.year, options.by, groups));
        } else {
          const measures = await metricsForYear(db, authorityCode, options.year);
          print(options.json ? toJson(measures) : options.csv ? tableToCsv(measuresTable([measures], [], publishedAtOneDecimal), 'keys') : measuresText(label, options.year, measures));
        }
        // Text is for people: say when the year has not ended in the data (JSON and CSV stay exactly the contract's).
        if (!options.json && !options.csv) {
          const [{ inProgressText }, { coverageOf }] = await Promise.all([import('../../domain/coverage.ts'), import('../../reports/coverage.ts')]);
          const progress = inProgressText(options.year, await coverageOf(db, authorityCode));
          if (progress) printError(`Census year ${options.year} is ${progress}: part-year figures, not a census year's.`);
        }
      });
    });
}

function heading(authority: string, year: number): string {
  return `${authority}, census year ${year} (${censusYearStart(year)} to ${referenceDate(year)})\n\n`;
}

function measuresText(authority: string, year: number, measures: CensusMeasures): string {
  const rows = MEASURE_FIELDS.map((field) => [field, formatFigure(field, measures[field])]);
  return heading(authority, year) + alignedTable(['measure', 'value'], rows);
}

function groupsText(authority: string, year: number, by: string, groups: readonly GroupMeasures[]): string {
  if (groups.length === 0) return `${heading(authority, year)}No records.\n`;
  const rows = MEASURE_FIELDS.map((field) => [field, ...groups.map((group) => formatFigure(field, group[field]))]);
  return heading(authority, year) + alignedTable([`measure \\ ${by}`, ...groups.map((group) => group.group)], rows);
}

/** `rounded`: src/reports/tables.ts publishedAtOneDecimal, passed in so the module loads only when a command runs. */
export function measuresTable(rows: ReadonlyArray<CensusMeasures | GroupMeasures>, leading: readonly string[], rounded: (field: string) => boolean): Table<Record<string, unknown>> {
  const keys = [...leading, ...MEASURE_FIELDS];
  return {
    title: 'metrics',
    columns: keys.map((key) => ({ key, label: key })),
    rows: rows.map((row) => ({ ...row })),
    // Rates and caseloads at one decimal place, as DfE publishes them; counts and FTE as held. JSON stays unrounded.
    csvRounded: (_row, key) => rounded(key),
  };
}
