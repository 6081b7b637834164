import type { Command } from 'commander';
import type { GlobalOptions } from '../context.ts';
import { examples, parsePort } from '../options.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the web app (loads the demo council into an empty database and creates the first admin)')
    .option('--port <port>', 'port to listen on (default: PORT, else 3000; 0 picks a free one)', parsePort)
    .addHelpText('after', examples('retain serve', 'retain serve --port 8080', 'DATABASE_URL=postgres://user@host/retain retain serve'))
    .action(async (options: { port?: number }, command: Command) => {
      const { dataDir } = command.optsWithGlobals<GlobalOptions>();
      // The web app is loaded only here: its modules take seconds to load, which every other command
      // would pay. They load while the database opens (on a first start, while PGlite's initdb runs).
      const { databaseOptionsFromEnv, openDatabase } = await import('../../db/database.ts');
      const server = import('../../web/server.ts');
      const opened = await openDatabase(databaseOptionsFromEnv({ dataDir }));
      const { serve } = await server;
      let app: Awaited<ReturnType<typeof serve>>['app'];
      try {
        ({ app } = await serve({ db: opened.db, ...(options.port === undefined ? {} : { port: options.port }) }));
      } catch (error) {
        await opened.close();
        throw error;
      }
      // Runs until stopped; then finishes requests in flight and closes the database.
      // A second Ctrl-C stops at once; a second SIGTERM (a service manager that signals every
      // process, and `retain` passing it on too) does not cut the close short.
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await app.close();
      await opened.close();
    });
}
