import { Option, type Command } from 'commander';
import type { Comparison } from '../../domain/benchmarks.ts';
import { RATE_FIELDS } from '../../domain/measures.ts';
import { authorityLabel, authorityNamed, print, printError, withDatabase } from '../context.ts';
import { alignedTable, formatDifference, formatFigure, toJson } from '../format.ts';
import { authorityOption, examples, yearOption } from '../options.ts';

interface CompareOptions {
  year: number;
  authority?: string;
  json?: boolean;
  csv?: boolean;
}

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description("our census measures beside England, the region, the neighbours' median and our own published row")
    .addOption(yearOption())
    .addOption(authorityOption())
    .addOption(new Option('--json', 'the whole comparison as JSON, numbers unrounded, null where not available').conflicts('csv'))
    .option('--csv', 'CSV with a header row, rates and caseloads at one decimal place as DfE publishes them; suppressed published figures as their symbol')
    .addHelpText(
      'after',
      `\nBenchmarks come from DfE's published csww_indicators file (retain benchmarks import FILE) and
neighbours from retain neighbours set CODE....\n` + examples('retain compare --year 2024', 'retain compare --year 2024 --authority 202 --json', 'retain compare --year 2024 --csv > compare.csv'),
    )
    .action(async (options: CompareOptions, command: Command) => {
      const { comparisonTable, compareForYear } = await import('../../reports/compare.ts');
      const { tableToCsv } = await import('../../reports/tables.ts');
      await withDatabase(command, async (db) => {
        const authority = await authorityNamed(db, options.authority);
        const comparison = await compareForYear(db, authority.code, options.year);
        if (options.json) print(toJson(comparison));
        else if (options.csv) print(tableToCsv(comparisonTable(comparison), 'keys'));
        else {
          print(comparisonText(authorityLabel(authority), comparison));
          for (const note of comparisonNotes(comparison)) printError(note);
          const [{ inProgressText }, { coverageOf }] = await Promise.all([import('../../domain/coverage.ts'), import('../../reports/coverage.ts')]);
          const progress = inProgressText(options.year, await coverageOf(db, authority.code));
          if (progress) printError(`Census year ${options.year} is ${progress}: part-year figures, not comparable with the published full years.`);
        }
      });
    });
}

/** Rates and caseload compare across authorities of any size; FTE and counts do not, so they get no difference. */
const COMPARABLE = new Set<string>([...RATE_FIELDS, 'caseload_fte']);

function comparisonText(authority: string, comparison: Comparison): string {
  const regionLabel = comparison.region.name ?? 'region';
  const rows = comparison.rows.map((row) => [
    row.field,
    formatFigure(row.field, row.ours),
    formatFigure(row.field, row.england ?? row.symbols.england),
    COMPARABLE.has(row.field) ? formatDifference(row.field, row.ours, row.england) : '',
    formatFigure(row.field, row.region ?? row.symbols.region),
    row.neighbourCount === 0 ? formatFigure(row.field, null) : `${formatFigure(row.field, row.neighbourMedian)} (${row.neighbourCount})`,
    formatFigure(row.field, row.published ?? row.symbols.published),
  ]);
  const title = `${authority}, census year ${comparison.censusYear}: ours beside the published figures${comparison.benchmarkYear === null ? '' : ` for ${comparison.benchmarkYear}`}\n\n`;
  return title + alignedTable(['measure', 'ours', 'England', 'ours - England', regionLabel, 'neighbours median (n)', 'our published'], rows);
}

function comparisonNotes(comparison: Comparison): string[] {
  const notes: string[] = [];
  if (comparison.benchmarkYear === null) {
    notes.push(
      comparison.latestPublishedYear === null
        ? 'No DfE benchmarks are loaded: retain benchmarks import csww_indicators_2017_to_2024.csv'
        : `DfE has not published ${comparison.censusYear} in the loaded data (latest: ${comparison.latestPublishedYear}); benchmarks show as n/a.`,
    );
  }
  if (comparison.neighbours.named.length === 0) notes.push('No statistical neighbours named: retain neighbours set CODE...');
  else if (comparison.benchmarkYear !== null && comparison.neighbours.missing.length > 0) notes.push(`Neighbours with no published row this year: ${comparison.neighbours.missing.join(', ')}`);
  return notes;
}
