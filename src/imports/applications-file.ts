import { normaliseCodeText, ROLE_CODES, type RoleCode } from '../domain/codes.ts';
import { LOSS_REASONS, OFFER_OUTCOMES, ROUTES, SOURCES, STAGES, type Application, type Stage } from '../domain/recruitment.ts';
import { resolveRole } from '../domain/roles.ts';
import { rowReaders } from './file-rows.ts';
import { matchHeaders, type FieldSpec } from './headers.ts';
import type { Problem } from './problems.ts';
import { readTable, type Table } from './read-table.ts';
import { cellText, parseDate, parseYesNo, type Cell, type Parsed } from './values.ts';
import { unreadable, type ParsedFile, type ReadWorkersOptions } from './workers-file.ts';

/**
 * The `applications` file (shared/spec/retention-data.md section 3): one row per application.
 *
 * Beyond the columns' own rules, these are errors (nothing is imported): an offer outcome
 * without an offer date; a start date before the applied date; a required-when value missing
 * (offer_date and offer_outcome when the stage is offered or later, accepted_date when the
 * outcome is accepted, start_date when the stage is started, withdrawal_reason when withdrawn
 * or declined).
 */

export const APPLICATION_FIELDS = [
  { field: 'application_id', required: true, synonyms: ['application', 'application ref', 'candidate application id'] },
  { field: 'campaign', required: true, synonyms: ['advert', 'advert ref', 'campaign ref', 'vacancy ref'] },
  { field: 'role', required: true, synonyms: ['job role', 'post'] },
  { field: 'team', required: false, synonyms: [] },
  { field: 'advert_date', required: true, synonyms: ['advertised', 'date advertised'] },
  { field: 'applied_date', required: true, synonyms: ['application date', 'date applied'] },
  { field: 'stage_reached', required: true, synonyms: ['stage'] },
  { field: 'offer_date', required: false, synonyms: [] },
  { field: 'offer_outcome', required: false, synonyms: [] },
  { field: 'accepted_date', required: false, synonyms: ['acceptance date'] },
  { field: 'start_date', required: false, synonyms: [] },
  { field: 'withdrawn', required: false, synonyms: [] },
  { field: 'withdrawal_reason', required: false, synonyms: ['reason'] },
  { field: 'source', required: false, synonyms: [] },
  { field: 'route', required: false, synonyms: [] },
] as const satisfies readonly FieldSpec[];
export type ApplicationField = (typeof APPLICATION_FIELDS)[number]['field'];

/** A code from a list, matched ignoring case and surrounding spaces (spaces or hyphens inside read as `_`). */
export function codeOf<T extends string>(list: readonly T[], what: string): (cell: Cell) => Parsed<T> {
  return (cell) => {
    const key = normaliseCodeText(cellText(cell));
    const found = list.find((code) => code === key);
    return found ? { ok: true, value: found } : { ok: false, message: `"${cellText(cell)}" is not a ${what}: use one of ${list.join(', ')}` };
  };
}

const OFFERED_OR_LATER: ReadonlySet<Stage> = new Set(['offered', 'accepted', 'started']);

export async function readApplicationsFile(fileName: string, bytes: Uint8Array, options: ReadWorkersOptions = {}): Promise<ParsedFile<Application>> {
  const read = await readTable(bytes, fileName, { sheet: options.sheet });
  if (!read.ok) return unreadable(fileName, read.message);
  return validateApplications(fileName, read.table, options.roleMap ?? new Map());
}

