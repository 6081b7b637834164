import { Command } from 'commander';
import { registerAgency } from './commands/agency.ts';
import { registerAuthorities } from './commands/authorities.ts';
import { registerBenchmarks } from './commands/benchmarks.ts';
import { registerCaseloads } from './commands/caseloads.ts';
import { registerCompare } from './commands/compare.ts';
import { registerCensusReturn } from './commands/census-return.ts';
import { registerDemo } from './commands/demo.ts';
import { registerImport } from './commands/import.ts';
import { registerLeavers } from './commands/leavers.ts';
import { registerMetrics } from './commands/metrics.ts';
import { registerNeighbours } from './commands/neighbours.ts';
import { registerRecruitment } from './commands/recruitment.ts';
import { registerRetention } from './commands/retention.ts';
import { registerPay } from './commands/pay.ts';
import { registerRoles } from './commands/roles.ts';
import { registerServe } from './commands/serve.ts';
import { registerTracker } from './commands/tracker.ts';
import { EXIT_OK, errorLines, exitCodeFor } from './errors.ts';
import { examples } from './options.ts';

/** The `retain` command tree. Settings made here before the commands are added are inherited by every subcommand. */
export function buildProgram(): Command {
  const program = new Command('retain')
    .description("Retain: children's social work workforce figures for English councils, as DfE's census measures them")
    .version('0.1.0')
    .option('--data-dir <dir>', 'embedded database directory (default: RETAIN_DATA_DIR, else ./data); DATABASE_URL selects a PostgreSQL server instead')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false });
  program.addHelpText(
    'after',
    `\nExit codes: 0 done, 1 failed (e.g. a file with problems; nothing was written), 2 wrong usage.\n` +
      examples('retain demo', 'retain import workers extract.xlsx --authority 202', 'retain metrics --year 2024 --json', 'retain compare --year 2024', 'retain serve --port 8080'),
  );

  registerImport(program);
  registerMetrics(program);
  registerCaseloads(program);
  registerRetention(program);
  registerCompare(program);
  registerCensusReturn(program);
  registerTracker(program);
  registerAgency(program);
  registerRecruitment(program);
  registerLeavers(program);
  registerDemo(program);
  registerBenchmarks(program);
  registerNeighbours(program);
  registerRoles(program);
  registerPay(program);
  registerAuthorities(program);
  registerServe(program);
  return program;
}

/** Runs the CLI on arguments (without node and script) and returns the exit code; errors are printed, never thrown. */
export async function run(args: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    if (args.length === 0) {
      program.outputHelp();
      return EXIT_OK;
    }
    await program.parseAsync([...args], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    for (const line of errorLines(error)) process.stderr.write(`${line}\n`);
    return exitCodeFor(error);
  }
}
