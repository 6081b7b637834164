import { censusYearStart, referenceDate } from '../domain/census.ts';
import type { LeaverDestination, LeavingReason, RoleCode, StartOrigin } from '../domain/codes.ts';
import { DEFAULT_ROLE_MAP } from '../domain/roles.ts';
import type { IsoDate, VacancyRecord, WorkerRecord } from '../domain/workforce.ts';

/**
 * A seeded synthetic council: one HR extract (one row per worker per post, leavers kept from the
 * first census year on) and its vacancy returns. Pure: the same options give the same records, so
 * the demo and the national bench are reproducible and re-loading the demo changes nothing.
 *
 * The council is simulated day by day as a set of establishment posts ("slots") per team. A slot
 * is held by an employed worker until they leave (a time-varying leaving hazard, higher in one
 * struggling team and peaking around 2022 as the published national series did); the post then
 * stays vacant until a permanent hire starts, and is often covered by agency workers meanwhile.
 * Vacancy returns are read off the slots on each reference date: a post without an employed
 * worker is vacant, and an agency worker in it covers the vacancy. A few agency workers are
 * over establishment, so agency cover is a little below agency FTE, as in the published data.
 */

export interface CouncilOptions {
  seed: number;
  authorityCode: string;
  name: string;
  /** About how many people are in post at a time (employed and agency). */
  workers: number;
  firstYear: number;
  lastYear: number;
  /** Case-holding teams. A "Safeguarding and Review" team (IROs, chairs) and a small "Leadership" team are added. */
  teams: readonly string[];
  /** The team whose leaving rate is notably higher and rising; default "Child Protection" when listed, else the second team. */
  strugglingTeam?: string;
}

export interface GeneratedCouncil {
  authorityCode: string;
  name: string;
  workers: WorkerRecord[];
  vacancies: VacancyRecord[];
}

export const DEMO_TEAMS = ['Front Door (MASH)', 'Assessment', 'Child Protection', 'Children in Care', 'Care Leavers', 'Fostering', 'Disabled Children'] as const;

/**
 * The demo council: Northbridge, a fictional North West authority, with seven census years of
 * records. Loaded through the same import path as a council's own files (rendered to CSV in the
 * contract's format first), so it also appears in the import history.
 */
export const DEMO_COUNCIL = {
  seed: 20_251,
  authorityCode: 'DEMO',
  name: 'Northbridge (demo)',
  workers: 300,
  firstYear: 2019,
  lastYear: 2025,
  teams: DEMO_TEAMS,
  strugglingTeam: 'Child Protection',
} as const satisfies CouncilOptions;

export const REVIEW_TEAM = 'Safeguarding and Review';
export const LEADERSHIP_TEAM = 'Leadership';

/** mulberry32: a small, fast, seedable PRNG (no Math.random, so output depends on the seed alone). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Random {
  next(): number;
  between(min: number, max: number): number;
  int(min: number, max: number): number;
  chance(p: number): boolean;
  /** Exponentially distributed with the given mean. */
  exponential(mean: number): number;
  pick<T>(items: readonly T[]): T;
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T;
}

function random(seed: number): Random {
  const next = mulberry32(seed);
  const rng: Random = {
    next,
    between: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor((max - min + 1) * next()),
    chance: (p) => next() < p,
    exponential: (mean) => -mean * Math.log(1 - next()),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    weighted: (items) => {
      const total = items.reduce((sum, [, weight]) => sum + weight, 0);
      let target = next() * total;
      for (const [item, weight] of items) {
        target -= weight;
        if (target < 0) return item;
      }
      return items[items.length - 1]![0];
    },
  };
  return rng;
}

// ---- Days as integers, so the simulation never touches time zones or the clock.

