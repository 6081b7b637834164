import type { AgencyAssignment, PriceCap } from '../domain/agency.ts';
import { STANDARD_HOURS_PER_WEEK } from '../domain/agency.ts';
import { ROLE_CODES, type RoleCode } from '../domain/codes.ts';
import { resolveRole, roleKey } from '../domain/roles.ts';
import { rowReaders } from './file-rows.ts';
import { matchHeaders, type FieldSpec } from './headers.ts';
import type { Problem } from './problems.ts';
import { readTable, type Table } from './read-table.ts';
import { parseDate, parseDecimal, parseYesNo, type Cell, type Parsed } from './values.ts';
import { unreadable, type ParsedFile, type ReadWorkersOptions } from './workers-file.ts';

/**
 * The `agency` and `price-caps` files (shared/spec/retention-data.md section 2).
 *
 * Choices where the contract is silent:
 * - A role is read as in the workers file (code, DfE number or local name through the role map);
 *   the name as written is kept, because price caps may be set per local role name.
 * - hours_per_week must be more than 0 and at most 60 (a week of more is almost always a typing slip).
 * - end_date may equal start_date (a one-day assignment); before it is a problem.
 * - A price-cap role that is a role code (or its DfE number, or the code written with spaces)
 *   caps the code; any other known role name caps that local name only.
 */

export const AGENCY_FIELDS = [
  { field: 'assignment_id', required: true, synonyms: ['assignment', 'assignment ref', 'assignment reference', 'booking id'] },
  { field: 'worker_ref', required: true, synonyms: ['worker reference', 'candidate ref', 'candidate id'] },
  { field: 'swe_number', required: false, synonyms: ['swe registration', 'registration number'] },
  { field: 'agency', required: true, synonyms: ['supplier', 'agency name'] },
  { field: 'role', required: true, synonyms: ['job role', 'post'] },
  { field: 'team', required: false, synonyms: [] },
  { field: 'start_date', required: true, synonyms: ['assignment start'] },
  { field: 'end_date', required: false, synonyms: ['assignment end'] },
  { field: 'hourly_rate', required: true, synonyms: ['charge rate', 'rate per hour'] },
  { field: 'hours_per_week', required: false, synonyms: ['weekly hours'] },
  { field: 'covering_vacancy', required: false, synonyms: [] },
  { field: 'project_team', required: false, synonyms: [] },
  { field: 'qualified_date', required: false, synonyms: ['qualification date'] },
  { field: 'over_cap_approved', required: false, synonyms: [] },
] as const satisfies readonly FieldSpec[];
export type AgencyField = (typeof AGENCY_FIELDS)[number]['field'];

export const PRICE_CAP_FIELDS = [
  { field: 'role', required: true, synonyms: ['job role'] },
  { field: 'effective_from', required: true, synonyms: ['from'] },
  { field: 'max_hourly_rate', required: true, synonyms: ['cap', 'max rate', 'maximum hourly rate'] },
] as const satisfies readonly FieldSpec[];
export type PriceCapField = (typeof PRICE_CAP_FIELDS)[number]['field'];

const MAX_HOURS_PER_WEEK = 60;

function roleProblem(text: string): string {
  return `"${text}" is not a known role: use a role code (${ROLE_CODES.join(', ')}), a DfE OrgRole number 1-6, or add the name to the role map`;
}

function base(fileName: string, table: Table, match: { mapping: ParsedFile<unknown>['mapping']; missingOptional: string[]; warnings: string[] }) {
  return { fileName, format: table.format, sheet: table.sheet, rowCount: table.rows.length, mapping: match.mapping, missingOptional: match.missingOptional, warnings: match.warnings };
}

export async function readAgencyFile(fileName: string, bytes: Uint8Array, options: ReadWorkersOptions = {}): Promise<ParsedFile<AgencyAssignment>> {
  const read = await readTable(bytes, fileName, { sheet: options.sheet });
  if (!read.ok) return unreadable(fileName, read.message);
  return validateAgency(fileName, read.table, options.roleMap ?? new Map());
}

