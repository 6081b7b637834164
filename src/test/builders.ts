import type { ExitInterviewRecord } from '../domain/exit-interviews.ts';
import { emptyScope, type ReviewScope } from '../domain/reviews.ts';
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
