import { getAuthority, setNeighbours } from '../db/authorities.ts';
import { writeAudit } from '../db/audit.ts';
import type { Db } from '../db/database.ts';
import { removeRoleMapping, setRoleMapping } from '../db/role-map.ts';
import { clearColumnMap, getSettings, neighbourList, removeCodeWord, saveColumnMap, saveSettings, setCodeWord, type AuthoritySettings } from '../db/settings.ts';
import { normaliseLaCode, parseNeighbourCodes, NEIGHBOUR_MODELS, type NeighbourModel } from '../domain/benchmarks.ts';
import { CODE_LISTS, wordKey, type CodeListName } from '../domain/code-words.ts';
import { ROLE_CODES, type RoleCode } from '../domain/codes.ts';
import { roleKey } from '../domain/roles.ts';
import { headerKey, VACANCY_FIELDS, WORKER_FIELDS } from '../imports/headers.ts';
import type { ImportKind } from '../imports/run-import.ts';

/**
 * Use cases that change a council's settings (issue 10: settings in the browser). Each runs in one
 * transaction that also writes its audit entry, and is called by the Settings pages (and could be
 * by the CLI). A change that cannot be made returns its problems, keyed by form field.
 */

/** Who is acting, for the audit log. */
export interface Actor {
  userId: number | null;
  email: string | null;
  ip?: string | null;
}

export type SettingsResult = { ok: true; summary: string } | { ok: false; problems: Record<string, string> };

async function audited(db: Db, actor: Actor, action: string, authorityCode: string, details: Record<string, unknown>, write: (trx: Db) => Promise<void>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await write(trx);
    await writeAudit(trx, { userId: actor.userId, userEmail: actor.email, action, authorityCode, details, ip: actor.ip ?? null });
  });
}

/**
 * Uses DfE's list for a model: the council's own (by its three-digit LA code) or, when `basis`
 * is given, another council's (the demo council borrows a real one of similar size). The list
 * replaces the neighbours named before, hand edits included.
 */
export async function chooseNeighbourModel(db: Db, input: { authorityCode: string; model: string; basis?: string | null }, actor: Actor): Promise<SettingsResult> {
  if (!(NEIGHBOUR_MODELS as readonly string[]).includes(input.model)) return { ok: false, problems: { model: `Select DfE’s ${NEIGHBOUR_MODELS.join(' or ')} model` } };
  const authority = await getAuthority(db, input.authorityCode);
  if (!authority) return { ok: false, problems: { model: `No authority with code "${input.authorityCode}"` } };
  const settings = await getSettings(db, authority.code);
  const basis = input.basis?.trim() || settings.neighbourBasis || authority.oldLaCode || (/^\d{3}$/.test(authority.code) ? authority.code : null);
  if (basis === null) return { ok: false, problems: { basis: 'Select the council whose DfE neighbours to use (this council has no DfE LA code)' } };
  const list = await neighbourList(db, input.model, basis);
  if (list.length === 0) return { ok: false, problems: { basis: `DfE’s ${input.model} model has no neighbours for LA code ${basis}` } };
  const codes = list.map((entry) => entry.neighbourCode);
  const ownBasis = basis === authority.oldLaCode || basis === authority.code;
  await audited(db, actor, 'settings.neighbour_model', authority.code, { model: input.model, basis, before: authority.neighbours, after: codes }, async (trx) => {
    await setNeighbours(trx, authority.code, codes);
    await saveSettings(trx, authority.code, { neighbourModel: input.model, neighbourBasis: ownBasis ? null : basis, neighboursEdited: false });
  });
  return { ok: true, summary: `Neighbours set from DfE’s ${input.model} model for ${list[0]!.laName} (${basis}).` };
}

