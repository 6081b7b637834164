import { ROLE_CODES, type RoleCode } from '../domain/codes.ts';
import { authorityKey, type PayScaleRecord, type PaySupplementRecord } from '../domain/pay.ts';
import { resolveRole, roleKey } from '../domain/roles.ts';
import { rowReader, type RowReader } from './file-rows.ts';
import { matchHeaders, type FieldSpec } from './headers.ts';
import type { Problem } from './problems.ts';
import { readTable, type Table } from './read-table.ts';
import { parseDate, parseDecimal, type Cell, type Parsed } from './values.ts';
import { unreadable, type ParsedFile, type ReadFileOptions } from './workers-file.ts';

/**
 * The `pay-scales` and `supplements` files (retention-data.md section 6), read and validated like
 * the workers file: every problem as file:row:column, a file with any problem imports nothing.
 *
 * Choices where the contract is silent:
 * - `grade` may be empty (a comparator that publishes one range for a role); it is then ''.
 * - A supplement's `amount_per_year` may be 0 (recorded, adds nothing); `to` is its last day.
 * - Roles are read through the importing council's role map, as in its workers file.
 */

export const PAY_SCALE_FIELDS = [
  { field: 'authority', required: true, synonyms: ['council', 'comparator', 'employer'] },
  { field: 'role', required: true, synonyms: ['job role', 'post'] },
  { field: 'grade', required: false, synonyms: [] },
  { field: 'min_salary', required: true, synonyms: ['minimum salary', 'salary min'] },
  { field: 'max_salary', required: true, synonyms: ['maximum salary', 'salary max'] },
  { field: 'effective_from', required: true, synonyms: ['effective date'] },
  { field: 'source', required: false, synonyms: [] },
] as const satisfies readonly FieldSpec[];
type PayScaleField = (typeof PAY_SCALE_FIELDS)[number]['field'];

export const SUPPLEMENT_FIELDS = [
  { field: 'role', required: true, synonyms: ['job role', 'post'] },
  { field: 'amount_per_year', required: true, synonyms: ['amount', 'supplement'] },
  { field: 'from', required: true, synonyms: ['from date', 'start date'] },
  { field: 'to', required: false, synonyms: ['to date', 'end date'] },
] as const satisfies readonly FieldSpec[];
type SupplementField = (typeof SUPPLEMENT_FIELDS)[number]['field'];

export interface ReadPayOptions extends ReadFileOptions {
  roleMap?: ReadonlyMap<string, RoleCode> | undefined;
}

export async function readPayScalesFile(fileName: string, bytes: Uint8Array, options: ReadPayOptions = {}): Promise<ParsedFile<PayScaleRecord>> {
  const read = await readTable(bytes, fileName, { sheet: options.sheet });
  if (!read.ok) return unreadable(fileName, read.message);
  return validatePayScales(fileName, read.table, options.roleMap ?? new Map());
}

export async function readSupplementsFile(fileName: string, bytes: Uint8Array, options: ReadPayOptions = {}): Promise<ParsedFile<PaySupplementRecord>> {
  const read = await readTable(bytes, fileName, { sheet: options.sheet });
  if (!read.ok) return unreadable(fileName, read.message);
  return validateSupplements(fileName, read.table, options.roleMap ?? new Map());
}

function required<F extends string, T>(r: RowReader<F>, field: F, parser: (cell: Cell) => Parsed<T>): T | undefined {
  const value = r.parse(field, parser);
  if (value === null) r.fail(field, `${field} is required`);
  return value ?? undefined;
}

function role<F extends string>(r: RowReader<F>, field: F, roleMap: ReadonlyMap<string, RoleCode>): { role: RoleCode; localRole: string | null; roleKey: string } | undefined {
  const text = r.text(field);
  if (text === null) {
    r.fail(field, `${field} is required`);
    return undefined;
  }
  const resolved = resolveRole(text, roleMap);
  if (!resolved) {
    r.fail(field, `"${text}" is not a known role: use a role code (${ROLE_CODES.join(', ')}), a DfE OrgRole number 1-6, or add the name to the role map`);
    return undefined;
  }
  return { ...resolved, roleKey: roleKey(text) };
}

