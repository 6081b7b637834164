import type { Command } from 'commander';
import { print, withDatabase } from '../context.ts';
import { examples } from '../options.ts';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('load a realistic synthetic council (seven census years, teams, agency workers, leavers, vacancies) and a scrutiny review of it')
    .addHelpText(
      'after',
      `\nThe demo council is loaded through the ordinary import path, so it shows in the import history.
Running it again changes nothing.\n${examples('retain demo', 'retain metrics --year 2025 --authority DEMO --by team')}`,
    )
    .action(async (_options: unknown, command: Command) => {
      const { loadDemo } = await import('../../imports/demo.ts');
      const { loadDemoReview } = await import('../../reports/demo-review.ts');
      await withDatabase(command, async (db) => {
        const demo = await loadDemo(db);
        print(demo.summary);
        if ((await loadDemoReview(db, demo.authorityCode)).created) print('Added a scrutiny review of the demo council, part way through, to show how reviews work (open Reviews in the web app).');
      });
    });
}
