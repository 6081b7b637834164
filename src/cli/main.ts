// The `retain` command (bin/retain.js loads this; `npm run retain -- ARGS` runs it directly).
import { run } from './program.ts';

process.exitCode = await run(process.argv.slice(2));
