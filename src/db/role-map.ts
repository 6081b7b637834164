import { ROLE_CODES, type RoleCode } from '../domain/codes.ts';
import { roleKey } from '../domain/roles.ts';
import type { Db } from './database.ts';
import { invalidInput } from '../errors.ts';

/**
 * An authority's own role names (e.g. "ASYE" -> case_holder), consulted before the default map
 * when a workers file is read. Keyed by `roleKey(name)`, so spelling variants of one name share an entry.
 */

export interface RoleMapEntry {
  localName: string;
  role: RoleCode;
}

export async function listRoleMap(db: Db, authorityCode: string): Promise<RoleMapEntry[]> {
  const rows = await db.selectFrom('role_map').select(['local_name', 'role']).where('authority_code', '=', authorityCode).orderBy('local_key').execute();
  return rows.map((row) => ({ localName: row.local_name, role: asRoleCode(row.role) }));
}

/** The map as `resolveRole` takes it: roleKey(name) -> role. */
export async function getRoleMap(db: Db, authorityCode: string): Promise<Map<string, RoleCode>> {
  return (await getRoleMaps(db, [authorityCode])).get(authorityCode)!;
}

/** Several authorities' maps in one statement (a batch of imports): authority code -> its map as getRoleMap gives it. */
export async function getRoleMaps(db: Db, authorityCodes: readonly string[]): Promise<Map<string, Map<string, RoleCode>>> {
  const maps = new Map(authorityCodes.map((code) => [code, new Map<string, RoleCode>()]));
  if (authorityCodes.length === 0) return maps;
  const rows = await db.selectFrom('role_map').select(['authority_code', 'local_key', 'role']).where('authority_code', 'in', authorityCodes).execute();
  for (const row of rows) maps.get(row.authority_code)?.set(row.local_key, asRoleCode(row.role));
  return maps;
}

/** Adds or replaces one local name. The authority must exist (see ensureAuthority). */
export async function setRoleMapping(db: Db, authorityCode: string, localName: string, role: RoleCode): Promise<void> {
  const name = localName.trim();
  const key = roleKey(name);
  if (key === '') throw invalidInput('A local role name needs at least one letter or digit');
  if (!ROLE_CODES.includes(role)) throw invalidInput(`"${role}" is not a role code (${ROLE_CODES.join(', ')})`);
  await db
    .insertInto('role_map')
    .values({ authority_code: authorityCode, local_key: key, local_name: name, role })
    .onConflict((oc) => oc.columns(['authority_code', 'local_key']).doUpdateSet({ local_name: name, role }))
    .execute();
}

/** Removes one local name; false when the authority had no such entry. */
export async function removeRoleMapping(db: Db, authorityCode: string, localName: string): Promise<boolean> {
  const result = await db.deleteFrom('role_map').where('authority_code', '=', authorityCode).where('local_key', '=', roleKey(localName)).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

function asRoleCode(value: string): RoleCode {
  if ((ROLE_CODES as readonly string[]).includes(value)) return value as RoleCode;
  throw new Error(`The role map holds "${value}", which is not a role code`);
}
