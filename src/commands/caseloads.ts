import { removeCaseloadThreshold, setCaseloadThreshold } from '../db/caseloads.ts';
import type { Db } from '../db/database.ts';
import { roleKey } from '../domain/roles.ts';
import { invalidInput } from '../errors.ts';
import { auditAs, inTransaction, type Actor } from './actor.ts';

/**
 * The use case behind `retain caseloads thresholds set|remove` and the web form: sets a council's
 * threshold for a local role or role code (or removes it, with `casesPerFte` null), with its audit
 * entry, in one transaction. A role with no letter or digit, or a threshold below 0, is invalid input.
 */
export async function changeCaseloadThreshold(db: Db, input: { authorityCode: string; role: string; casesPerFte: number | null }, actor: Actor): Promise<{ removed: boolean }> {
  const role = input.role.trim();
  if (roleKey(role) === '') throw invalidInput('A role needs at least one letter or digit');
  if (input.casesPerFte !== null && !(Number.isFinite(input.casesPerFte) && input.casesPerFte >= 0)) throw invalidInput('A threshold is a number of cases per FTE, 0 or more');
  return inTransaction(db, async (trx) => {
    let removed = false;
    if (input.casesPerFte === null) removed = await removeCaseloadThreshold(trx, input.authorityCode, role);
    else await setCaseloadThreshold(trx, input.authorityCode, { role, casesPerFte: input.casesPerFte });
    await auditAs(trx, actor, input.casesPerFte === null ? 'caseload_thresholds.removed' : 'caseload_thresholds.set', input.authorityCode, { role, casesPerFte: input.casesPerFte });
    return { removed };
  });
}
