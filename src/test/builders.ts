import type { AgencyAssignment, PriceCap } from '../domain/agency.ts';
import type { Application } from '../domain/recruitment.ts';
import type { PayScaleRecord, PaySupplementRecord } from '../domain/pay.ts';
import type { ExitInterviewRecord } from '../domain/exit-interviews.ts';
import type { RecommendationFields } from '../db/reviews.ts';
import { startReview } from '../commands/reviews.ts';
import { ensureAuthority, type Authority } from '../db/authorities.ts';
import type { Db } from '../db/database.ts';
import type { UserRole } from '../db/schema.ts';
import { createUser, type User } from '../db/users.ts';
import { emptyScope, type Review, type ReviewScope } from '../domain/reviews.ts';
import type { VacancyRecord, WorkerRecord } from '../domain/workforce.ts';

let sequence = 0;

/**
 * The one fixture builder for worker records: an employed, full-time case holder in post since
 * 2020, with every optional field empty. Tests override only what their case is about.
 */
export function buildWorker(overrides: Partial<WorkerRecord> = {}): WorkerRecord {
  sequence += 1;
  return {
    workerId: `W${String(sequence).padStart(5, '0')}`,
    sweNumber: null,
    agency: false,
    role: 'case_holder',
    localRole: null,
    team: null,
    service: 'children',
    fte: 1,
    startDate: '2020-01-06',
    endDate: null,
    leavingReason: null,
    leaverDestination: null,
    startOrigin: null,
    cases: null,
    workingDaysLost: null,
    dateOfBirth: null,
    gender: null,
    ethnicity: null,
    salary: null,
    grade: null,
    qualifiedDate: null,
    recruitmentPayment: null,
    retentionPayment: null,
    ...overrides,
  };
}

/** A leaver: sets the end date and a leaving reason (resignation unless given). */
export function buildLeaver(endDate: string, overrides: Partial<WorkerRecord> = {}): WorkerRecord {
  return buildWorker({ endDate, leavingReason: 'resignation', ...overrides });
}

export function buildVacancy(overrides: Partial<VacancyRecord> = {}): VacancyRecord {
  return { referenceDate: '2024-09-30', vacancyFte: 0, agencyCoverFte: 0, team: null, ...overrides };
}

/** A scoping document as a real review's might start: two objectives and a turnover indicator. */
export function buildScope(overrides: Partial<ReviewScope> = {}): ReviewScope {
  return {
    ...emptyScope(),
    objectives: ['Understand why children’s social workers leave', 'Recommend ways to reduce reliance on agency staff'],
    indicators: [{ description: 'Turnover falls to the England rate', measure: 'turnover_rate_fte', baseline: 18.5, target: 16 }],
    methods: ['senior_managers', 'focus_groups', 'exit_interviews'],
    focusGroups: ['newly_qualified', 'established', 'team_managers'],
    anticipatedMeetings: 5,
    ...overrides,
  };
}

/** A review's recommendation as first written: addressed to the cabinet member, awaiting the executive's response, not started, owned by a head of service. */
export function buildRecommendationFields(overrides: Partial<RecommendationFields> = {}): RecommendationFields {
  return {
    text: 'Introduce a retention payment',
    addressedTo: 'Cabinet Member for Children’s Services',
    response: 'awaiting',
    responseReasons: '',
    decisionDate: null,
    owner: 'Head of Service',
    financialImplications: '',
    investmentPerYear: null,
    implementationStatus: 'not_started',
    progressReviewDate: null,
    ...overrides,
  };
}

/** An agency assignment: a full-time case holder at £40 an hour from 4 November 2024, still running. */
export function buildAssignment(overrides: Partial<AgencyAssignment> = {}): AgencyAssignment {
  sequence += 1;
  return {
    assignmentId: `A${String(sequence).padStart(5, '0')}`,
    workerRef: `R${String(sequence).padStart(5, '0')}`,
    sweNumber: null,
    agency: 'Northern Locums',
    role: 'case_holder',
    localRole: null,
    team: null,
    startDate: '2024-11-04',
    endDate: null,
    hourlyRate: 40,
    hoursPerWeek: 37,
    coveringVacancy: null,
    projectTeam: null,
    qualifiedDate: null,
    overCapApproved: null,
    ...overrides,
  };
}

