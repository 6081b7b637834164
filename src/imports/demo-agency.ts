import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { listImports } from '../db/imports.ts';
import { addDays } from '../domain/agency.ts';
import type { WorkerRecord } from '../domain/workforce.ts';
import { mulberry32, type GeneratedCouncil } from './demo-council.ts';
import { formatProblem } from './problems.ts';
import { importAgency, importApplications, importPriceCaps } from './run-agency-import.ts';

/**
 * The demo council's agency assignments, the region's price caps and a year of recruitment
 * applications, generated from the council's own records (each agency worker record becomes an
 * assignment with the same SWE number, role, team and dates) and loaded through the real imports.
 * A few cases are planted so the compliance checks have something to show: rates over the cap,
 * workers under 3 years qualified, two returns within 3 months of resigning (and one after a
 * redundancy, which is exempt), and conversions to permanent posts.
 */

const AGENCIES = ['Northern Locums', 'Sanctuary Personnel', 'Hays Social Care', 'Liquid Personnel', 'Charles Hunter Associates'] as const;

/** Caps as a regional memorandum might set them (£ an hour, worker's pay plus NI and levy), rising in April 2025. */
export const DEMO_CAPS = [
  ['case_holder', '2024-04-01', 41.5],
  ['case_holder', '2025-04-01', 43],
  ['senior_practitioner', '2024-04-01', 45],
  ['senior_practitioner', '2025-04-01', 46.5],
  ['Advanced Practitioner', '2025-04-01', 48],
  ['team_manager', '2024-04-01', 55],
  ['middle_manager', '2024-04-01', 65],
  ['qualified_no_cases', '2024-04-01', 47],
  ['senior_manager', '2024-04-01', 90],
] as const;

const BASE_RATE: Record<string, number> = {
  case_holder: 38,
  senior_practitioner: 42,
  team_manager: 50,
  middle_manager: 60,
  qualified_no_cases: 43,
  senior_manager: 80,
};