/** Names the neighbours by hand (LA codes, nearest first); marks the list as edited. */
export async function editNeighbours(db: Db, input: { authorityCode: string; codes: string | readonly string[] }, actor: Actor): Promise<SettingsResult> {
  const authority = await getAuthority(db, input.authorityCode);
  if (!authority) return { ok: false, problems: { codes: `No authority with code "${input.authorityCode}"` } };
  const { codes, invalid } = parseNeighbourCodes(input.codes);
  if (invalid.length > 0)
    return {
      ok: false,
      problems: {
        codes: `${invalid.map((v) => `“${v}”`).join(', ')} ${invalid.length === 1 ? 'is not an LA code' : 'are not LA codes'}: use three-digit DfE codes such as 359, or ONS codes such as E08000010`,
      },
    };
  const own = new Set([authority.code, authority.oldLaCode, authority.newLaCode].filter((code): code is string => code !== null).map(normaliseLaCode));
  const kept = codes.filter((code) => !own.has(code));
  await audited(db, actor, 'settings.neighbours', authority.code, { before: authority.neighbours, after: kept }, async (trx) => {
    await setNeighbours(trx, authority.code, kept);
    await saveSettings(trx, authority.code, { neighboursEdited: true });
  });
  return { ok: true, summary: `${kept.length} neighbour${kept.length === 1 ? '' : 's'} named.` };
}

export const THRESHOLD_FIELDS = ['turnover_rate_fte', 'vacancy_rate_fte', 'caseload_fte'] as const;
export type ThresholdField = (typeof THRESHOLD_FIELDS)[number];