const DAY_MS = 86_400_000;
function dayOf(date: IsoDate): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}
function isoOf(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

// ---- Posts

interface RoleSpec {
  localRole: string;
  role: RoleCode;
  grade: string;
  salary: readonly [number, number];
  /** Cases held by a full-time worker on a reference date, or null for roles that hold none. */
  cases: readonly [number, number] | null;
  /** Multiplies the leaving hazard. */
  leaving: number;
}

// Local names as councils write them; the DfE role is whatever the default role map says, as on import.
const ROLES = {
  socialWorker: { localRole: 'Social Worker', role: DEFAULT_ROLE_MAP['Social Worker']!, grade: 'SW2', salary: [37_500, 43_000], cases: [14, 21], leaving: 1.1 },
  asye: { localRole: 'ASYE', role: DEFAULT_ROLE_MAP.ASYE!, grade: 'SW1', salary: [33_000, 35_500], cases: [9, 13], leaving: 1.0 },
  seniorPractitioner: { localRole: 'Senior Practitioner', role: DEFAULT_ROLE_MAP['Senior Practitioner']!, grade: 'SW3', salary: [43_000, 47_500], cases: [12, 17], leaving: 0.85 },
  advancedPractitioner: { localRole: 'Advanced Practitioner', role: DEFAULT_ROLE_MAP['Advanced Practitioner']!, grade: 'SW4', salary: [47_000, 51_000], cases: [6, 11], leaving: 0.7 },
  teamManager: { localRole: 'Team Manager', role: DEFAULT_ROLE_MAP['Team Manager']!, grade: 'M1', salary: [51_000, 57_000], cases: null, leaving: 0.8 },
  serviceManager: { localRole: 'Service Manager', role: DEFAULT_ROLE_MAP['Service Manager']!, grade: 'M2', salary: [61_000, 68_000], cases: null, leaving: 0.6 },
  iro: { localRole: 'IRO', role: DEFAULT_ROLE_MAP.IRO!, grade: 'SW4', salary: [46_000, 50_500], cases: null, leaving: 0.6 },
  cpChair: { localRole: 'Child Protection Chair', role: DEFAULT_ROLE_MAP['Child Protection Chair']!, grade: 'SW4', salary: [46_000, 50_500], cases: null, leaving: 0.6 },
  headOfService: { localRole: 'Head of Service', role: DEFAULT_ROLE_MAP['Head of Service']!, grade: 'M3', salary: [76_000, 86_000], cases: null, leaving: 0.5 },
  director: { localRole: 'Director', role: DEFAULT_ROLE_MAP.Director!, grade: 'Chief Officer', salary: [118_000, 128_000], cases: null, leaving: 0.5 },
  principalSocialWorker: { localRole: 'Principal Social Worker', role: DEFAULT_ROLE_MAP['Principal Social Worker']!, grade: 'M2', salary: [60_000, 66_000], cases: null, leaving: 0.5 },
} satisfies Record<string, RoleSpec>;

/** A case-holding team of about 37 posts before scaling. */
const CASE_TEAM: ReadonlyArray<readonly [RoleSpec, number]> = [
  [ROLES.serviceManager, 1],
  [ROLES.teamManager, 3],
  [ROLES.advancedPractitioner, 1],
  [ROLES.seniorPractitioner, 5],
  [ROLES.socialWorker, 23],
  [ROLES.asye, 4],
];
const REVIEW: ReadonlyArray<readonly [RoleSpec, number]> = [
  [ROLES.teamManager, 1],
  [ROLES.iro, 9],
  [ROLES.cpChair, 4],
];
const LEADERSHIP: ReadonlyArray<readonly [RoleSpec, number]> = [
  [ROLES.director, 1],
  [ROLES.headOfService, 2],
  [ROLES.principalSocialWorker, 1],
];

interface Occupant {
  record: WorkerRecord;
  endDay: number;
  startDay: number;
}

interface Slot {
  team: string;
  spec: RoleSpec;
  /** Over-establishment posts are filled only by agency workers and are not vacancies when empty. */
  establishment: boolean;
  occupant: Occupant | null;
  nextHire: number | null;
  nextAgency: number | null;
}

/** How much more often than usual people leave in a census year: up to a 2022 peak, then easing. */
function yearFactor(censusYear: number): number {
  const factors: Record<number, number> = { 2018: 0.9, 2019: 0.85, 2020: 0.9, 2021: 1.15, 2022: 1.3, 2023: 1.15, 2024: 1.0, 2025: 0.95 };
  return factors[censusYear] ?? 0.95;
}

const BASE_HAZARD = 0.13; // leavers per FTE-year, before team, role and year factors

export function generateCouncil(options: CouncilOptions): GeneratedCouncil {
  const rng = random(options.seed);
  const struggling = options.strugglingTeam ?? (options.teams.includes('Child Protection') ? 'Child Protection' : (options.teams[1] ?? options.teams[0]));
  // Posts per person in post: about one post in six is vacant and not covered by an agency worker.
  const scale = (options.workers * 1.06) / (options.teams.length * 37 + 14 + 4);

  const teamFactor = (team: string, censusYear: number): number => (team === struggling ? 1.45 + 0.12 * Math.max(0, censusYear - options.firstYear) : 1);

  // ---- The establishment
  const slots: Slot[] = [];
  const addSlots = (team: string, template: ReadonlyArray<readonly [RoleSpec, number]>, teamScale: number) => {
    for (const [spec, count] of template) {
      const n = spec.cases === null ? Math.max(1, Math.round(count * Math.min(1, teamScale))) : Math.max(1, Math.round(count * teamScale));
      for (let i = 0; i < n; i += 1) slots.push({ team, spec, establishment: true, occupant: null, nextHire: null, nextAgency: null });
    }
  };
  for (const team of options.teams) {
    addSlots(team, CASE_TEAM, scale * rng.between(0.75, 1.25));
    // Agency workers over establishment (covering sickness, backlogs): one or two per team.
    const extra = team === struggling ? 2 : 1;
    for (let i = 0; i < extra; i += 1) slots.push({ team, spec: ROLES.socialWorker, establishment: false, occupant: null, nextHire: null, nextAgency: null });
  }
  addSlots(REVIEW_TEAM, REVIEW, scale);
  addSlots(LEADERSHIP_TEAM, LEADERSHIP, 1);

  const windowStart = dayOf(censusYearStart(options.firstYear));
  const warmStart = windowStart - 2 * 365;
  const simEnd = dayOf(referenceDate(options.lastYear));
  // Census years by day without building date strings (this runs for every candidate leaving day).
  const yearStarts = Array.from({ length: options.lastYear - options.firstYear + 6 }, (_, index) => options.firstYear - 3 + index).map((year) => [year, dayOf(censusYearStart(year))] as const);
  const censusYearOfDay = (day: number): number => {
    let found = yearStarts[0]![0] - 1;
    for (const [year, start] of yearStarts) if (day >= start) found = year;
    return found;
  };
  const referenceDays = new Map<number, number>();
  for (let year = options.firstYear; year <= options.lastYear; year += 1) referenceDays.set(dayOf(referenceDate(year)), year);

  let employedSequence = 0;
  let agencySequence = 0;
  const records: WorkerRecord[] = [];
  const vacancies: VacancyRecord[] = [];

  // ---- People

  /** The day an employed worker who starts on `startDay` leaves, by thinning a time-varying hazard; Infinity when after the extract. */
  const leaveDay = (slot: Slot, startDay: number): number => {
    const hazardOn = (day: number) => {
      const year = censusYearOfDay(day);
      return BASE_HAZARD * slot.spec.leaving * yearFactor(year) * teamFactor(slot.team, year);
    };
    const maxHazard = BASE_HAZARD * slot.spec.leaving * 1.3 * teamFactor(slot.team, options.lastYear);
    let t = startDay;
    for (;;) {
      t += rng.exponential(365 / maxHazard);
      if (t > simEnd + 1) return Number.POSITIVE_INFINITY;
      if (rng.chance(hazardOn(Math.floor(t)) / maxHazard)) return Math.max(startDay + 20, Math.floor(t));
    }
  };

  /** `backdated`: already in post when the simulation starts, so they are older and leave from then on. */
  const employ = (slot: Slot, startDay: number, backdated: boolean) => {
    employedSequence += 1;
    const spec = slot.spec;
    const isAsye = spec === ROLES.asye && !backdated;
    const yearsInPost = (warmStart - startDay) / 365.25;
    const age = isAsye ? rng.between(22, 34) : backdated ? Math.max(22, rng.between(25, 63) - yearsInPost) : rng.between(26, 57);
    const dateOfBirth = isoOf(Math.floor(startDay - age * 365.25 - rng.int(0, 364)));
    const qualifiedDay = isAsye ? startDay - rng.int(20, 300) : Math.floor(startDay - rng.between(2, Math.max(3, age - 22)) * 365.25);
    const fte = rng.chance(0.8) ? 1 : rng.pick([0.5, 0.6, 0.8, 0.8, 0.81, 0.9]);
    const origin: StartOrigin | null = backdated
      ? rng.weighted<StartOrigin | null>([
          [null, 3],
          ['another_english_la', 3],
          ['newly_qualified', 2],
          ['not_known', 2],
        ])
      : isAsye
        ? 'newly_qualified'
        : rng.weighted<StartOrigin>([
            ['another_english_la', 42],
            ['agency', 18],
            ['other_social_care', 8],
            ['other_non_la_social_work', 7],
            ['outside_england', 6],
            ['non_social_care', 3],
            ['not_known', 16],
          ]);
    const record: WorkerRecord = {
      workerId: String(100_000 + employedSequence * 7 + rng.int(0, 6)),
      sweNumber: `SW${rng.int(10_000, 149_999)}`,
      agency: false,
      role: spec.role,
      localRole: spec.localRole,
      team: slot.team,
      service: 'children',
      fte,
      startDate: isoOf(startDay),
      endDate: null,
      leavingReason: null,
      leaverDestination: null,
      startOrigin: origin,
      cases: casesFor(spec, slot.team === struggling, fte),
      workingDaysLost: sicknessDays(fte),
      dateOfBirth,
      gender: rng.chance(0.84) ? 'female' : 'male',
      ethnicity: rng.weighted([
        ['WBRI', 70],
        ['WOTH', 5],
        ['BAFR', 7],
        ['BCRB', 3],
        ['APKN', 4],
        ['AIND', 3],
        ['MWBC', 3],
        ['OOTH', 2],
        ['REFU', 3],
      ]),
      salary: Math.round(rng.between(spec.salary[0], spec.salary[1]) / 10) * 10,
      grade: spec.grade,
      qualifiedDate: isoOf(qualifiedDay),
    };
    records.push(record);
    const from = Math.max(startDay, warmStart);
    let end = leaveDay(slot, from);
    // Nobody works past 67.
    const retirementDay = dayOf(dateOfBirth) + Math.floor(67 * 365.25);
    if (end > retirementDay) end = Math.max(from + rng.int(30, 300), retirementDay);
    slot.occupant = { record, startDay, endDay: end };
  };

  const engageAgency = (slot: Slot, startDay: number) => {
    agencySequence += 1;
    const spec = slot.spec;
    const record: WorkerRecord = {
      workerId: `AG${String(agencySequence).padStart(5, '0')}`,
      sweNumber: `SW${rng.int(10_000, 149_999)}`,
      agency: true,
      role: spec.role,
      localRole: spec.localRole === 'ASYE' ? 'Social Worker' : spec.localRole,
      team: slot.team,
      service: 'children',
      fte: rng.chance(0.92) ? 1 : 0.8,
      startDate: isoOf(startDay),
      endDate: null,
      leavingReason: null,
      leaverDestination: null,
      startOrigin: null,
      cases: casesFor(spec === ROLES.asye ? ROLES.socialWorker : spec, slot.team === struggling, 1),
      workingDaysLost: null,
      dateOfBirth: null,
      gender: null,
      ethnicity: null,
      salary: null,
      grade: null,
      qualifiedDate: null,
    };
    records.push(record);
    // Assignments started before the simulation run on into it.
    let end = Math.max(startDay + Math.max(56, Math.round(rng.exponential(330))), warmStart + rng.int(1, 90));
    if (slot.nextHire !== null) end = Math.min(end, slot.nextHire - 1);
    slot.occupant = { record, startDay, endDay: end };
  };

  const casesFor = (spec: RoleSpec, strugglingTeam: boolean, fte: number): number | null => {
    if (spec.cases === null) return spec.role === 'team_manager' ? 0 : null;
    const [low, high] = spec.cases;
    const extra = strugglingTeam ? 4 : 0;
    return Math.max(1, Math.round((rng.int(low, high) + extra) * fte));
  };

  // Most people lose a day or two a year; a few have long spells off.
  const sicknessDays = (fte: number): number => {
    const kind = rng.next();
    const days = kind < 0.3 ? 0 : kind < 0.6 ? rng.int(1, 4) : kind < 0.9 ? rng.int(5, 15) : rng.int(20, 60);
    return Math.round(days * fte * 2) / 2;
  };

  const leavingDetails = (record: WorkerRecord, day: number): Pick<WorkerRecord, 'leavingReason' | 'leaverDestination'> => {
    if (record.agency) return { leavingReason: 'other', leaverDestination: null };
    const age = (day - dayOf(record.dateOfBirth!)) / 365.25;
    if (age >= 60 && rng.chance(0.8)) return { leavingReason: 'retired', leaverDestination: null };
    const reason = rng.weighted<LeavingReason>([
      ['resignation', 79],
      ['moved_within_la', 8],
      ['dismissed', 2],
      ['voluntary_redundancy', 1],
      ['other', 5],
      ['not_known', 5],
    ]);
    const destination: LeaverDestination | null =
      reason === 'resignation'
        ? rng.weighted<LeaverDestination>([
            ['another_english_la', 36],
            ['agency', 20],
            ['other_social_care', 8],
            ['other_non_la_social_work', 7],
            ['outside_england', 3],
            ['non_social_care', 5],
            ['not_known', 21],
          ])
        : null;
    return { leavingReason: reason, leaverDestination: destination };
  };

  const finish = (slot: Slot, lastDay: number) => {
    const occupant = slot.occupant!;
    occupant.record.endDate = isoOf(lastDay);
    Object.assign(occupant.record, leavingDetails(occupant.record, lastDay));
    slot.occupant = null;
  };

  const planRecruitment = (slot: Slot, fromDay: number) => {
    const hard = slot.team === struggling;
    const gap = (hard ? 70 : 45) + Math.round(rng.exponential(hard ? 480 : 330));
    slot.nextHire = fromDay + gap;
    const delay = rng.int(10, 60);
    slot.nextAgency = rng.chance(hard ? 0.95 : 0.88) && delay < gap - 14 ? fromDay + delay : null;
  };

  // ---- The starting state, two years before the extract's first census year (records that end before it are dropped).
  for (const slot of slots) {
    if (!slot.establishment) {
      if (rng.chance(0.6)) engageAgency(slot, warmStart - rng.int(0, 150));
      else slot.nextAgency = warmStart + rng.int(1, 200);
      continue;
    }
    const u = rng.next();
    if (u < 0.85) {
      employ(slot, warmStart - Math.floor(Math.min(rng.exponential(6 * 365), 25 * 365)), true);
    } else {
      slot.nextHire = warmStart + rng.int(1, 300);
      if (u < 0.96) engageAgency(slot, warmStart - rng.int(0, 150));
    }
  }

  // ---- Day by day to the last reference date
  for (let day = warmStart; day <= simEnd; day += 1) {
    for (const slot of slots) {
      const occupant = slot.occupant;
      if (occupant && occupant.endDay === day) {
        const wasAgency = occupant.record.agency;
        finish(slot, day);
        if (!slot.establishment) slot.nextAgency = day + 1 + Math.round(rng.exponential(150));
        else if (!wasAgency) planRecruitment(slot, day + 1);
        else if (slot.nextHire !== null && slot.nextHire > day + 8 && rng.chance(0.85)) slot.nextAgency = day + rng.int(1, 7);
      }
      if (slot.nextHire === day) {
        if (slot.occupant) finish(slot, day - 1);
        slot.nextHire = null;
        slot.nextAgency = null;
        employ(slot, day, false);
      } else if (slot.nextAgency === day && !slot.occupant) {
        slot.nextAgency = null;
        engageAgency(slot, day);
      }
    }
    const censusYear = referenceDays.get(day);
    if (censusYear !== undefined) vacancies.push(...vacancyReturns(slots, censusYear));
  }

  const workers = records
    .filter((record) => record.endDate === null || dayOf(record.endDate) >= windowStart)
    .map((record) => asExtracted(record, simEnd))
    .sort((a, b) => (a.startDate === b.startDate ? a.workerId.localeCompare(b.workerId) : a.startDate.localeCompare(b.startDate)));
  return { authorityCode: options.authorityCode, name: options.name, workers, vacancies };
}

/**
 * The record as the HR system shows it on the extract date: an ASYE who has finished their
 * assessed year is now a Social Worker on SW2 (the post is the same, so the row is too).
 */
function asExtracted(record: WorkerRecord, extractDay: number): WorkerRecord {
  if (record.localRole !== 'ASYE' || record.agency) return record;
  const lastDay = record.endDate === null ? extractDay : dayOf(record.endDate);
  if (lastDay - dayOf(record.startDate) < 365) return record;
  return { ...record, localRole: ROLES.socialWorker.localRole, grade: ROLES.socialWorker.grade };
}

function vacancyReturns(slots: readonly Slot[], censusYear: number): VacancyRecord[] {
  const byTeam = new Map<string, { vacancy: number; cover: number }>();
  for (const slot of slots) {
    if (!slot.establishment) continue;
    const totals = byTeam.get(slot.team) ?? { vacancy: 0, cover: 0 };
    byTeam.set(slot.team, totals);
    if (slot.occupant && !slot.occupant.record.agency) continue;
    totals.vacancy += 1;
    if (slot.occupant) totals.cover += slot.occupant.record.fte;
  }
  return [...byTeam].map(([team, totals]) => ({
    referenceDate: referenceDate(censusYear),
    vacancyFte: Math.round(totals.vacancy * 100) / 100,
    agencyCoverFte: Math.round(totals.cover * 100) / 100,
    team,
  }));
}

// ---- Records as the contract's files

export const WORKER_COLUMNS = [
  'worker_id',
  'swe_number',
  'agency',
  'role',
  'team',
  'service',
  'fte',
  'start_date',
  'end_date',
  'leaving_reason',
  'leaver_destination',
  'start_origin',
  'cases',
  'working_days_lost',
  'date_of_birth',
  'gender',
  'ethnicity',
  'salary',
  'grade',
  'qualified_date',
] as const;

/** A workers file in the contract's format: roles as the council names them (the local name), codes as words. */
export function workersCsv(records: readonly WorkerRecord[]): string {
  const lines = [WORKER_COLUMNS.join(',')];
  for (const record of records) {
    lines.push(
      [
        record.workerId,
        record.sweNumber,
        record.agency ? 'yes' : 'no',
        record.localRole ?? record.role,
        record.team,
        record.service,
        record.fte,
        record.startDate,
        record.endDate,
        record.leavingReason,
        record.leaverDestination,
        record.startOrigin,
        record.cases,
        record.workingDaysLost,
        record.dateOfBirth,
        record.gender,
        record.ethnicity,
        record.salary,
        record.grade,
        record.qualifiedDate,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

export function vacanciesCsv(records: readonly VacancyRecord[]): string {
  const lines = ['reference_date,team,vacancy_fte,agency_cover_fte'];
  for (const row of records) lines.push([row.referenceDate, row.team, row.vacancyFte, row.agencyCoverFte].map(csvCell).join(','));
  return `${lines.join('\n')}\n`;
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