export function buildPriceCap(overrides: Partial<PriceCap> = {}): PriceCap {
  return { role: 'case_holder', roleCode: 'case_holder', effectiveFrom: '2024-04-01', maxHourlyRate: 42, ...overrides };
}

/** An application that got no further than applying, in census year 2025. */
export function buildApplication(overrides: Partial<Application> = {}): Application {
  sequence += 1;
  return {
    applicationId: `P${String(sequence).padStart(5, '0')}`,
    campaign: 'SW-2025-01',
    role: 'case_holder',
    localRole: null,
    team: null,
    advertDate: '2024-12-02',
    appliedDate: '2024-12-09',
    stageReached: 'applied',
    offerDate: null,
    offerOutcome: null,
    acceptedDate: null,
    startDate: null,
    withdrawn: false,
    withdrawalReason: null,
    source: null,
    route: null,
    ...overrides,
  };
}

/** A pay scale row: council "202"'s own social worker scale from April 2025 unless overridden. */
export function buildPayScale(overrides: Partial<PayScaleRecord> = {}): PayScaleRecord {
  return {
    scaleAuthority: '202',
    role: 'case_holder',
    roleKey: 'caseholder',
    localRole: null,
    grade: 'SW',
    minSalary: 35_000,
    maxSalary: 40_000,
    effectiveFrom: '2025-04-01',
    source: null,
    ...overrides,
  };
}

/** A market supplement for case holders, running from April 2025 unless overridden. */
export function buildSupplement(overrides: Partial<PaySupplementRecord> = {}): PaySupplementRecord {
  return { role: 'case_holder', roleKey: 'caseholder', localRole: null, amountPerYear: 1_500, from: '2025-04-01', to: null, ...overrides };
}
/** An exit interview for a leaving: completed, in person, pay as the primary reason, unless overridden. */
export function buildExitInterview(overrides: Partial<ExitInterviewRecord> & Pick<ExitInterviewRecord, 'workerId' | 'leavingDate'>): ExitInterviewRecord {
  return {
    status: 'completed',
    interviewDate: overrides.leavingDate,
    channel: 'in_person',
    primaryReason: 'pay',
    otherReasons: [],
    regrettable: null,
    wouldReturn: null,
    counterOffer: null,
    comments: null,
    ...overrides,
  };
}

// ---- Rows in a real database -------------------------------------------------------------------
// Builders that write: each makes one row (and what it needs) through the code the app uses, so a
// test starts from data the app itself could have made.

/** A council: "E<n>" named "Council <n>" unless overridden. */
export async function buildAuthority(db: Db, overrides: { code?: string; name?: string } = {}): Promise<Authority> {
  sequence += 1;
  return ensureAuthority(db, overrides.code ?? `E${String(sequence).padStart(5, '0')}`, overrides.name ?? `Council ${sequence}`);
}

/**
 * A user: an analyst bound to the given councils (none unless given), with a password hash that
 * matches no password (tests that sign in use signedInAs in src/test/web.ts).
 */
export async function buildUser(db: Db, overrides: { email?: string; displayName?: string; role?: UserRole; authorities?: string[] } = {}): Promise<User> {
  sequence += 1;
  return createUser(db, {
    email: overrides.email ?? `user${sequence}@council.example`,
    displayName: overrides.displayName ?? `User ${sequence}`,
    role: overrides.role ?? 'analyst',
    authorities: overrides.authorities ?? [],
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$bm90LWEtcmVhbC1zYWx0$bm90LWEtcmVhbC1oYXNoLWF0LWFsbA',
  });
}

/** A review of a council (made when not given), started through the review command with buildScope's scope. */
export async function buildReview(db: Db, overrides: { authorityCode?: string; title?: string; scope?: ReviewScope } = {}): Promise<Review> {
  const authorityCode = overrides.authorityCode ?? (await buildAuthority(db)).code;
  sequence += 1;
  return startReview(db, { authorityCode, title: overrides.title ?? `Review ${sequence}`, scope: overrides.scope ?? buildScope() }, { userId: null, email: 'builder@test.example' });
}
