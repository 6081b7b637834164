import { Argument, type Command } from 'commander';
import { ROLE_CODES, ROLE_LABELS, type RoleCode } from '../../domain/codes.ts';
import { DEFAULT_ROLE_MAP } from '../../domain/roles.ts';
import { authorityFor, print, withDatabase } from '../context.ts';
import { usageError } from '../errors.ts';
import { alignedTable, toJson } from '../format.ts';
import { authorityOption, examples } from '../options.ts';

const ROLE_HELP = ROLE_CODES.map((code, index) => `  ${index + 1} ${code.padEnd(20)} ${ROLE_LABELS[code]}`).join('\n');

export function registerRoles(program: Command): void {
  const roles = program
    .command('roles')
    .description("the local role map: how this council's job titles map to DfE roles (consulted before the defaults)")
    .addHelpText(
      'after',
      `\nDfE roles (code or number):\n${ROLE_HELP}\n${examples('retain roles list', 'retain roles set "Locum Social Worker" case_holder', 'retain roles remove "Locum Social Worker"')}`,
    );

  roles
    .command('list')
    .description("this authority's own names, then the defaults")
    .addOption(authorityOption())
    .option('--json', 'as JSON')
    .addHelpText('after', examples('retain roles list', 'retain roles list --authority 202 --json'))
    .action(async (options: { authority?: string; json?: boolean }, command: Command) => {
      await withDatabase(command, async (db) => {
        const authorityCode = await authorityFor(db, options.authority);
        const { listRoleMap } = await import('../../db/role-map.ts');
        const local = await listRoleMap(db, authorityCode);
        const defaults = Object.entries(DEFAULT_ROLE_MAP).map(([localName, role]) => ({ localName, role }));
        if (options.json) return print(toJson({ authorityCode, local, defaults }));
        const rows = [...local.map((entry) => [entry.localName, entry.role, `${authorityCode} (local)`]), ...defaults.map((entry) => [entry.localName, entry.role, 'default'])];
        print(alignedTable(['local name', 'role', 'from'], rows));
      });
    });

  roles
    .command('set')
    .description('map a local job title to a DfE role (replacing any earlier mapping of that name)')
    .argument('<name>', 'the job title as your HR system writes it')
    .addArgument(new Argument('<role>', 'a DfE role code, or its number 1-6'))
    .addOption(authorityOption())
    .addHelpText('after', `\nDfE roles:\n${ROLE_HELP}\n${examples('retain roles set "Locum Social Worker" case_holder', 'retain roles set "Practice Educator" 4 --authority 202')}`)
    .action(async (name: string, roleText: string, options: { authority?: string }, command: Command) => {
      const role = parseRole(roleText);
      await withDatabase(command, async (db) => {
        const authorityCode = await authorityFor(db, options.authority);
        // The Settings page's use case: the mapping and its audit entry in one transaction.
        const { mapRole } = await import('../../commands/settings.ts');
        const result = await mapRole(db, { authorityCode, localName: name, role }, CLI_ACTOR);
        if (!result.ok) throw usageError(...Object.values(result.problems).map((problem) => `retain: ${problem}`));
        print(`${authorityCode}: "${name.trim()}" now maps to ${role} (${ROLE_LABELS[role]}). Re-import the workers file to apply it to stored records.`);
      });
    });

  roles
    .command('remove')
    .description('remove a local mapping (the default map, if it knows the name, applies again)')
    .argument('<name>', 'the job title')
    .addOption(authorityOption())
    .addHelpText('after', examples('retain roles remove "Locum Social Worker"'))
    .action(async (name: string, options: { authority?: string }, command: Command) => {
      await withDatabase(command, async (db) => {
        const authorityCode = await authorityFor(db, options.authority);
        const { unmapRole } = await import('../../commands/settings.ts');
        const result = await unmapRole(db, { authorityCode, localName: name }, CLI_ACTOR);
        if (!result.ok) throw usageError(`retain: ${authorityCode} has no local mapping for "${name}" (see: retain roles list)`);
        print(`${authorityCode}: removed the local mapping for "${name.trim()}".`);
      });
    });
}

/** The command line acts as no signed-in user; the audit log names it `cli`. */
const CLI_ACTOR = { userId: null, email: 'cli' } as const;

function parseRole(text: string): RoleCode {
  const trimmed = text.trim();
  const byNumber = /^\d$/.test(trimmed) ? ROLE_CODES[Number(trimmed) - 1] : undefined;
  const role = byNumber ?? ROLE_CODES.find((code) => code === trimmed.toLowerCase());
  if (!role) throw usageError(`retain: "${text}" is not a DfE role; use one of ${ROLE_CODES.join(', ')} (or 1-6)`);
  return role;
}
