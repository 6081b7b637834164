import { Argument, type Command } from 'commander';
import { NEIGHBOUR_MODELS } from '../../domain/benchmarks.ts';
import type { NeighbourModelView, NeighboursView } from '../../imports/neighbours.ts';
import { authorityFor, print, printError, withDatabase } from '../context.ts';
import { usageError } from '../errors.ts';
import { alignedTable, toJson } from '../format.ts';
import { authorityOption, examples } from '../options.ts';

export function registerNeighbours(program: Command): void {
  const neighbours = program
    .command('neighbours')
    .description("the authority's statistical neighbours, compared against by retain compare")
    .addHelpText('after', examples('retain neighbours set 350 351 354 355 356 357 358 359 877 889', 'retain neighbours show', 'retain neighbours model 2021'));

  neighbours
    .command('set')
    .description('name the neighbours (replacing any named before) as LA codes: three-digit DfE codes or nine-character ONS codes')
    .argument('<codes...>', 'LA codes, e.g. 350 or E08000001 (commas also separate)')
    .addOption(authorityOption())
    .option('--json', 'as JSON')
    .addHelpText('after', examples('retain neighbours set 350 351 354 --authority DEMO', 'retain neighbours set E08000001,E08000002'))
    .action(async (codes: string[], options: { authority?: string; json?: boolean }, command: Command) => {
      const { nameNeighbours } = await import('../../imports/neighbours.ts');
      await withDatabase(command, async (db) => {
        const result = await nameNeighbours(db, await authorityFor(db, options.authority), codes, { userId: null, email: 'cli' });
        if (!result.ok) throw usageError(...result.problems.map((problem) => `retain: ${problem}`));
        show(result, options.json);
      });
    });

  neighbours
    .command('show')
    .description('list the neighbours with their published names')
    .addOption(authorityOption())
    .option('--json', 'as JSON')
    .addHelpText('after', examples('retain neighbours show', 'retain neighbours show --authority 202 --json'))
    .action(async (options: { authority?: string; json?: boolean }, command: Command) => {
      const { listNeighbours } = await import('../../imports/neighbours.ts');
      await withDatabase(command, async (db) => {
        show(await listNeighbours(db, await authorityFor(db, options.authority)), options.json);
      });
    });

  neighbours
    .command('model')
    .description("show which of DfE's statistical neighbour models the neighbours come from, or choose one: its list for the council replaces the neighbours named before (as on the Settings page)")
    .addArgument(new Argument('[model]', "DfE's model").choices(NEIGHBOUR_MODELS))
    .addOption(authorityOption())
    .option('--basis <code>', "use another council's DfE list (a three-digit LA code), as the demo council does")
    .option('--json', 'as JSON')
    .addHelpText('after', examples('retain neighbours model', 'retain neighbours model 2021', 'retain neighbours model 2025 --authority DEMO --basis 359 --json'))
    .action(async (model: string | undefined, options: { authority?: string; basis?: string; json?: boolean }, command: Command) => {
      const [{ chooseNeighbourModel }, { neighbourModelView }, { ensureReferenceData }] = await Promise.all([
        import('../../commands/settings.ts'),
        import('../../imports/neighbours.ts'),
        import('../../imports/reference-data.ts'),
      ]);
      await withDatabase(command, async (db) => {
        const authorityCode = await authorityFor(db, options.authority);
        // DfE's lists ship with Retain and are loaded on first start; a database only the CLI has used may not have them yet.
        await ensureReferenceData(db);
        let summary: string | null = null;
        if (model !== undefined || options.basis !== undefined) {
          const result = await chooseNeighbourModel(
            db,
            { authorityCode, model: model ?? (await neighbourModelView(db, authorityCode)).model, basis: options.basis ?? null },
            { userId: null, email: 'cli' },
          );
          if (!result.ok) throw usageError(...Object.values(result.problems).map((problem) => `retain: ${problem}`));
          summary = result.summary;
        }
        const view = await neighbourModelView(db, authorityCode);
        if (options.json) return print(toJson(view));
        if (summary) printError(summary);
        showModel(view);
      });
    });
}

function showModel(view: NeighbourModelView): void {
  const basis = view.basis === null ? 'no DfE LA code to look up' : view.borrowed ? `the list of LA ${view.basis}, borrowed` : `its own list (LA ${view.basis})`;
  print(`${view.authorityCode} uses DfE's ${view.model} statistical neighbour model, ${basis}${view.edited ? '; the list has been edited by hand since' : ''}.`);
  for (const warning of view.warnings) printError(`warning: ${warning}`);
  if (view.neighbours.length === 0) {
    print('No neighbours are named.');
    return;
  }
  print('');
  print(
    alignedTable(
      ['code', 'name', 'region', 'closeness'],
      view.neighbours.map((entry) => [entry.code, entry.name ?? '(not in the published data)', entry.regionName ?? '', view.proximity[entry.code] ?? '']),
    ),
  );
}

function show(view: NeighboursView, json: boolean | undefined): void {
  if (json) {
    print(toJson(view));
    return;
  }
  for (const warning of view.warnings) printError(`warning: ${warning}`);
  if (view.neighbours.length === 0) {
    print(`${view.authorityCode} has no neighbours named. Name them with: retain neighbours set CODE...`);
    return;
  }
  print(`Statistical neighbours of ${view.authorityCode}:\n`);
  print(
    alignedTable(
      ['code', 'name', 'region'],
      view.neighbours.map((entry) => [entry.code, entry.name ?? '(not in the published data)', entry.regionName ?? '']),
    ),
  );
}
