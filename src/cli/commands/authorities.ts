import type { Command } from 'commander';
import { print, withDatabase } from '../context.ts';
import { alignedTable, toJson } from '../format.ts';
import { examples } from '../options.ts';

export function registerAuthorities(program: Command): void {
  const authorities = program
    .command('authorities')
    .description('the authorities (councils) in the database')
    .addHelpText('after', examples('retain authorities list', 'retain authorities list --json'));
  authorities
    .command('list')
    .description('list them with their codes, the value --authority takes')
    .option('--json', 'as JSON')
    .addHelpText('after', examples('retain authorities list'))
    .action(async (options: { json?: boolean }, command: Command) => {
      const { listAuthorities } = await import('../../db/authorities.ts');
      await withDatabase(command, async (db) => {
        const rows = await listAuthorities(db);
        if (options.json) return print(toJson(rows));
        if (rows.length === 0) return print('No authorities yet. Import a file with --authority CODE, or run: retain demo');
        print(
          alignedTable(
            ['code', 'name', 'region', 'neighbours'],
            rows.map((row) => [row.code, row.name, row.regionName ?? '', String(row.neighbours.length)]),
          ),
        );
      });
    });
}
