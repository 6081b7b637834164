import { Command } from 'commander';
import { EXIT_OK, errorLines, exitCodeFor } from './errors.ts';
import { examples } from './options.ts';

/**
 * Each command module with the top-level commands it adds, in the order help lists them. A
 * command's module (and what it imports) is loaded only when that command runs, or for help and
 * errors that list them all.
 */
export const COMMANDS: ReadonlyArray<readonly [readonly string[], () => Promise<(program: Command) => void>]> = [
  [['import'], async () => (await import('./commands/import.ts')).registerImport],
  [['metrics'], async () => (await import('./commands/metrics.ts')).registerMetrics],
  [['caseloads'], async () => (await import('./commands/caseloads.ts')).registerCaseloads],
  [['retention'], async () => (await import('./commands/retention.ts')).registerRetention],
  [['compare'], async () => (await import('./commands/compare.ts')).registerCompare],
  [['census-return', 'reconcile'], async () => (await import('./commands/census-return.ts')).registerCensusReturn],
  [['tracker'], async () => (await import('./commands/tracker.ts')).registerTracker],
  [['agency'], async () => (await import('./commands/agency.ts')).registerAgency],
  [['recruitment'], async () => (await import('./commands/recruitment.ts')).registerRecruitment],
  [['leavers'], async () => (await import('./commands/leavers.ts')).registerLeavers],
  [['demo'], async () => (await import('./commands/demo.ts')).registerDemo],
  [['benchmarks'], async () => (await import('./commands/benchmarks.ts')).registerBenchmarks],
  [['neighbours'], async () => (await import('./commands/neighbours.ts')).registerNeighbours],
  [['roles'], async () => (await import('./commands/roles.ts')).registerRoles],
  [['pay', 'scenario'], async () => (await import('./commands/pay.ts')).registerPay],
  [['authorities'], async () => (await import('./commands/authorities.ts')).registerAuthorities],
  [['serve'], async () => (await import('./commands/serve.ts')).registerServe],
];

/**
 * The `retain` command tree. Settings made here before the commands are added are inherited by
 * every subcommand. Given the arguments, only the command they name is added (its help and
 * parsing are the same); without one, or with a name that is not a command, all of them.
 */
export async function buildProgram(args: readonly string[] = []): Promise<Command> {
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
  const named = commandNamed(args);
  const registers = await Promise.all(COMMANDS.filter(([names]) => named === undefined || names.includes(named)).map(([, load]) => load()));
  for (const register of registers) register(program);
  return program;
}

/** The command the arguments name (the first word that is neither a global option nor its value), if it is one of COMMANDS. */
export function commandNamed(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--data-dir') i++;
    else if (!arg.startsWith('-')) return COMMANDS.some(([names]) => names.includes(arg)) ? arg : undefined;
  }
  return undefined;
}

/** Runs the CLI on arguments (without node and script) and returns the exit code; errors are printed, never thrown. */
export async function run(args: readonly string[]): Promise<number> {
  const named = commandNamed(args);
  // A command that will open PGlite: its WebAssembly compiles in V8's threads while the command's
  // modules load (see src/db/pglite-wasm.ts). Not for help, PostgreSQL, or the server (whose
  // start is tuned on its own); openDatabase compiles it anyway when nothing started it.
  if (named && named !== 'serve' && !process.env.DATABASE_URL && !args.some((arg) => arg === '--help' || arg === '-h')) {
    void import('../db/pglite-wasm.ts').then(({ compilePgliteWasm }) => compilePgliteWasm());
  }
  try {
    const program = await buildProgram(args);
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
