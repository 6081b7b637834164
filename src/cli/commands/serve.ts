import type { Command } from 'commander';
import { print, type GlobalOptions } from '../context.ts';
import { examples, parsePort } from '../options.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the web app (loads the demo council into an empty database and creates the first admin)')
    .option('--port <port>', 'port to listen on (default: PORT, else 3000; 0 picks a free one)', parsePort)
    .addHelpText('after', examples('retain serve', 'retain serve --port 8080', 'DATABASE_URL=postgres://user@host/retain retain serve'))
    .action(async (options: { port?: number }, command: Command) => {
      const { dataDir } = command.optsWithGlobals<GlobalOptions>();
      const { databaseOptionsFromEnv, openDatabase } = await import('../../db/database.ts');
      const where = databaseOptionsFromEnv({ dataDir });
      let port = options.port;
      let loading: { close(): Promise<void> } | undefined;
      const { isFirstStart, loadDemoInProcessOfItsOwn } = await import('./serve-first-start.ts');
      if (where.dataDir !== undefined && isFirstStart(where.dataDir)) {
        // A first start on PGlite: a loading page at once, the data directory made by a process of
        // its own (see serve-first-start.ts), then the app, on the same port, as on a restart.
        const { listenAddress, listenLoadingPage, serverUrl } = await import('../../web/server-loading.ts');
        const address = listenAddress({ port });
        const page = await listenLoadingPage(address.port, address.host);
        loading = page;
        port = page.port;
        print(`Retain is starting at ${serverUrl(address.host, page.port)}: loading the demo council first.`);
        let stopped = false;
        const stop = () => (stopped = true);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        const loaded = await loadDemoInProcessOfItsOwn(where.dataDir, print);
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        if (stopped) {
          await page.close();
          return;
        }
        if (!loaded.ok) print(`The demo council could not be loaded: ${loaded.message}`);
      }
      // The web app is loaded only here: its modules take seconds to load, which every other command
      // would pay. They load while the database opens.
      const server = import('../../web/server.ts');
      let opened: Awaited<ReturnType<typeof openDatabase>>;
      try {
        opened = await openDatabase(where);
      } catch (error) {
        await loading?.close();
        throw error;
      }
      const { serve } = await server;
      let app: Awaited<ReturnType<typeof serve>>['app'];
      try {
        ({ app } = await serve({ db: opened.db, ...(port === undefined ? {} : { port }), ...(loading ? { beforeListen: () => loading.close() } : {}) }));
      } catch (error) {
        await loading?.close();
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
