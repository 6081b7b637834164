import { basename, dirname, isAbsolute, join } from 'node:path';
import type { Command } from 'commander';
import type { Db } from '../../db/database.ts';
import { count } from '../../domain/format.ts';
import type { ImportInput, ImportOutcome } from '../../imports/run-import.ts';
import { AGENCY_IMPORT_KINDS } from './agency-imports.ts';
import { authorityFor, print, printError, withDatabase } from '../context.ts';
import { validationFailed } from '../errors.ts';
import { authorityOption, dataRunsToOption, examples } from '../options.ts';
import { readInputFile } from './files.ts';
import { PAY_IMPORT_KINDS } from './import-pay.ts';

interface ImportOptions {
  authority?: string;
  sheet?: string;
  dataRunsTo?: string;
}

type Importer = (db: Db, input: ImportInput) => Promise<ImportOutcome>;

const KINDS: Record<string, { load: () => Promise<Importer>; description: string; examples: readonly string[] }> = {
  workers: {
    load: async () => (await import('../../imports/run-import.ts')).importWorkers,
    description: 'load an HR extract of workers (one row per worker per post): CSV or XLSX',
    examples: ['retain import workers extract.xlsx --authority 202', 'retain import workers staff.csv', 'retain import workers hr.xlsx --sheet "CSWW extract"'],
  },
  vacancies: {
    load: async () => (await import('../../imports/run-import.ts')).importVacancies,
    description: 'load vacancy returns (vacant and agency-covered FTE per reference date, optionally per team)',
    examples: ['retain import vacancies vacancies.csv --authority 202', 'retain import vacancies vacancies.xlsx'],
  },
  ...AGENCY_IMPORT_KINDS,
  caseloads: {
    load: async () => (await import('../../imports/run-caseloads-import.ts')).importCaseloads,
    description: 'load caseload snapshots (snapshot_date, worker_id, cases; each worker in post that day): CSV or XLSX',
    examples: ['retain import caseloads caseloads.csv', 'retain import caseloads monthly-caseloads.xlsx --authority 202'],
  },
  ...PAY_IMPORT_KINDS,
  'exit-interviews': {
    load: async () => (await import('../../imports/run-exit-interviews-import.ts')).importExitInterviews,
    description: 'load exit interviews (one row per leaving: worker_id, leaving_date, status, reasons...); import the workers file first',
    examples: ['retain import exit-interviews exit-interviews.csv --authority 202'],
  },
};

export function registerImport(program: Command): void {
  const importCommand = program
    .command('import')
    .description(
      "load a workers, vacancies, agency, price-caps, applications, caseloads, pay-scales, supplements or exit-interviews file, or a batch of councils' files; a file with any invalid row imports nothing",
    )
    .addHelpText(
      'after',
      `\nEvery problem is printed as file:row:column: message and the command exits 1; warnings do not block.
Re-importing updates changed rows and leaves the rest.\n${examples(...KINDS.workers!.examples.slice(0, 1), ...KINDS.vacancies!.examples.slice(0, 1))}`,
    );

  for (const [kind, spec] of Object.entries(KINDS)) {
    importCommand
      .command(kind)
      .description(spec.description)
      .argument('<file>', 'a .csv or .xlsx file')
      .addOption(authorityOption())
      .option('--sheet <name>', 'XLSX: the sheet to read (default: the first)')
      .addOption(dataRunsToOption())
      .addHelpText(
        'after',
        `\nWith --authority, the authority is created if new. Columns: see the column guide in the web app (/imports/columns), with CSV and Excel templates.\n${examples(...spec.examples)}`,
      )
      .action(async (file: string, options: ImportOptions, command: Command) => {
        const bytes = await readInputFile(file);
        const imports = await import('../../imports/run-import.ts');
        const runImport = await spec.load();
        await withDatabase(command, async (db) => {
          // A named authority is created by the import itself (in its transaction, so a bad file creates nothing).
          const authorityCode = options.authority?.trim() || (await authorityFor(db, undefined));
          // Reading and checking a large XLSX takes a while before the first row is written.
          if (process.stderr.isTTY) process.stderr.write(`Reading and checking ${file}...\n`);
          const progress = await progressBar(kind);
          let result: ImportOutcome;
          try {
            result = await runImport(db, {
              authorityCode,
              fileName: basename(file),
              bytes,
              ...(options.sheet === undefined ? {} : { sheet: options.sheet }),
              ...(options.dataRunsTo === undefined ? {} : { dataRunsTo: options.dataRunsTo }),
              importedBy: 'cli',
              ...(progress ? { onProgress: progress.update } : {}),
            });
          } finally {
            progress?.stop();
          }
          for (const warning of result.warnings) printError(`warning: ${warning}`);
          if (!result.ok) {
            const count = result.problems.length;
            throw validationFailed(result.problems.map(imports.formatProblem), `${count} problem${count === 1 ? '' : 's'} in ${file}; nothing was imported.`);
          }
          print(
            `Imported ${file} into ${authorityCode} (import ${result.importId}): ${rowsOf(result.rowCount)}; ` + `${result.inserted} new, ${result.updated} updated, ${result.unchanged} unchanged.`,
          );
        });
      });
  }
  registerBatch(importCommand);
}

