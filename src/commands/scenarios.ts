import type { Db } from '../db/database.ts';
import { getScenario, saveScenarioRow, setScenarioRecommendation } from '../db/pay.ts';
import type { EvaluatedScenario, Scenario } from '../domain/scenario.ts';
import { notFound } from '../errors.ts';
import { runScenario } from '../reports/pay.ts';
import { auditAs, inTransaction, type Actor } from './actor.ts';

/** Writes about invest-to-save scenarios: saving one, and attaching it to a scrutiny recommendation. */

export interface SaveScenarioInput {
  authorityCode: string;
  name: string;
  json: unknown;
  /** Replace this saved scenario (the web form's edit); otherwise saved by name. */
  id?: number | undefined;
}

export type SaveScenarioOutcome = { ok: true; id: number; evaluated: Extract<EvaluatedScenario, { ok: true }> } | { ok: false; problems: string[] };

/**
 * Saves a scenario (checked and worked out first: a scenario with any problem saves nothing), in
 * one transaction with its audit entry. A saved scenario keeps its definition; figures are always
 * worked out again from the council's current data.
 */
export async function saveScenario(db: Db, input: SaveScenarioInput, actor: Actor): Promise<SaveScenarioOutcome> {
  const name = input.name.trim();
  if (name === '') return { ok: false, problems: ['name: is required (what the scenario is called, e.g. "Pay uplift for case holders")'] };
  const run = await runScenario(db, input.authorityCode, input.json);
  if (!run.ok) return run;
  const definition: Scenario = { ...run.scenario!, name };
  const id = await inTransaction(db, async (trx) => {
    if (input.id !== undefined && !(await getScenario(trx, input.authorityCode, input.id))) throw notFound(`No scenario ${input.id} for ${input.authorityCode}`);
    const saved = await saveScenarioRow(trx, input.authorityCode, name, definition, actor.email, input.id);
    await auditAs(trx, actor, 'scenarios.saved', input.authorityCode, { scenarioId: saved, name });
    return saved;
  });
  return { ok: true, id, evaluated: { ok: true, result: run.result } };
}

/**
 * Attaches a saved scenario to one of the council's scrutiny recommendations (or detaches it, with
 * null), with its audit entry, in one transaction. The caller has checked the recommendation is
 * the council's; the scenario must be too.
 */
export async function attachScenario(db: Db, input: { authorityCode: string; scenarioId: number; recommendationId: number | null }, actor: Actor): Promise<void> {
  await inTransaction(db, async (trx) => {
    if (!(await getScenario(trx, input.authorityCode, input.scenarioId))) throw notFound('There is no such scenario for this authority.');
    await setScenarioRecommendation(trx, input.authorityCode, input.scenarioId, input.recommendationId);
    await auditAs(trx, actor, 'scenarios.attached', input.authorityCode, { scenarioId: input.scenarioId, recommendationId: input.recommendationId });
  });
}