export function validateAgency(fileName: string, table: Table, roleMap: ReadonlyMap<string, RoleCode>): ParsedFile<AgencyAssignment> {
  const match = matchHeaders<AgencyField>(fileName, table.header, table.headerRow, AGENCY_FIELDS);
  if (match.problems.length > 0) return { ...base(fileName, table, match), records: [], rows: [], problems: match.problems };
  const records: AgencyAssignment[] = [];
  const rows: number[] = [];
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  const readRow = rowReaders(fileName, table.header, match);
  for (const tableRow of table.rows) {
    const r = readRow(tableRow);
    const required = <T>(field: AgencyField, parser: (cell: Cell) => Parsed<T>): T | undefined => {
      const value = r.parse(field, parser);
      if (value === null) r.fail(field, `${field} is required`);
      return value ?? undefined;
    };
    const requiredText = (field: AgencyField): string | null => {
      const value = r.text(field);
      if (value === null) r.fail(field, `${field} is required`);
      return value;
    };
    const assignmentId = requiredText('assignment_id');
    const workerRef = requiredText('worker_ref');
    const agency = requiredText('agency');
    let role: { role: RoleCode; localRole: string | null } | undefined;
    const roleText = requiredText('role');
    if (roleText !== null) {
      role = resolveRole(roleText, roleMap);
      if (!role) r.fail('role', roleProblem(roleText));
    }
    const startDate = required('start_date', parseDate);
    const endDate = r.parse('end_date', parseDate);
    if (startDate !== undefined && endDate && endDate < startDate) r.fail('end_date', `end_date ${endDate} is before start_date ${startDate}`);
    const hourlyRate = required('hourly_rate', parseDecimal);
    if (hourlyRate !== undefined && !(hourlyRate > 0)) r.fail('hourly_rate', `hourly_rate ${hourlyRate} must be more than 0 (pounds an hour charged to the council)`);
    const hoursPerWeek = r.parse('hours_per_week', parseDecimal);
    if (typeof hoursPerWeek === 'number' && !(hoursPerWeek > 0 && hoursPerWeek <= MAX_HOURS_PER_WEEK)) {
      r.fail('hours_per_week', `hours_per_week ${hoursPerWeek} must be more than 0 and at most ${MAX_HOURS_PER_WEEK}`);
    }
    const coveringVacancy = r.parse('covering_vacancy', parseYesNo);
    const projectTeam = r.parse('project_team', parseYesNo);
    const qualifiedDate = r.parse('qualified_date', parseDate);
    const overCapApproved = r.parse('over_cap_approved', parseYesNo);
    if (assignmentId !== null) {
      const earlier = seen.get(assignmentId);
      if (earlier !== undefined) r.fail('assignment_id', `assignment ${assignmentId} is also on row ${earlier}; each assignment needs its own id`);
      else seen.set(assignmentId, r.row);
    }
    if (r.problems.length > 0) {
      problems.push(...r.problems);
      continue;
    }
    records.push({
      assignmentId: assignmentId!,
      workerRef: workerRef!,
      sweNumber: r.text('swe_number'),
      agency: agency!,
      role: role!.role,
      localRole: role!.localRole,
      team: r.text('team'),
      startDate: startDate!,
      endDate: endDate ?? null,
      hourlyRate: hourlyRate!,
      hoursPerWeek: hoursPerWeek ?? STANDARD_HOURS_PER_WEEK,
      coveringVacancy: coveringVacancy ?? null,
      projectTeam: projectTeam ?? null,
      qualifiedDate: qualifiedDate ?? null,
      overCapApproved: overCapApproved ?? null,
    });
    rows.push(r.row);
  }
  return { ...base(fileName, table, match), records, rows, problems };
}

/** A cap's role: a code (its DfE number, or the code written loosely) caps the code; a known local name caps that name. */
export function capRole(text: string, roleMap: ReadonlyMap<string, RoleCode>): { roleCode: RoleCode | null } | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const code = ROLE_CODES[Number(trimmed) - 1];
    return code ? { roleCode: code } : undefined;
  }
  const code = ROLE_CODES.find((c) => roleKey(c) === roleKey(trimmed));
  if (code) return { roleCode: code };
  return resolveRole(trimmed, roleMap) ? { roleCode: null } : undefined;
}

export async function readPriceCapsFile(fileName: string, bytes: Uint8Array, options: ReadWorkersOptions = {}): Promise<ParsedFile<PriceCap>> {
  const read = await readTable(bytes, fileName, { sheet: options.sheet });
  if (!read.ok) return unreadable(fileName, read.message);
  return validatePriceCaps(fileName, read.table, options.roleMap ?? new Map());
}

export function validatePriceCaps(fileName: string, table: Table, roleMap: ReadonlyMap<string, RoleCode>): ParsedFile<PriceCap> {
  const match = matchHeaders<PriceCapField>(fileName, table.header, table.headerRow, PRICE_CAP_FIELDS);
  if (match.problems.length > 0) return { ...base(fileName, table, match), records: [], rows: [], problems: match.problems };
  const records: PriceCap[] = [];
  const rows: number[] = [];
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  const readRow = rowReaders(fileName, table.header, match);
  for (const tableRow of table.rows) {
    const r = readRow(tableRow);
    const roleText = r.text('role');
    let resolved: { roleCode: RoleCode | null } | undefined;
    if (roleText === null) r.fail('role', 'role is required');
    else {
      resolved = capRole(roleText, roleMap);
      if (!resolved) r.fail('role', roleProblem(roleText));
    }
    const effectiveFrom = r.parse('effective_from', parseDate);
    if (effectiveFrom === null) r.fail('effective_from', 'effective_from is required');
    const max = r.parse('max_hourly_rate', parseDecimal);
    if (max === null) r.fail('max_hourly_rate', 'max_hourly_rate is required');
    else if (typeof max === 'number' && !(max > 0)) r.fail('max_hourly_rate', `max_hourly_rate ${max} must be more than 0`);
    if (roleText !== null && resolved && effectiveFrom) {
      const key = `${resolved.roleCode ?? roleKey(roleText)}\u0000${effectiveFrom}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) r.fail('role', `a cap for ${roleText} from ${effectiveFrom} is also on row ${earlier}`);
      else seen.set(key, r.row);
    }
    if (r.problems.length > 0) {
      problems.push(...r.problems);
      continue;
    }
    records.push({ role: resolved!.roleCode ?? roleText!, roleCode: resolved!.roleCode, effectiveFrom: effectiveFrom!, maxHourlyRate: max! });
    rows.push(r.row);
  }
  return { ...base(fileName, table, match), records, rows, problems };
}