/**
 * `retain import batch MANIFEST`: a consortium's load of many councils' workers and vacancies
 * files (src/imports/run-batch-import.ts), all in one transaction: a problem in the manifest or in
 * any file and nothing is imported. Problems name each file by its path from here (the manifest's
 * folder joined to its file column), so an editor can open it; the imports rows record the file as
 * the manifest names it.
 */
function registerBatch(importCommand: Command): void {
  importCommand
    .command('batch')
    .description("load many councils' workers and vacancies files at once, listed in a manifest; a problem in any file imports nothing")
    .argument('<manifest>', 'a .csv or .xlsx file with columns authority_code, kind (workers or vacancies), file (relative to the manifest), optional sheet and data_runs_to')
    .addHelpText(
      'after',
      `\nEvery file is read and checked; if any has a problem, every problem of every file is printed and nothing is imported (exit 1).
Otherwise every file is imported in one transaction, each recorded as an import of its own. Authorities are created if new.
Manifest:
  authority_code,kind,file,data_runs_to
  202,workers,202/workers.csv,2025-10-15
  202,vacancies,202/vacancies.csv,
  203,workers,203/hr-extract.xlsx,
${examples('retain import batch consortium/manifest.csv')}`,
    )
    .action(async (manifestPath: string, _options: unknown, command: Command) => {
      const bytes = await readInputFile(manifestPath);
      const [{ readManifest }, { importBatch }, { formatProblem }] = await Promise.all([
        import('../../imports/batch-manifest.ts'),
        import('../../imports/run-batch-import.ts'),
        import('../../imports/problems.ts'),
      ]);
      const manifest = await readManifest(manifestPath, bytes);
      for (const warning of manifest.warnings) printError(`warning: ${warning}`);
      if (manifest.problems.length > 0) {
        const count = manifest.problems.length;
        throw validationFailed(manifest.problems.map(formatProblem), `${count} problem${count === 1 ? '' : 's'} in ${manifestPath}; nothing was imported.`);
      }
      const shown = (fileName: string) => (isAbsolute(fileName) ? fileName : join(dirname(manifestPath), fileName));
      await withDatabase(command, async (db) => {
        if (process.stderr.isTTY) process.stderr.write(`Reading and checking ${manifest.files.length} files...\n`);
        const progress = await progressBar('batch', 'files');
        let outcome: Awaited<ReturnType<typeof importBatch>>;
        try {
          outcome = await importBatch(db, manifest.files, { importedBy: 'cli', onFile: (event) => progress?.update(event.index + 1, event.count) });
        } finally {
          progress?.stop();
        }
        for (const file of outcome.files) for (const warning of file.warnings) printError(`warning: ${warning}`);
        if (!outcome.ok) {
          const count = outcome.problems.length;
          const files = outcome.files.filter((file) => file.problems.length > 0).length;
          throw validationFailed(
            outcome.problems.map((problem) => formatProblem({ ...problem, file: shown(problem.file) })),
            `${count} problem${count === 1 ? '' : 's'} in ${files} of ${outcome.files.length} files; nothing was imported.`,
          );
        }
        for (const file of outcome.files) {
          print(
            `Imported ${shown(file.fileName)} into ${file.authorityCode} (import ${file.importId}): ${rowsOf(file.rowCount)}; ${file.inserted} new, ${file.updated} updated, ${file.unchanged} unchanged.`,
          );
        }
        const authorities = new Set(outcome.files.map((file) => file.authorityCode)).size;
        print(
          `Imported ${outcome.files.length} file${outcome.files.length === 1 ? '' : 's'} for ${authorities} ${authorities === 1 ? 'authority' : 'authorities'}: ` +
            `${rowsOf(outcome.rowCount)}; ${outcome.inserted} new, ${outcome.updated} updated, ${outcome.unchanged} unchanged.`,
        );
      });
    });
}

/** A progress bar on stderr while rows (or a batch's files) are written, only when a person is watching (stderr is a terminal). */
async function progressBar(kind: string, unit = 'rows'): Promise<{ update: (done: number, total: number) => void; stop: () => void } | undefined> {
  if (!process.stderr.isTTY) return undefined;
  // Loaded here: only an import watched in a terminal needs it, not every command.
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `Importing ${kind} [{bar}] {percentage}% | {value}/{total} ${unit} | {eta_formatted} left`, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** "1 row", "1,500 rows": as a council officer reads a count. */
function rowsOf(rows: number): string {
  return `${count(rows)} ${rows === 1 ? 'row' : 'rows'}`;
}
