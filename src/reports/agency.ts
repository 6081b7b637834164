import { assignmentsForAuthority, priceCapsForAuthority } from '../db/agency.ts';
import type { Db } from '../db/database.ts';
import { councilWorkers } from './metrics.ts';
import {
  agencyFigures,
  countAssignments,
  DEFAULT_ON_COST_RATE,
  quarterlyReturn,
  spendByMonth,
  type AgencyFigures,
  type CountedAssignment,
  type Period,
  type PriceCap,
  type QuarterlyReturnRow,
} from '../domain/agency.ts';
import type { Table } from './tables.ts';

/**
 * Agency figures for one council and period, read once and shared by the CLI (`retain agency`),
 * the agency page, findings and packs, so they cannot disagree.
 */

export interface AgencyReport {
  period: Period;
  onCostRate: number;
  figures: AgencyFigures;
  /** Each assignment counted in the period, with its cost and compliance checks (row data: analysts only). */
  counted: CountedAssignment[];
  months: Array<{ month: string; agency_spend: number; fte_average: number }>;
  caps: PriceCap[];
}

export async function agencyReport(db: Db, authorityCode: string, period: Period, onCostRate = DEFAULT_ON_COST_RATE): Promise<AgencyReport> {
  const [assignments, caps, workers] = await Promise.all([assignmentsForAuthority(db, authorityCode), priceCapsForAuthority(db, authorityCode), councilWorkers(db, authorityCode)]);
  const input = { assignments, caps, workers, period, onCostRate };
  const counted = countAssignments(input);
  return { period, onCostRate, figures: agencyFigures(input), counted, months: spendByMonth(counted, period), caps };
}

/** `retain agency --json`: exactly the contract's fields. */
export async function agencyFiguresFor(db: Db, authorityCode: string, period: Period, onCostRate = DEFAULT_ON_COST_RATE): Promise<AgencyFigures> {
  return (await agencyReport(db, authorityCode, period, onCostRate)).figures;
}

export const RETURN_COLUMNS: ReadonlyArray<{ key: keyof QuarterlyReturnRow & string; label: string }> = [
  { key: 'assignment_id', label: 'assignment_id' },
  { key: 'worker_ref', label: 'worker_ref' },
  { key: 'role', label: 'role' },
  { key: 'local_role', label: 'local_role' },
  { key: 'team', label: 'team' },
  { key: 'agency', label: 'agency' },
  { key: 'pqe_years', label: 'pqe_years' },
  { key: 'hourly_rate', label: 'hourly_rate' },
  { key: 'cap', label: 'cap' },
  { key: 'over_cap', label: 'over_cap' },
  { key: 'over_cap_approved', label: 'over_cap_approved' },
  { key: 'project_team', label: 'project_team' },
  { key: 'start_date', label: 'start_date' },
  { key: 'end_date', label: 'end_date' },
];

/** The quarterly agency return as a table (CSV or XLSX through reports/tables.ts); yes/no as words. */
export async function quarterlyReturnTable(db: Db, authorityCode: string, quarterName: string, quarter: Period): Promise<Table<Record<string, unknown>>> {
  const [assignments, caps] = await Promise.all([assignmentsForAuthority(db, authorityCode), priceCapsForAuthority(db, authorityCode)]);
  const yesNo = (value: boolean) => (value ? 'yes' : 'no');
  const rows = quarterlyReturn(assignments, caps, quarter).map((row) => ({
    ...row,
    over_cap: yesNo(row.over_cap),
    over_cap_approved: yesNo(row.over_cap_approved),
    project_team: yesNo(row.project_team),
  }));
  return { title: `Agency return ${quarterName}`, columns: RETURN_COLUMNS, rows };
}