/** At-risk thresholds: each a number of 0 or more, or blank for the default. */
export async function setThresholds(db: Db, input: { authorityCode: string; values: Partial<Record<ThresholdField, unknown>> }, actor: Actor): Promise<SettingsResult> {
  const problems: Record<string, string> = {};
  const thresholds = {} as AuthoritySettings['thresholds'];
  for (const field of THRESHOLD_FIELDS) {
    const raw = String(input.values[field] ?? '')
      .trim()
      .replace(/%$/, '')
      .trim();
    if (raw === '') thresholds[field] = null;
    else if (!/^\d+(\.\d+)?$/.test(raw) || !Number.isFinite(Number(raw))) problems[field] = 'Enter a number of 0 or more, like 18 or 17.5, or leave it blank for the default';
    else thresholds[field] = Number(raw);
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const before = (await getSettings(db, input.authorityCode)).thresholds;
  await audited(db, actor, 'settings.thresholds', input.authorityCode, { before, after: thresholds }, (trx) => saveSettings(trx, input.authorityCode, { thresholds }));
  return { ok: true, summary: 'The at-risk thresholds have been saved.' };
}

/** Adds or replaces one local role name -> DfE role. */
export async function mapRole(db: Db, input: { authorityCode: string; localName: string; role: string }, actor: Actor): Promise<SettingsResult> {
  const problems: Record<string, string> = {};
  if (roleKey(input.localName) === '') problems.localName = 'Enter the role name as your HR system writes it, like “ASYE” or “Consultant Social Worker”';
  if (!(ROLE_CODES as readonly string[]).includes(input.role)) problems.role = 'Select the DfE role it counts as';
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  await audited(db, actor, 'settings.role_map.set', input.authorityCode, { localName: input.localName.trim(), role: input.role }, (trx) =>
    setRoleMapping(trx, input.authorityCode, input.localName, input.role as RoleCode),
  );
  return { ok: true, summary: `“${input.localName.trim()}” now counts as ${input.role}.` };
}

export async function unmapRole(db: Db, input: { authorityCode: string; localName: string }, actor: Actor): Promise<SettingsResult> {
  // Nothing removed, nothing audited: the transaction is rolled back when the name was not mapped.
  const removed = await db.transaction().execute(async (trx) => {
    if (!(await removeRoleMapping(trx, input.authorityCode, input.localName))) return false;
    await writeAudit(trx, {
      userId: actor.userId,
      userEmail: actor.email,
      action: 'settings.role_map.removed',
      authorityCode: input.authorityCode,
      details: { localName: input.localName },
      ip: actor.ip ?? null,
    });
    return true;
  });
  return removed ? { ok: true, summary: `“${input.localName}” has been removed from the role map.` } : { ok: false, problems: { localName: 'That name is not in the role map' } };
}

/** Adds or replaces one word of the council's HR system for a code ("Left - new job" -> resignation). */
export async function addCodeWord(db: Db, input: { authorityCode: string; list: string; word: string; code: string }, actor: Actor): Promise<SettingsResult> {
  const problems: Record<string, string> = {};
  const list = input.list as CodeListName;
  if (!(list in CODE_LISTS)) problems.choice = 'Select what the word means';
  if (wordKey(input.word) === '') problems.word = 'Enter the word as your HR system writes it, like “Left - new job”';
  if (!problems.choice && !(CODE_LISTS[list] as readonly string[]).includes(input.code)) problems.choice = 'Select what the word means';
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  await audited(db, actor, 'settings.code_words.set', input.authorityCode, { list, word: input.word.trim(), code: input.code }, (trx) =>
    setCodeWord(trx, input.authorityCode, { list, word: input.word.trim(), wordKey: wordKey(input.word), code: input.code }),
  );
  return { ok: true, summary: `“${input.word.trim()}” now reads as ${input.code}.` };
}

export async function deleteCodeWord(db: Db, input: { authorityCode: string; list: string; word: string }, actor: Actor): Promise<SettingsResult> {
  let removed = false;
  await audited(db, actor, 'settings.code_words.removed', input.authorityCode, { list: input.list, word: input.word }, async (trx) => {
    removed = await removeCodeWord(trx, input.authorityCode, input.list as CodeListName, wordKey(input.word));
  });
  return removed ? { ok: true, summary: `“${input.word}” has been removed.` } : { ok: false, problems: { word: 'That word is not in the list' } };
}

/**
 * Saves which column of the council's files is which field (chosen in the import page's mapping
 * step), so the next file with the same column names is read without asking. `choices` maps each
 * column as the file names it to a field, or '' to ignore it. Two columns for one field is refused.
 */
export async function saveColumnChoices(db: Db, input: { authorityCode: string; kind: ImportKind; choices: ReadonlyArray<{ header: string; field: string }> }, actor: Actor): Promise<SettingsResult> {
  const fields = (input.kind === 'workers' ? WORKER_FIELDS : VACANCY_FIELDS).map((spec) => spec.field as string);
  const problems: Record<string, string> = {};
  const seen = new Map<string, string>();
  input.choices.forEach((choice, index) => {
    if (choice.field === '') return;
    if (!fields.includes(choice.field)) problems[`column-${index + 1}`] = `Select a field from the list for “${choice.header}”`;
    else if (seen.has(choice.field)) problems[`column-${index + 1}`] = `“${seen.get(choice.field)}” and “${choice.header}” are both chosen as ${choice.field}: choose one`;
    else seen.set(choice.field, choice.header);
  });
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const entries = input.choices.filter((choice) => headerKey(choice.header) !== '').map((choice) => ({ headerKey: headerKey(choice.header), header: choice.header, field: choice.field }));
  await audited(db, actor, 'settings.column_map', input.authorityCode, { kind: input.kind, columns: Object.fromEntries(entries.map((e) => [e.header, e.field || '(ignored)'])) }, (trx) =>
    saveColumnMap(trx, input.authorityCode, input.kind, entries),
  );
  return { ok: true, summary: `Your column choices are saved: the next ${input.kind} file with these column names is read the same way.` };
}

export async function forgetColumnChoices(db: Db, input: { authorityCode: string; kind: ImportKind }, actor: Actor): Promise<SettingsResult> {
  await audited(db, actor, 'settings.column_map.cleared', input.authorityCode, { kind: input.kind }, (trx) => clearColumnMap(trx, input.authorityCode, input.kind));
  return { ok: true, summary: `The saved column choices for ${input.kind} files have been cleared.` };
}

export type { NeighbourModel };