export function validateApplications(fileName: string, table: Table, roleMap: ReadonlyMap<string, RoleCode>): ParsedFile<Application> {
  const match = matchHeaders<ApplicationField>(fileName, table.header, table.headerRow, APPLICATION_FIELDS);
  const base = { fileName, format: table.format, sheet: table.sheet, rowCount: table.rows.length, mapping: match.mapping, missingOptional: match.missingOptional, warnings: match.warnings };
  if (match.problems.length > 0) return { ...base, records: [], rows: [], problems: match.problems };
  const records: Application[] = [];
  const rows: number[] = [];
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  const readRow = rowReaders(fileName, table.header, match);
  for (const tableRow of table.rows) {
    const r = readRow(tableRow);
    const required = <T>(field: ApplicationField, parser: (cell: Cell) => Parsed<T>): T | undefined => {
      const value = r.parse(field, parser);
      if (value === null) r.fail(field, `${field} is required`);
      return value ?? undefined;
    };
    const requiredText = (field: ApplicationField): string | null => {
      const value = r.text(field);
      if (value === null) r.fail(field, `${field} is required`);
      return value;
    };
    const applicationId = requiredText('application_id');
    const campaign = requiredText('campaign');
    let role: { role: RoleCode; localRole: string | null } | undefined;
    const roleText = requiredText('role');
    if (roleText !== null) {
      role = resolveRole(roleText, roleMap);
      if (!role) r.fail('role', `"${roleText}" is not a known role: use a role code (${ROLE_CODES.join(', ')}), a DfE OrgRole number 1-6, or add the name to the role map`);
    }
    const advertDate = required('advert_date', parseDate);
    const appliedDate = required('applied_date', parseDate);
    const stage = required('stage_reached', codeOf(STAGES, 'stage'));
    const offerDate = r.parse('offer_date', parseDate);
    const offerOutcome = r.parse('offer_outcome', codeOf(OFFER_OUTCOMES, 'offer outcome'));
    const acceptedDate = r.parse('accepted_date', parseDate);
    const startDate = r.parse('start_date', parseDate);
    const withdrawn = r.parse('withdrawn', parseYesNo);
    const withdrawalReason = r.parse('withdrawal_reason', codeOf(LOSS_REASONS, 'withdrawal reason'));
    const source = r.parse('source', codeOf(SOURCES, 'source'));
    const route = r.parse('route', codeOf(ROUTES, 'route'));

    if (offerOutcome && offerDate === null) r.fail('offer_outcome', `offer_outcome ${offerOutcome} needs an offer_date`);
    if (stage && OFFERED_OR_LATER.has(stage)) {
      if (offerDate === null) r.fail('offer_date', `offer_date is required when stage_reached is ${stage}`);
      if (offerOutcome === null) r.fail('offer_outcome', `offer_outcome is required when stage_reached is ${stage}`);
    }
    if (offerOutcome === 'accepted' && acceptedDate === null) r.fail('accepted_date', 'accepted_date is required when offer_outcome is accepted');
    if (stage === 'started' && startDate === null) r.fail('start_date', 'start_date is required when stage_reached is started');
    if (startDate && appliedDate && startDate < appliedDate) r.fail('start_date', `start_date ${startDate} is before applied_date ${appliedDate}`);
    if ((withdrawn === true || offerOutcome === 'declined') && withdrawalReason === null) {
      r.fail('withdrawal_reason', `withdrawal_reason is required when ${withdrawn === true ? 'the candidate withdrew' : 'the offer was declined'} (use not_known if nobody asked)`);
    }
    if (applicationId !== null) {
      const earlier = seen.get(applicationId);
      if (earlier !== undefined) r.fail('application_id', `application ${applicationId} is also on row ${earlier}; each application needs its own id`);
      else seen.set(applicationId, r.row);
    }
    if (r.problems.length > 0) {
      problems.push(...r.problems);
      continue;
    }
    records.push({
      applicationId: applicationId!,
      campaign: campaign!,
      role: role!.role,
      localRole: role!.localRole,
      team: r.text('team'),
      advertDate: advertDate!,
      appliedDate: appliedDate!,
      stageReached: stage!,
      offerDate: offerDate ?? null,
      offerOutcome: offerOutcome ?? null,
      acceptedDate: acceptedDate ?? null,
      startDate: startDate ?? null,
      withdrawn: withdrawn ?? false,
      withdrawalReason: withdrawalReason ?? null,
      source: source ?? null,
      route: route ?? null,
    });
    rows.push(r.row);
  }
  return { ...base, records, rows, problems };
}
