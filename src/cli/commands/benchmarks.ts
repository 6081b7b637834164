import { basename } from 'node:path';
import type { Command } from 'commander';
import { print, printError, withDatabase } from '../context.ts';
import { validationFailed } from '../errors.ts';
import { alignedTable, toJson } from '../format.ts';
import { examples } from '../options.ts';
import { readInputFile } from './files.ts';

export function registerBenchmarks(program: Command): void {
  const benchmarks = program
    .command('benchmarks')
    .description("DfE's published CSWW indicators (England, regions, every authority) to compare against")
    .addHelpText('after', examples('retain benchmarks import csww_indicators_2017_to_2024.csv', 'retain benchmarks list'));

  benchmarks
    .command('import')
    .description('load a DfE csww_indicators CSV; loading the same file again changes nothing')
    .argument('<file>', 'the CSV file, as downloaded from explore-education-statistics.service.gov.uk')
    .addHelpText('after', examples('retain benchmarks import csww_indicators_2017_to_2024.csv'))
    .action(async (file: string, _options: unknown, command: Command) => {
      const bytes = await readInputFile(file);
      const { importBenchmarks } = await import('../../imports/run-benchmarks-import.ts');
      const { formatProblem } = await import('../../imports/run-import.ts');
      await withDatabase(command, async (db) => {
        const result = await importBenchmarks(db, { fileName: basename(file), bytes });
        if (!result.ok) {
          throw validationFailed(result.problems.map(formatProblem), `${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} in ${file}; nothing was imported.`);
        }
        for (const warning of result.warnings) printError(`warning: ${warning}`);
        const levels = Object.entries(result.levels)
          .map(([level, count]) => `${count} ${level}`)
          .join(', ');
        print(
          result.alreadyLoaded
            ? `${file} was already loaded (release ${result.releaseId}); nothing changed.`
            : `Loaded ${file} as release ${result.releaseId}: ${result.rowCount} rows for ${result.firstYear}-${result.lastYear} (${levels}).`,
        );
        if (result.authoritiesUpdated.length > 0) print(`Filled in name, region or LA codes for: ${result.authoritiesUpdated.join(', ')}`);
      });
    });

  benchmarks
    .command('list')
    .description('the benchmark releases loaded')
    .option('--json', 'as JSON')
    .addHelpText('after', examples('retain benchmarks list'))
    .action(async (options: { json?: boolean }, command: Command) => {
      const { listReleases } = await import('../../db/benchmarks.ts');
      await withDatabase(command, async (db) => {
        const releases = await listReleases(db);
        if (options.json) return print(toJson(releases));
        if (releases.length === 0) return print("No benchmarks loaded. Load DfE's file with: retain benchmarks import FILE");
        print(
          alignedTable(
            ['release', 'file', 'years', 'rows', 'imported'],
            releases.map((release) => [
              String(release.id),
              release.fileName,
              `${release.firstYear}-${release.lastYear}`,
              String(release.rowCount),
              new Date(release.importedAt).toISOString().slice(0, 16).replace('T', ' '),
            ]),
          ),
        );
      });
    });
}
