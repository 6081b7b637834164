import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMMANDS, buildProgram, commandNamed } from './program.ts';

test('the command list names every top-level command its modules add, in the order help shows them', async () => {
  const program = await buildProgram();
  assert.deepEqual(
    program.commands.map((command) => command.name()),
    COMMANDS.flatMap(([names]) => names),
  );
});

test('given a command, the program holds that command and its siblings from the same module, with the same options as the full tree', async () => {
  const full = await buildProgram();
  for (const [names] of COMMANDS) {
    for (const name of names) {
      const program = await buildProgram(['--data-dir', 'somewhere', name, '--json']);
      assert.deepEqual(
        program.commands.map((command) => command.name()),
        names,
      );
      const options = (tree: typeof program) => tree.commands.find((command) => command.name() === name)!.options.map((option) => option.flags);
      assert.deepEqual(options(program), options(full));
    }
  }
});

test('the command named is the first word that is not a global option or its value, and only a known command', () => {
  assert.equal(commandNamed(['metrics', '--year', '2024']), 'metrics');
  assert.equal(commandNamed(['--data-dir', 'metrics', 'demo']), 'demo');
  assert.equal(commandNamed(['--data-dir=x', 'reconcile', '--year', '2024']), 'reconcile');
  assert.equal(commandNamed(['metrcs', '--year', '2024']), undefined);
  assert.equal(commandNamed(['help', 'metrics']), undefined);
  assert.equal(commandNamed(['--help']), undefined);
  assert.equal(commandNamed([]), undefined);
});
