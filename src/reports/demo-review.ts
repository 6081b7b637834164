import type { Actor } from '../commands/actor.ts';
import { addAction, addMeeting, issuePack, saveMinutes } from '../commands/review-meetings.ts';
import { addRecommendation, changeRecommendation, decideFinding, proposeFindings } from '../commands/review-outcomes.ts';
import { addEvidence, setRecommendationsAgreedOn, startReview } from '../commands/reviews.ts';
import { reportProgress, setRecommendationOwner, setReportRoute } from '../commands/recommendation-tracking.ts';
import type { Db } from '../db/database.ts';
import { listFindings, listReviews } from '../db/reviews.ts';
import { emptyScope, type ReviewScope } from '../domain/reviews.ts';
import { metricsForYear } from './metrics.ts';

/**
 * A scrutiny review of the demo council, part way through, so a new user sees what one looks like:
 * a full scope, five meetings (two minuted), actions (one overdue), an evidence pack, findings
 * proposed from the demo's own figures and decided, and two recommendations with responses.
 * It builds on the figures (pack, findings), so it runs after the demo council's data is loaded,
 * and only when the demo council has no review yet: running it again changes nothing. It writes
 * through the same commands as the review pages, so each step is audited as done by 'demo'.
 */

const DEMO: Actor = { userId: null, email: 'demo' };

export const DEMO_REVIEW_TITLE = 'Recruitment and retention of children’s social workers';