function salary<F extends string>(r: RowReader<F>, field: F): number | undefined {
  const value = required(r, field, parseDecimal);
  if (value !== undefined && !(value > 0)) {
    r.fail(field, `${field} ${value} must be more than 0 (pounds a year, full time)`);
    return undefined;
  }
  return value;
}

export function validatePayScales(fileName: string, table: Table, roleMap: ReadonlyMap<string, RoleCode>): ParsedFile<PayScaleRecord> {
  const match = matchHeaders<PayScaleField>(fileName, table.header, table.headerRow, PAY_SCALE_FIELDS);
  const base = { fileName, format: table.format, sheet: table.sheet, rowCount: table.rows.length, mapping: match.mapping, missingOptional: match.missingOptional, warnings: match.warnings };
  if (match.problems.length > 0) return { ...base, records: [], rows: [], problems: match.problems };
  const records: PayScaleRecord[] = [];
  const rows: number[] = [];
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  for (const tableRow of table.rows) {
    const r = rowReader(fileName, table.header, match, tableRow);
    const authority = r.text('authority');
    if (authority === null) r.fail('authority', 'authority is required (a council code, or a comparator’s name)');
    const resolved = role(r, 'role', roleMap);
    const grade = r.text('grade') ?? '';
    const min = salary(r, 'min_salary');
    const max = salary(r, 'max_salary');
    if (min !== undefined && max !== undefined && max < min) r.fail('max_salary', `max_salary ${max} is below min_salary ${min}`);
    const effectiveFrom = required(r, 'effective_from', parseDate);
    if (authority !== null && resolved && effectiveFrom !== undefined) {
      const key = [authorityKey(authority), resolved.roleKey, grade, effectiveFrom].join('\u0000');
      const earlier = seen.get(key);
      if (earlier !== undefined) r.fail('effective_from', `${authority}, ${r.text('role')}, grade "${grade}" from ${effectiveFrom} is also on row ${earlier}`);
      else seen.set(key, r.row);
    }
    if (r.problems.length > 0) {
      problems.push(...r.problems);
      continue;
    }
    records.push({
      scaleAuthority: authority!,
      role: resolved!.role,
      roleKey: resolved!.roleKey,
      localRole: resolved!.localRole,
      grade,
      minSalary: min!,
      maxSalary: max!,
      effectiveFrom: effectiveFrom!,
      source: r.text('source'),
    });
    rows.push(r.row);
  }
  return { ...base, records, rows, problems };
}

export function validateSupplements(fileName: string, table: Table, roleMap: ReadonlyMap<string, RoleCode>): ParsedFile<PaySupplementRecord> {
  const match = matchHeaders<SupplementField>(fileName, table.header, table.headerRow, SUPPLEMENT_FIELDS);
  const base = { fileName, format: table.format, sheet: table.sheet, rowCount: table.rows.length, mapping: match.mapping, missingOptional: match.missingOptional, warnings: match.warnings };
  if (match.problems.length > 0) return { ...base, records: [], rows: [], problems: match.problems };
  const records: PaySupplementRecord[] = [];
  const rows: number[] = [];
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  for (const tableRow of table.rows) {
    const r = rowReader(fileName, table.header, match, tableRow);
    const resolved = role(r, 'role', roleMap);
    const amount = required(r, 'amount_per_year', parseDecimal);
    if (amount !== undefined && amount < 0) r.fail('amount_per_year', `amount_per_year ${amount} cannot be negative`);
    const from = required(r, 'from', parseDate);
    const to = r.parse('to', parseDate);
    if (from !== undefined && to && to < from) r.fail('to', `to ${to} is before from ${from}`);
    if (resolved && from !== undefined) {
      const key = `${resolved.roleKey}\u0000${from}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) r.fail('from', `a supplement for ${r.text('role')} from ${from} is also on row ${earlier}`);
      else seen.set(key, r.row);
    }
    if (r.problems.length > 0) {
      problems.push(...r.problems);
      continue;
    }
    records.push({ role: resolved!.role, roleKey: resolved!.roleKey, localRole: resolved!.localRole, amountPerYear: amount!, from: from!, to: to ?? null });
    rows.push(r.row);
  }
  return { ...base, records, rows, problems };
}