function csv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  const cell = (value: string | number | null) => (value === null ? '' : /[",\n]/.test(String(value)) ? `"${String(value).replace(/"/g, '""')}"` : String(value));
  return `${[header.join(','), ...rows.map((row) => row.map(cell).join(','))].join('\n')}\n`;
}

const money = (value: number) => Math.round(value * 100) / 100;

export interface DemoAgencyFiles {
  agency: string;
  caps: string;
  applications: string;
  assignmentCount: number;
  applicationCount: number;
}

/** The demo files for a generated council whose data runs to 30 September of `lastYear`. */
export function generateAgencyDemo(council: GeneratedCouncil, lastYear: number): DemoAgencyFiles {
  const rng = mulberry32(council.authorityCode.length * 7919 + lastYear);
  const between = (min: number, max: number) => min + (max - min) * rng();
  const int = (min: number, max: number) => min + Math.floor((max - min + 1) * rng());
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
  const windowStart = `${lastYear - 2}-10-01`;
  const extractDate = `${lastYear}-09-30`;

  const rows: Array<Array<string | number | null>> = [];
  let sequence = 0;
  const push = (
    record: Pick<WorkerRecord, 'sweNumber' | 'role' | 'localRole' | 'team' | 'startDate' | 'endDate' | 'fte'>,
    overrides: { rate?: number; qualified?: string | null; approved?: string | null } = {},
  ) => {
    sequence += 1;
    const start = record.startDate;
    const base = BASE_RATE[record.role] ?? 40;
    // Rates drift up over time and vary by supplier; about one in eight sits above the cap.
    const rate = overrides.rate ?? money(base + between(-1.5, 3.5) + (start >= '2025-04-01' ? 1 : 0) + (rng() < 0.12 ? between(4, 9) : 0));
    const qualified = overrides.qualified !== undefined ? overrides.qualified : rng() < 0.08 ? null : addDays(start, -Math.round(365.25 * (rng() < 0.1 ? between(1.2, 2.9) : between(3.2, 18))));
    rows.push([
      `AS-${String(sequence).padStart(5, '0')}`,
      `MSP${String(100_000 + sequence * 37).slice(-6)}`,
      record.sweNumber,
      pick(AGENCIES),
      record.localRole ?? record.role,
      record.team,
      start,
      record.endDate !== null && record.endDate <= extractDate ? record.endDate : null,
      rate,
      record.fte === 1 ? null : Math.round(37 * record.fte * 10) / 10,
      rng() < 0.7 ? 'yes' : 'no',
      rng() < 0.06 ? 'yes' : 'no',
      qualified,
      overrides.approved ?? (rate > base + 6 && rng() < 0.3 ? 'yes' : null),
    ]);
  };

  const agencyRecords = council.workers.filter((w) => w.agency && w.startDate <= extractDate && (w.endDate === null || w.endDate >= windowStart));
  for (const record of agencyRecords) push(record);

  // Planted cool-off cases: employed leavers who came back through an agency within 3 months.
  const leavers = council.workers.filter((w) => !w.agency && w.endDate !== null && w.endDate >= '2024-11-01' && w.endDate <= '2025-06-30' && w.role === 'case_holder' && w.sweNumber);
  const resigned = leavers.filter((w) => w.leavingReason === 'resignation').slice(0, 2);
  for (const leaver of resigned) push({ ...leaver, startDate: addDays(leaver.endDate!, int(20, 70)), endDate: null });
  const redundant = leavers.find((w) => w.leavingReason === 'voluntary_redundancy' || w.leavingReason === 'compulsory_redundancy');
  if (redundant) push({ ...redundant, startDate: addDays(redundant.endDate!, 30), endDate: null });

  // Planted conversions: employed starters who came from agency work here, their assignment ending the day before.
  const converts = council.workers.filter((w) => !w.agency && w.startOrigin === 'agency' && w.startDate >= `${lastYear - 1}-11-01` && w.startDate <= extractDate && w.sweNumber).slice(0, 3);
  for (const convert of converts) push({ ...convert, startDate: addDays(convert.startDate, -int(120, 300)), endDate: addDays(convert.startDate, -1) });

  const agency = csv(
    [
      'assignment_id',
      'worker_ref',
      'swe_number',
      'agency',
      'role',
      'team',
      'start_date',
      'end_date',
      'hourly_rate',
      'hours_per_week',
      'covering_vacancy',
      'project_team',
      'qualified_date',
      'over_cap_approved',
    ],
    rows,
  );
  const caps = csv(
    ['role', 'effective_from', 'max_hourly_rate'],
    DEMO_CAPS.map((row) => [...row]),
  );
  const applications = generateApplications(council, lastYear, rng);
  return { agency, caps, applications: applications.text, assignmentCount: rows.length, applicationCount: applications.count };
}

const CAMPAIGN_ROLES = [
  ['Social Worker', 'experienced', 8],
  ['Social Worker', 'newly_qualified', 5],
  ['Senior Practitioner', 'experienced', 3],
  ['Team Manager', 'experienced', 1],
  ['Social Worker', 'apprentice', 1],
] as const;

const SOURCES = [
  ['job_board', 30],
  ['council_site', 20],
  ['social_media', 12],
  ['referral', 10],
  ['agency_conversion', 6],
  ['grow_your_own', 6],
  ['apprenticeship', 4],
  ['return_to_practice', 3],
  ['international', 5],
  ['other', 4],
] as const;

const LOSSES = [
  ['pay', 30],
  ['counter_offer', 18],
  ['location', 10],
  ['role_content', 8],
  ['timing', 8],
  ['other_offer', 16],
  ['not_known', 10],
] as const;

function generateApplications(council: GeneratedCouncil, lastYear: number, rng: () => number): { text: string; count: number } {
  const int = (min: number, max: number) => min + Math.floor((max - min + 1) * rng());
  const weighted = <T>(items: ReadonlyArray<readonly [T, number]>): T => {
    let target = rng() * items.reduce((sum, [, w]) => sum + w, 0);
    for (const [item, weight] of items) {
      target -= weight;
      if (target < 0) return item;
    }
    return items[items.length - 1]![0];
  };
  const teams = [...new Set(council.workers.map((w) => w.team).filter((t): t is string => t !== null && t !== 'Leadership'))].sort();
  const rows: Array<Array<string | number | null>> = [];
  const yearStart = `${lastYear - 1}-10-01`;
  let campaignNumber = 0;
  let applicationNumber = 0;
  // A campaign every three weeks or so across the year; some re-advertised after a poor response.
  for (let advert = addDays(yearStart, int(0, 10)); advert <= `${lastYear}-08-31`; advert = addDays(advert, int(8, 18))) {
    campaignNumber += 1;
    const [role, route] = weighted(CAMPAIGN_ROLES.map(([r, rt, w]) => [[r, rt] as const, w] as const));
    const team = teams[Math.floor(rng() * teams.length)]!;
    const campaign = `NB-${lastYear}-${String(campaignNumber).padStart(3, '0')}`;
    const adverts = [advert];
    if (rng() < 0.25) adverts.push(addDays(advert, int(35, 60)));
    for (const advertDate of adverts) {
      const applicants = role === 'Team Manager' ? int(2, 5) : int(4, 11);
      for (let i = 0; i < applicants; i += 1) {
        applicationNumber += 1;
        const applied = addDays(advertDate, int(1, 21));
        if (applied > `${lastYear}-09-30`) continue;
        const source = route === 'apprentice' ? 'apprenticeship' : weighted(SOURCES);
        const shortlisted = rng() < 0.55;
        const interviewed = shortlisted && rng() < 0.75;
        const offered = interviewed && rng() < 0.5;
        let stage = offered ? 'offered' : interviewed ? 'interviewed' : shortlisted ? 'shortlisted' : 'applied';
        let offerDate: string | null = null;
        let outcome: string | null = null;
        let acceptedDate: string | null = null;
        let startDate: string | null = null;
        let withdrawn = false;
        let reason: string | null = null;
        if (offered) {
          offerDate = addDays(applied, int(18, 45));
          if (offerDate > `${lastYear}-09-30`) offerDate = `${lastYear}-09-29`;
          const late = offerDate >= `${lastYear}-07-15`;
          outcome = late && rng() < 0.6 ? 'pending' : rng() < 0.68 ? 'accepted' : 'declined';
          if (outcome === 'declined') reason = weighted(LOSSES);
          if (outcome === 'accepted') {
            stage = 'accepted';
            acceptedDate = addDays(offerDate, int(1, 7));
            if (rng() < 0.14) {
              withdrawn = true;
              reason = weighted(LOSSES);
            } else {
              const start = addDays(acceptedDate, int(28, 70));
              if (start <= `${lastYear}-09-30`) {
                stage = 'started';
                startDate = start;
              }
            }
          }
        } else if (rng() < 0.12) {
          withdrawn = true;
          reason = weighted(LOSSES);
        }
        rows.push([
          `APP-${String(applicationNumber).padStart(5, '0')}`,
          campaign,
          role,
          team,
          advertDate,
          applied,
          stage,
          offerDate,
          outcome,
          acceptedDate,
          startDate,
          withdrawn ? 'yes' : 'no',
          reason,
          source,
          route,
        ]);
      }
    }
  }
  const header = [
    'application_id',
    'campaign',
    'role',
    'team',
    'advert_date',
    'applied_date',
    'stage_reached',
    'offer_date',
    'offer_outcome',
    'accepted_date',
    'start_date',
    'withdrawn',
    'withdrawal_reason',
    'source',
    'route',
  ];
  return { text: csv(header, rows), count: rows.length };
}

/** Loads the demo council's agency, caps and applications files; re-running changes nothing. Returns rows written. */
export async function loadAgencyDemo(db: Db, council: GeneratedCouncil, lastYear: number): Promise<number> {
  const files = generateAgencyDemo(council, lastYear);
  const history = await listImports(db, council.authorityCode);
  const isLatest = (kind: string, text: string) => history.find((entry) => entry.kind === kind)?.checksumSha256 === createHash('sha256').update(text).digest('hex');
  let changed = 0;
  const steps = [
    ['price_caps', 'northbridge-price-caps.csv', files.caps, importPriceCaps],
    ['agency', 'northbridge-agency-assignments.csv', files.agency, importAgency],
    ['applications', 'northbridge-applications.csv', files.applications, importApplications],
  ] as const;
  for (const [kind, fileName, text, run] of steps) {
    if (isLatest(kind, text)) continue;
    const result = await run(db, { authorityCode: council.authorityCode, fileName, bytes: text, importedBy: 'demo' });
    if (!result.ok) throw new Error(`The demo ${kind} file did not import: ${result.problems.slice(0, 3).map(formatProblem).join('; ')}`);
    changed += result.inserted + result.updated;
  }
  return changed;
}