export async function loadDemoReview(db: Db, authorityCode: string): Promise<{ created: boolean; reviewId: number | null }> {
  if ((await listReviews(db, authorityCode, '1900-01-01')).length > 0) return { created: false, reviewId: null };
  const year = 2025;
  const measures = await metricsForYear(db, authorityCode, year);
  const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

  const scope: ReviewScope = {
    ...emptyScope(),
    objectives: [
      'Understand why children’s social workers leave the council, and which teams lose most',
      'Reduce reliance on agency social workers',
      'Recommend a package to recruit and keep experienced social workers, with its costs',
    ],
    indicators: [
      { description: 'Turnover (FTE) falls to 14% or below', measure: 'turnover_rate_fte', baseline: round(measures.turnover_rate_fte), target: 14 },
      { description: 'Agency workers are under 12% of the workforce (FTE)', measure: 'agency_rate_fte', baseline: round(measures.agency_rate_fte), target: 12 },
      { description: 'Vacancy rate (FTE) falls to 15% or below', measure: 'vacancy_rate_fte', baseline: round(measures.vacancy_rate_fte), target: 15 },
      { description: 'Social workers say they feel supported (staff survey)', measure: null, baseline: null, target: null },
    ],
    inScope: 'Qualified children’s social workers, employed or through agencies, in every team; recruitment, induction, supervision, caseloads and pay.',
    excluded: 'Adult social care; residential and family support staff.',
    linkedStrategies: 'Children’s workforce strategy 2024-27; DfE statutory guidance on agency social workers (2024); the council’s pay policy.',
    methods: ['senior_managers', 'focus_groups', 'exit_interviews', 'other_councils', 'surveys'],
    focusGroups: ['newly_qualified', 'established', 'team_managers'],
    risks: [
      { risk: 'Staff may not speak freely in focus groups', management: 'An independent facilitator; comments are not attributed' },
      { risk: 'Exit interviews are not collected for every leaver', management: 'HR to contact leavers of the last two years; the gap is itself a finding' },
    ],
    equalityImplications: 'The review will look at turnover by age, sex and ethnicity, and focus groups will include staff from each group in the workforce.',
    keyDates: [
      { date: '2025-11-12', event: 'First meeting: scope and the workforce picture' },
      { date: '2026-03-11', event: 'Final meeting: conclusions and recommendations' },
      { date: '2026-04-22', event: 'Report to Executive Board' },
    ],
    anticipatedMeetings: 5,
    scrutinyBoard: 'Children and Families Scrutiny Board',
    cabinetPortfolios: 'Children’s Services',
    reportingDate: '2026-04-22',
    reportingRoute: 'Scrutiny Board, then Executive Board',
    reportOf: 'Head of Democratic Services',
    communications: 'Communications team to share the findings with staff after the Executive Board.',
  };
  const review = await startReview(db, { authorityCode, title: DEMO_REVIEW_TITLE, scope, contactOfficer: 'Sam Patel, Scrutiny Officer' }, DEMO);
  const ref = { authorityCode, reviewId: review.id };

  const officers = ['Director of Children’s Services', 'Head of Service, Children’s Social Work', 'Principal Social Worker'];
  const plan: [string, string, string, string][] = [
    ['2025-11-12', 'Scope and the workforce picture', 'Turnover, vacancies and agency use by team for five years', 'Head of HR'],
    ['2025-12-10', 'Why social workers leave: exit interviews', 'Analysis of exit interviews and leaving reasons', 'Principal Social Worker'],
    ['2026-01-14', 'Focus groups with staff', 'Notes of the three focus groups', 'Workforce Development Manager'],
    ['2026-02-11', 'What other councils do', 'Market supplements and career pathways in neighbouring councils', 'Head of HR'],
    ['2026-03-11', 'Conclusions and recommendations', 'Costs of the options, with agency savings', 'Finance Business Partner'],
  ];
  const meetings = [];
  for (const [date, subject, item, officer] of plan) {
    meetings.push(await addMeeting(db, { ...ref, plan: { date, subject, informationRequired: [{ item, officer }], officersAttending: officers } }, DEMO));
  }
  await saveMinutes(
    db,
    {
      ...ref,
      meetingId: meetings[0]!.id,
      minutes: {
        present: ['Cllr Ahmed (Chair)', 'Cllr Brown', 'Cllr Clarke', 'Cllr Evans'],
        officers,
        apologies: ['Cllr Davies'],
        items: [
          { title: 'Scope of the review', notes: 'Members agreed the scope, adding agency use to the objectives.', resolutions: 'That the scope be agreed.' },
          {
            title: 'The workforce picture',
            notes: 'Officers presented the evidence pack. Members asked why agency use has risen and which teams lose most staff.',
            resolutions: 'That exit interview analysis come to the next meeting.',
          },
        ],
      },
    },
    DEMO,
  );
  await saveMinutes(
    db,
    {
      ...ref,
      meetingId: meetings[1]!.id,
      minutes: {
        present: ['Cllr Ahmed (Chair)', 'Cllr Brown', 'Cllr Davies', 'Cllr Evans'],
        officers,
        apologies: ['Cllr Clarke'],
        items: [
          {
            title: 'Exit interviews',
            notes: 'Only some leavers had an exit interview. Workload and pay were the reasons most given.',
            resolutions: 'That HR contact recent leavers who had no interview.',
          },
        ],
      },
    },
    DEMO,
  );
  await addAction(db, { ...ref, action: { meetingId: meetings[0]!.id, description: 'Send members the leaving reasons by team', owner: 'Head of HR', dueDate: '2025-11-26' } }, DEMO);
  await addAction(
    db,
    { ...ref, action: { meetingId: meetings[1]!.id, description: 'Contact leavers of the last two years who had no exit interview', owner: 'Head of HR', dueDate: '2026-01-31' } },
    DEMO,
  );
  await addAction(
    db,
    { ...ref, action: { meetingId: meetings[1]!.id, description: 'Cost a £3,000 market supplement for experienced social workers', owner: 'Finance Business Partner', dueDate: '2026-02-28' } },
    DEMO,
  );

  await issuePack(db, { ...ref, meetingId: meetings[0]!.id, asOf: '2025-11-01', title: 'Workforce data pack for meeting 1' }, DEMO);

  await proposeFindings(db, { ...ref, censusYear: year }, DEMO);
  const proposals = await listFindings(db, authorityCode, review.id);
  // Officers have decided most: the last proposal is left for a user to decide, and the second is
  // rejected when that still leaves two accepted (the rules propose nothing from small groups, so there may be few).
  const rejectSecond = proposals.length > 3;
  for (const [index, finding] of proposals.slice(0, -1).entries()) {
    await decideFinding(db, { ...ref, findingId: finding.id, status: index === 1 && rejectSecond ? 'rejected' : 'accepted' }, DEMO);
  }
  await addEvidence(
    db,
    {
      ...ref,
      kind: 'focus_group',
      title: 'Focus group with newly qualified social workers',
      notes: 'Protected caseloads in the first year are valued. Supervision is patchy in the busiest teams. Several would leave for £2,000-£3,000 more elsewhere.',
      file: null,
    },
    DEMO,
  );

  // Tracked to the end (issue 15): the board's own reference prefix, and the report to the executive on 1 April 2026.
  await setReportRoute(db, { ...ref, referencePrefix: 'CFS', sentToExecutiveOn: '2026-04-01' }, DEMO);
  const supplement = await addRecommendation(
    db,
    {
      ...ref,
      fields: {
        text: 'Introduce a market supplement of £3,000 a year for experienced social workers in the teams that find it hardest to recruit.',
        addressedTo: 'Cabinet Member for Children’s Services',
        response: 'accepted',
        responseReasons: '',
        decisionDate: '2026-04-22',
        owner: 'Director of Children’s Services',
        financialImplications: 'Funded from the reduction in agency spend (invest to save).',
        investmentPerYear: 180000,
        implementationStatus: 'in_progress',
        progressReviewDate: '2026-10-22',
      },
    },
    DEMO,
  );
  await setRecommendationsAgreedOn(db, { ...ref, on: '2026-04-22' }, DEMO);
  await changeRecommendation(
    db,
    { ...ref, recommendationId: supplement.id, fields: supplement, update: { date: '2026-05-01', text: 'Supplement paid from May 2026 in Assessment and Children in Care.' } },
    DEMO,
  );
  await setRecommendationOwner(db, { ...ref, recommendationId: supplement.id, leadOfficer: 'Director of Children’s Services', leadOfficerEmail: '', targetDate: '2026-09-30' }, DEMO);
  await reportProgress(
    db,
    {
      ...ref,
      recommendationId: supplement.id,
      change: { status: 'on_track', revisedDate: null, reason: '', note: 'Paid in two teams; the third follows the September pay run.' },
      today: '2026-06-15',
    },
    DEMO,
  );
  await addRecommendation(
    db,
    {
      ...ref,
      fields: {
        text: 'Create advanced practitioner posts so experienced social workers can progress without leaving practice.',
        addressedTo: 'Cabinet Member for Children’s Services',
        response: 'partly_accepted',
        responseReasons: 'Six posts agreed rather than ten, reviewed after a year.',
        decisionDate: '2026-04-22',
        owner: 'Principal Social Worker',
        financialImplications: 'Six posts at grade uplift.',
        investmentPerYear: 72000,
        implementationStatus: 'not_started',
        progressReviewDate: '2026-10-22',
      },
    },
    DEMO,
  );
  return { created: true, reviewId: review.id };
}
