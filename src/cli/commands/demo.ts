import { setFlagsFromString } from 'node:v8';
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
      // The demo's generator and import make short-lived objects by the million, and V8 grows its
      // heap well past what they keep alive: on a new data directory this command peaked at ~300 MB.
      // Favouring size (heap growth, code flushing; it can be set in a running process, unlike the
      // young generation's size) measured 223 MB at about the same CPU time. Only this process's.
      setFlagsFromString('--optimize-for-size');
      const { loadDemo } = await import('../../imports/demo.ts');
      const { loadDemoReview } = await import('../../reports/demo-review.ts');
      await withDatabase(command, async (db) => {
        const demo = await loadDemo(db);
        print(demo.summary);
        if ((await loadDemoReview(db, demo.authorityCode)).created) print('Added a scrutiny review of the demo council, part way through, to show how reviews work (open Reviews in the web app).');
      });
    });
}
