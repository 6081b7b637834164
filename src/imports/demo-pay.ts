import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { listImports } from '../db/imports.ts';
import { listScenarios } from '../db/pay.ts';
import { saveScenario } from '../commands/scenarios.ts';
import { formatProblem } from './problems.ts';
import { importPayScales, importSupplements } from './run-pay-import.ts';

/**
 * Pay data for the demo council, loaded through the real imports: its own scales for 2024 and
 * 2025 (the grades its workers file uses), five neighbours' scales (synthetic figures filed under
 * real North West LA codes, and said to be synthetic in `source`), a market supplement for social
 * workers, and one saved invest-to-save scenario. Re-running changes nothing.
 */

/** Maxima of each comparator for 2025, per local role: the demo pays social workers and IROs below the middle of the market. */
const COMPARATORS: ReadonlyArray<readonly [string, Record<string, number>]> = [
  ['350', { 'Social Worker': 44_500, 'Senior Practitioner': 48_900, 'Team Manager': 58_200, IRO: 52_400 }],
  ['351', { 'Social Worker': 45_800, 'Senior Practitioner': 49_600, 'Team Manager': 57_100, IRO: 51_700 }],
  ['354', { 'Social Worker': 43_900, 'Senior Practitioner': 47_800, 'Team Manager': 56_400, IRO: 50_900 }],
  ['356', { 'Social Worker': 46_300, 'Senior Practitioner': 50_200, 'Team Manager': 59_000, IRO: 53_100 }],
  ['Regional agency-to-permanent benchmark', { 'Social Worker': 45_000, 'Senior Practitioner': 49_000 }],
];

/** The demo council's own scales (grade, 2025 min and max), matching its workers file. */
const OWN: ReadonlyArray<readonly [string, string, number, number]> = [
  ['ASYE', 'SW1', 33_000, 35_500],
  ['Social Worker', 'SW2', 37_500, 43_000],
  ['Senior Practitioner', 'SW3', 43_000, 47_500],
  ['Advanced Practitioner', 'SW4', 47_000, 51_000],
  ['IRO', 'SW4', 46_000, 50_500],
  ['Team Manager', 'M1', 51_000, 57_000],
  ['Service Manager', 'M2', 61_000, 68_000],
];

export function demoPayScalesCsv(authorityCode: string): string {
  const lines = ['authority,role,grade,min_salary,max_salary,effective_from,source'];
  for (const [role, grade, min, max] of OWN) {
    // 2024 scales: the 2025 ones before that April's 3.2% award.
    lines.push(`${authorityCode},${role},${grade},${Math.round(min / 1.032 / 10) * 10},${Math.round(max / 1.032 / 10) * 10},2024-04-01,Northbridge pay policy 2024 (synthetic)`);
    lines.push(`${authorityCode},${role},${grade},${min},${max},2025-04-01,Northbridge pay policy 2025 (synthetic)`);
  }
  for (const [authority, maxima] of COMPARATORS) {
    for (const [role, max] of Object.entries(maxima)) lines.push(`${authority},${role},Top of range,${Math.round((max * 0.82) / 10) * 10},${max},2025-04-01,Synthetic comparator figure for the demo`);
  }
  return `${lines.join('\n')}\n`;
}

export const DEMO_SUPPLEMENTS_CSV = 'role,amount_per_year,from,to\nSocial Worker,1500,2024-10-01,\n';

/** The saved scenario the demo shows: a pay uplift and retention payments for case holders, and a two-year academy package. */
export const DEMO_SCENARIO = {
  name: 'Case holder pay and retention package',
  description: 'Bring social workers towards the neighbours’ median, pay a two-year retention payment, and fund an academy and practice supervisors from reserves (£200k then £519k).',
  baseline_year: 2025,
  years: 5,
  // Assumed until the council's agency assignments are loaded (then leave it out to use theirs).
  agency_premium_per_fte_year: 32_000,
  levers: [
    { kind: 'pay_uplift', role: 'Social Worker', percent: 2, reduction_points: { low: 0.5, central: 1.5, high: 2.5 } },
    {
      kind: 'retention_payment',
      amount: 2000,
      eligible_headcount: 80,
      years: [1, 2],
      eligibility: 'Case holders with two years’ service or more',
      clawback_months: 12,
      reduction_points: { low: 0.5, central: 1, high: 1.5 },
    },
    { kind: 'fixed', name: 'Social work academy and practice supervisors', cost_by_year: [200_000, 519_000], reduction_points: { low: 1, central: 2, high: 3 } },
  ],
};

export async function loadDemoPay(db: Db, authorityCode: string): Promise<void> {
  const history = await listImports(db, authorityCode);
  const load = async (kind: 'pay_scales' | 'supplements', fileName: string, text: string) => {
    const checksum = createHash('sha256').update(text).digest('hex');
    if (history.find((entry) => entry.kind === kind)?.checksumSha256 === checksum) return;
    const result = await (kind === 'pay_scales' ? importPayScales : importSupplements)(db, { authorityCode, fileName, bytes: text, importedBy: 'demo' });
    if (!result.ok) throw new Error(`The demo ${fileName} did not import: ${result.problems.slice(0, 3).map(formatProblem).join('; ')}`);
  };
  await load('pay_scales', 'northbridge-pay-scales.csv', demoPayScalesCsv(authorityCode));
  await load('supplements', 'northbridge-supplements.csv', DEMO_SUPPLEMENTS_CSV);
  if ((await listScenarios(db, authorityCode)).length === 0) {
    const saved = await saveScenario(db, { authorityCode, name: DEMO_SCENARIO.name, json: DEMO_SCENARIO }, { userId: null, email: 'demo' });
    if (!saved.ok) throw new Error(`The demo scenario did not save: ${saved.problems.join('; ')}`);
  }
}
