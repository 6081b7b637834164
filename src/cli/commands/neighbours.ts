import type { Command } from 'commander';
import type { NeighboursView } from '../../imports/neighbours.ts';
import { authorityFor, print, printError, withDatabase } from '../context.ts';
import { usageError } from '../errors.ts';
import { alignedTable, toJson } from '../format.ts';
import { authorityOption, examples } from '../options.ts';

export function registerNeighbours(program: Command): void {
  const neighbours = program
    .command('neighbours')
    .description("the authority's statistical neighbours, compared against by retain compare")
    .addHelpText('after', examples('retain neighbours set 350 351 354 355 356 357 358 359 877 889', 'retain neighbours show'));

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
        const result = await nameNeighbours(db, await authorityFor(db, options.authority), codes);
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
  print(alignedTable(['code', 'name', 'region'], view.neighbours.map((entry) => [entry.code, entry.name ?? '(not in the published data)', entry.regionName ?? ''])));
}
