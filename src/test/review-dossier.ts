import type { Db } from '../db/database.ts';
import {
  addAction,
  addEvidence,
  addFinding,
  addMeeting,
  addProposedFindings,
  addRecommendation,
  createReview,
  decideFinding,
  issuePack,
  listFindings,
  setActionStatus,
  updateRecommendation,
  updateReview,
  type RecommendationFields,
} from '../db/reviews.ts';
import { reviewDossier, type ReviewDossier } from '../reports/review-dossier.ts';
import { buildEvidencePack } from '../reports/review-pack.ts';
import { buildScope } from './builders.ts';

/** What the fixture review says, so tests can look for it in the documents. */
export const FULL_REVIEW = {
  title: 'Recruitment and retention of children’s social workers',
  rejectedFinding: 'Caseloads are the main reason people leave',
  acceptedFinding: 'Newly qualified social workers value the ASYE programme',
  recommendation: 'Introduce a retention payment for social workers after two years’ service',
  secondRecommendation: 'Publish caseload figures by team to the scrutiny board every quarter',
  evidence: 'Exit interview summary 2024-25',
  today: '2025-11-20',
} as const;

const RECOMMENDATION: Omit<RecommendationFields, 'text'> = {
  addressedTo: 'Cabinet member for Children’s Services',
  response: 'awaiting',
  responseReasons: '',
  decisionDate: null,
  owner: 'Director of Children’s Services',
  financialImplications: '',
  investmentPerYear: null,
  implementationStatus: 'not_started',
  progressReviewDate: null,
};

/**
 * A review as a council runs one, on the demo council: a full scope, five meetings with actions,
 * findings accepted and rejected, two recommendations (one costed, answered and under way), other
 * evidence and an issued pack. The documents' tests read it back as a dossier.
 */
export async function fullReviewDossier(db: Db, code: string): Promise<ReviewDossier> {
  const scope = buildScope({
    inScope: 'Recruitment and retention of qualified children’s social workers, including agency use.',
    excluded: 'Adult social care and early help staff.',
    linkedStrategies: 'Children and Young People’s Plan 2024-2027\nWorkforce Strategy',
    otherMethods: 'Interviews with the principal social worker',
    risks: [{ risk: 'Staff reluctant to speak openly', management: 'Focus groups run without managers present' }],
    equalityImplications: 'The review will consider whether leavers differ by age, sex or ethnicity.',
    keyDates: [
      { date: '2025-03-12', event: 'Scoping agreed' },
      { date: '2025-01-15', event: 'First meeting' },
    ],
    scrutinyBoard: 'Children and Families Scrutiny Board',
    cabinetPortfolios: 'Cabinet member for Children’s Services',
    reportingDate: '2025-11-26',
    reportingRoute: 'Scrutiny Board, then Executive Board',
    reportOf: 'Head of Democratic Services',
    communications: 'Press release when the report is published',
  });
  const review = await createReview(db, code, { title: FULL_REVIEW.title, scope, contactOfficer: 'Sam Patel, Scrutiny Officer, 0113 000 0000', createdBy: null });
  await updateReview(db, code, review.id, { recommendationsAgreedOn: '2025-12-10' });

  const subjects = ['Scoping and the data', 'Senior managers', 'Focus groups', 'Other councils', 'Draft recommendations'];
  const meetings = [];
  for (const [i, subject] of subjects.entries()) {
    meetings.push(await addMeeting(db, code, review.id, { date: `2025-0${i + 3}-10`, subject, informationRequired: [], officersAttending: ['Head of Service'] }));
  }
  const action = await addAction(db, code, review.id, { meetingId: meetings[0]!.id, description: 'Send exit interview data', owner: 'HR Business Partner', dueDate: '2025-04-01' });
  await setActionStatus(db, code, review.id, action.id, 'done');
  await addAction(db, code, review.id, { meetingId: meetings[2]!.id, description: 'Survey agency workers', owner: 'Principal Social Worker', dueDate: '2025-06-01' });

  await addProposedFindings(db, code, review.id, [
    { ruleId: 'test.rejected', swot: 'weakness', statement: FULL_REVIEW.rejectedFinding, evidence: 'Exit interviews' },
    { ruleId: 'test.accepted', swot: 'threat', statement: 'Agency use is above the region', evidence: 'Agency worker rate in the pack' },
  ]);
  const proposed = await listFindings(db, code, review.id);
  for (const finding of proposed) {
    await decideFinding(db, code, review.id, finding.id, { status: finding.ruleId === 'test.rejected' ? 'rejected' : 'accepted', decidedBy: null });
  }
  await addFinding(db, code, review.id, { swot: 'strength', statement: FULL_REVIEW.acceptedFinding, evidence: 'Focus group, meeting 3', decidedBy: null });

  await addEvidence(db, code, review.id, { kind: 'document', title: FULL_REVIEW.evidence, notes: 'From HR', file: null, addedBy: null });
  await addEvidence(db, code, review.id, { kind: 'other_council_policy', title: 'Neighbouring council’s retention payment policy', notes: '', file: null, addedBy: null });

  const first = await addRecommendation(db, code, review.id, {
    ...RECOMMENDATION,
    text: FULL_REVIEW.recommendation,
    investmentPerYear: 120000,
    financialImplications: 'Funded from the agency budget.',
  });
  await updateRecommendation(
    db,
    code,
    review.id,
    first.id,
    {
      ...RECOMMENDATION,
      text: FULL_REVIEW.recommendation,
      investmentPerYear: 120000,
      financialImplications: 'Funded from the agency budget.',
      response: 'accepted',
      decisionDate: '2025-12-10',
      implementationStatus: 'in_progress',
    },
    { date: '2026-03-01', text: 'Scheme designed with HR; first payments in April.' },
  );
  await addRecommendation(db, code, review.id, { ...RECOMMENDATION, text: FULL_REVIEW.secondRecommendation });

  const built = await buildEvidencePack(db, code, { asOf: '2025-10-01' });
  await issuePack(db, code, review.id, { meetingId: meetings[1]!.id, asOf: '2025-10-01', title: 'Pack for meeting 2', issuedBy: 'officer', ...built });
  const dossier = await reviewDossier(db, code, review.id, FULL_REVIEW.today);
  if (!dossier) throw new Error('the review just made was not found');
  return dossier;
}
