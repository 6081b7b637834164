import { writeAudit } from '../db/audit.ts';
import { saveCensusReturnAnswers } from '../db/census-return.ts';
import type { Db } from '../db/database.ts';
import type { AnswerChanges } from '../domain/census-return/answers.ts';
import type { Actor } from './exit-interviews.ts';

/**
 * The council gives (or clears) its census return answers for a year: one transaction that
 * writes them and the audit entry saying what changed (values included: they are council-level
 * facts, not personal data).
 */
export async function setCensusReturnAnswers(db: Db, input: { authorityCode: string; censusYear: number; answers: AnswerChanges }, actor: Actor): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const changed = await saveCensusReturnAnswers(trx, input.authorityCode, input.censusYear, input.answers, actor.email);
    await writeAudit(trx, {
      userId: actor.userId,
      userEmail: actor.email,
      action: 'census_return.answers_set',
      authorityCode: input.authorityCode,
      details: { censusYear: input.censusYear, changed: Object.fromEntries(changed.map((item) => [item, input.answers[item] ?? null])) },
      ip: actor.ip ?? null,
    });
    return changed;
  });
}
