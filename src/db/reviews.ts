import { sql } from 'kysely';
import type {
  ActionStatus,
  Finding,
  FindingStatus,
  ImplementationStatus,
  Meeting,
  Minutes,
  ProgressUpdate,
  Recommendation,
  RecommendationResponse,
  Review,
  ReviewAction,
  ReviewScope,
  Swot,
} from '../domain/reviews.ts';
import type { IsoDate } from '../domain/workforce.ts';
import type { Db } from './database.ts';
import { inTransaction } from './transaction.ts';

/**
 * Scrutiny review records. Every function takes the authority and every query filters by it, so a
 * review id from another council finds nothing (the web layer turns that into 404).
 */

const iso = (value: Date | string): string => (value instanceof Date ? value.toISOString() : value);

// ---- Reviews ----------------------------------------------------------------------------------

function toReview(row: {
  id: number;
  authority_code: string;
  title: string;
  scope: ReviewScope;
  recommendations_agreed_on: string | null;
  contact_officer: string;
  created_at: Date;
  updated_at: Date;
}): Review {
  return {
    id: row.id,
    authorityCode: row.authority_code,
    title: row.title,
    scope: row.scope,
    recommendationsAgreedOn: row.recommendations_agreed_on,
    contactOfficer: row.contact_officer,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export async function createReview(
  db: Db,
  authorityCode: string,
  review: { title: string; scope: ReviewScope; contactOfficer?: string; createdBy: string | null },
): Promise<Review> {
  const row = await db
    .insertInto('reviews')
    .values({
      authority_code: authorityCode,
      title: review.title,
      scope: JSON.stringify(review.scope),
      contact_officer: review.contactOfficer ?? '',
      created_by: review.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toReview(row);
}

export async function getReview(db: Db, authorityCode: string, id: number): Promise<Review | null> {
  const row = await db.selectFrom('reviews').selectAll().where('authority_code', '=', authorityCode).where('id', '=', id).executeTakeFirst();
  return row ? toReview(row) : null;
}

export interface ReviewSummary extends Review {
  meetings: number;
  openActions: number;
  overdueActions: number;
  recommendations: number;
}

export async function listReviews(db: Db, authorityCode: string, today: IsoDate): Promise<ReviewSummary[]> {
  const rows = await db
    .selectFrom('reviews as r')
    .selectAll('r')
    .select((eb) => [
      eb.selectFrom('review_meetings as m').whereRef('m.review_id', '=', 'r.id').select(eb.fn.countAll<number>().as('n')).as('meetings'),
      eb
        .selectFrom('review_actions as a')
        .whereRef('a.review_id', '=', 'r.id')
        .where('a.status', '!=', 'done')
        .select(eb.fn.countAll<number>().as('n'))
        .as('open_actions'),
      eb
        .selectFrom('review_actions as a')
        .whereRef('a.review_id', '=', 'r.id')
        .where('a.status', '!=', 'done')
        .where('a.due_date', '<', today)
        .select(eb.fn.countAll<number>().as('n'))
        .as('overdue_actions'),
      eb
        .selectFrom('review_recommendations as c')
        .whereRef('c.review_id', '=', 'r.id')
        .select(eb.fn.countAll<number>().as('n'))
        .as('recommendations'),
    ])
    .where('r.authority_code', '=', authorityCode)
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .execute();
  return rows.map((row) => ({
    ...toReview(row),
    meetings: Number(row.meetings ?? 0),
    openActions: Number(row.open_actions ?? 0),
    overdueActions: Number(row.overdue_actions ?? 0),
    recommendations: Number(row.recommendations ?? 0),
  }));
}

export async function updateReview(
  db: Db,
  authorityCode: string,
  id: number,
  changes: Partial<Pick<Review, 'title' | 'scope' | 'recommendationsAgreedOn' | 'contactOfficer'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('reviews')
    .set({
      ...(changes.title !== undefined ? { title: changes.title } : {}),
      ...(changes.scope !== undefined ? { scope: JSON.stringify(changes.scope) } : {}),
      ...(changes.recommendationsAgreedOn !== undefined ? { recommendations_agreed_on: changes.recommendationsAgreedOn } : {}),
      ...(changes.contactOfficer !== undefined ? { contact_officer: changes.contactOfficer } : {}),
      updated_at: sql`now()`,
    })
    .where('authority_code', '=', authorityCode)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

// ---- Meetings ---------------------------------------------------------------------------------

function toMeeting(row: {
  id: number;
  review_id: number;
  number: number;
  meeting_date: string;
  subject: string;
  information_required: Meeting['informationRequired'];
  officers_attending: string[];
  minutes: Minutes | null;
}): Meeting {
  return {
    id: row.id,
    reviewId: row.review_id,
    number: row.number,
    date: row.meeting_date,
    subject: row.subject,
    informationRequired: row.information_required,
    officersAttending: row.officers_attending,
    minutes: row.minutes,
  };
}

export async function listMeetings(db: Db, authorityCode: string, reviewId: number): Promise<Meeting[]> {
  const rows = await db
    .selectFrom('review_meetings')
    .selectAll()
    .where('authority_code', '=', authorityCode)
    .where('review_id', '=', reviewId)
    .orderBy('number')
    .execute();
  return rows.map(toMeeting);
}

export async function getMeeting(db: Db, authorityCode: string, reviewId: number, meetingId: number): Promise<Meeting | null> {
  const row = await db
    .selectFrom('review_meetings')
    .selectAll()
    .where('authority_code', '=', authorityCode)
    .where('review_id', '=', reviewId)
    .where('id', '=', meetingId)
    .executeTakeFirst();
  return row ? toMeeting(row) : null;
}

export type MeetingPlan = Pick<Meeting, 'date' | 'subject' | 'informationRequired' | 'officersAttending'>;

/** Adds the next meeting: numbered one after the last. */
export async function addMeeting(db: Db, authorityCode: string, reviewId: number, plan: MeetingPlan): Promise<Meeting> {
  return inTransaction(db, async (tx) => {
    const last = await tx
      .selectFrom('review_meetings')
      .select((eb) => eb.fn.max('number').as('n'))
      .where('authority_code', '=', authorityCode)
      .where('review_id', '=', reviewId)
      .executeTakeFirst();
    const row = await tx
      .insertInto('review_meetings')
      .values({
        authority_code: authorityCode,
        review_id: reviewId,
        number: Number(last?.n ?? 0) + 1,
        meeting_date: plan.date,
        subject: plan.subject,
        information_required: JSON.stringify(plan.informationRequired),
        officers_attending: JSON.stringify(plan.officersAttending),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toMeeting(row);
  });
}

export async function updateMeeting(db: Db, authorityCode: string, reviewId: number, meetingId: number, plan: MeetingPlan): Promise<boolean> {
  const result = await db
    .updateTable('review_meetings')
    .set({
      meeting_date: plan.date,
      subject: plan.subject,
      information_required: JSON.stringify(plan.informationRequired),
      officers_attending: JSON.stringify(plan.officersAttending),
    })
    .where('authority_code', '=', authorityCode)
    .where('review_id', '=', reviewId)
    .where('id', '=', meetingId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function saveMinutes(db: Db, authorityCode: string, reviewId: number, meetingId: number, minutes: Minutes): Promise<boolean> {
  const result = await db
    .updateTable('review_meetings')
    .set({ minutes: JSON.stringify(minutes) })
    .where('authority_code', '=', authorityCode)
    .where('review_id', '=', reviewId)
    .where('id', '=', meetingId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

// ---- Actions ----------------------------------------------------------------------------------

function toAction(row: {
  id: number;
  review_id: number;
  meeting_id: number | null;
  description: string;
  owner: string;
  due_date: string;
  status: ActionStatus;
}): ReviewAction {
  return {
    id: row.id,
    reviewId: row.review_id,
    meetingId: row.meeting_id,
    description: row.description,
    owner: row.owner,
    dueDate: row.due_date,
    status: row.status,
  };
}

export async function listActions(db: Db, authorityCode: string, reviewId: number): Promise<ReviewAction[]> {
  const rows = await db
    .selectFrom('review_actions')
    .selectAll()
    .where('authority_code', '=', authorityCode)
    .where('review_id', '=', reviewId)
    .orderBy('due_date')
    .orderBy('id')
    .execute();
  return rows.map(toAction);
}

export async function addAction(
  db: Db,
  authorityCode: string,
  reviewId: number,
  action: Pick<ReviewAction, 'meetingId' | 'description' | 'owner' | 'dueDate'>,
): Promise<ReviewAction> {
  const row = await db
    .insertInto('review_actions')
    .values({
      authority_code: authorityCode,
      review_id: reviewId,
      meeting_id: action.meetingId,
      description: action.description,
      owner: action.owner,
      due_date: action.dueDate,
      status: 'open',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAction(row);
}

export async function setActionStatus(db: Db, authorityCode: string, reviewId: number, actionId: number, status: ActionStatus): Promise<boolean> {
  const result = await db
    .updateTable('review_actions')
    .set({ status, updated_at: sql`now()` })
    .where('authority_code', '=', authorityCode)
    .where('review_id', '=', reviewId)
    .where('id', '=', actionId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function updateAction(
  db: Db,
  authorityCode: string,
  reviewId: number,
  actionId: number,
  action: Pick<ReviewAction, 'meetingId' | 'description' | 'owner' | 'dueDate' | 'status'>,
): Promise<boolean> {
  const result = await db
    .updateTable('review_actions')
    .set({ meeting_id: action.meetingId, description: action.description, owner: action.owner, due_date: action.dueDate, status: action.status, updated_at: sql`now()` })
    .where('authority_code', '=', authorityCode)
    .where('review_id', '=', reviewId)
    .where('id', '=', actionId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function getAction(db: Db, authorityCode: string, reviewId: number, actionId: number): Promise<ReviewAction | null> {
  const row = await db
    .selectFrom('review_actions')
    .selectAll()
    .where('authority_code', '=', authorityCode)
    .where('review_id', '=', reviewId)
    .where('id', '=', actionId)
    .executeTakeFirst();
  return row ? toAction(row) : null;
}

/** Removes an attachment added in error; the audit log keeps what it was. */
export async function removeEvidence(db: Db, authorityCode: string, reviewId: number, evidenceId: number): Promise<{ title: string; fileName: string | null } | null> {
  const row = await db
    .deleteFrom('review_evidence')
    .where('authority_code', '=', authorityCode)
    .where('review_id', '=', reviewId)
    .where('id', '=', evidenceId)
    .returning(['title', 'file_name'])
    .executeTakeFirst();
  return row ? { title: row.title, fileName: row.file_name } : null;
}

export interface OverdueAction extends ReviewAction {
  reviewTitle: string;
}

/** Actions past their due date and not done, across the authority's reviews (for the dashboard). */
export async function overdueActions(db: Db, authorityCode: string, today: IsoDate): Promise<OverdueAction[]> {
  const rows = await db
    .selectFrom('review_actions as a')
    .innerJoin('reviews as r', (join) => join.onRef('r.id', '=', 'a.review_id').onRef('r.authority_code', '=', 'a.authority_code'))
    .selectAll('a')
    .select('r.title as review_title')
    .where('a.authority_code', '=', authorityCode)
    .where('a.status', '!=', 'done')
    .where('a.due_date', '<', today)
    .orderBy('a.due_date')
    .orderBy('a.id')
    .execute();
  return rows.map((row) => ({ ...toAction(row), reviewTitle: row.review_title }));
}

// ---- Evidence packs ---------------------------------------------------------------------------

export interface StoredPack<Content = unknown, Sources = unknown> {
  id: number;
  reviewId: number;
  meetingId: number | null;
  asOf: IsoDate;
  censusYear: number;
  title: string;
  content: Content;
  sources: Sources;
  issuedBy: string | null;
  issuedAt: string;
}

function toPack<C, S>(row: {
  id: number;
  review_id: number;
  meeting_id: number | null;
  as_of: string;
  census_year: number;
  title: string;
  content: unknown;
  sources: unknown;
  issued_by: string | null;
  issued_at: Date;
}): StoredPack<C, S> {
  return {
    id: row.id,
    reviewId: row.review_id,
    meetingId: row.meeting_id,
    asOf: row.as_of,
    censusYear: row.census_year,
    title: row.title,
    content: row.content as C,
    sources: row.sources as S,
    issuedBy: row.issued_by,
    issuedAt: iso(row.issued_at),
  };
}

/** Issues a pack: written once, never updated, so what the committee was given stays as it was. */
export async function issuePack<C, S>(
  db: Db,
  authorityCode: string,
  reviewId: number,
  pack: Pick<StoredPack<C, S>, 'meetingId' | 'asOf' | 'censusYear' | 'title' | 'content' | 'sources' | 'issuedBy'>,
): Promise<StoredPack<C, S>> {
  const row = await db
    .insertInto('review_packs')
    .values({
      authority_code: authorityCode,
      review_id: reviewId,
      meeting_id: pack.meetingId,
      as_of: pack.asOf,
      census_year: pack.censusYear,
      title: pack.title,
      content: JSON.stringify(pack.content),
      sources: JSON.stringify(pack.sources),
      issued_by: pack.issuedBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPack(row);
}

export async function listPacks(db: Db, authorityCode: string, reviewId: number): Promise<Omit<StoredPack, 'content' | 'sources'>[]> {
  const rows = await db
    .selectFrom('review_packs')
    .select(['id', 'review_id', 'meeting_id', 'as_of', 'census_year', 'title', 'issued_by', 'issued_at'])
    .where('authority_code', '=', authorityCode)
    .where('review_id', '=', reviewId)
    .orderBy('issued_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => {
    const { content: _content, sources: _sources, ...rest } = toPack({ ...row, content: null, sources: null });
    return rest;
  });
}

export async function getPack<C, S>(db: Db, authorityCode: string, reviewId: number, packId: number): Promise<StoredPack<C, S> | null> {
  const row = await db
    .selectFrom('review_packs')
    .selectAll()
    .where('authority_code', '=', authorityCode)
    .where('review_id', '=', reviewId)
    .where('id', '=', packId)
    .executeTakeFirst();
  return row ? toPack<C, S>(row) : null;
}

// ---- Other evidence ---------------------------------------------------------------------------

export type EvidenceKind = 'document' | 'focus_group' | 'other_council_policy' | 'survey' | 'other';

export interface EvidenceItem {
  id: number;
  reviewId: number;
  kind: EvidenceKind;
  title: string;
  notes: string;
  fileName: string | null;
  contentType: string | null;
  size: number | null;
  checksumSha256: string | null;
  addedBy: string | null;
  addedAt: string;
}

export async function addEvidence(
  db: Db,
  authorityCode: string,
  reviewId: number,
  evidence: {
    kind: EvidenceKind;
    title: string;
    notes: string;
    file: { name: string; contentType: string; bytes: Uint8Array; checksumSha256: string } | null;
    addedBy: string | null;
  },
): Promise<number> {
  const row = await db
    .insertInto('review_evidence')
    .values({
      authority_code: authorityCode,
      review_id: reviewId,
      kind: evidence.kind,
      title: evidence.title,
      notes: evidence.notes,
      file_name: evidence.file?.name ?? null,
      content_type: evidence.file?.contentType ?? null,
      bytes: evidence.file?.bytes ?? null,
      checksum_sha256: evidence.file?.checksumSha256 ?? null,
      added_by: evidence.addedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listEvidence(db: Db, authorityCode: string, reviewId: number): Promise<EvidenceItem[]> {
  const rows = await db
    .selectFrom('review_evidence')
    .select(['id', 'review_id', 'kind', 'title', 'notes', 'file_name', 'content_type', 'checksum_sha256', 'added_by', 'added_at'])
    .select(sql<number | null>`octet_length(bytes)`.as('size'))
    .where('authority_code', '=', authorityCode)
    .where('review_id', '=', reviewId)
    .orderBy('added_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    reviewId: row.review_id,
    kind: row.kind,
    title: row.title,
    notes: row.notes,
    fileName: row.file_name,
    contentType: row.content_type,
    size: row.size === null ? null : Number(row.size),
    checksumSha256: row.checksum_sha256,
    addedBy: row.added_by,
    addedAt: iso(row.added_at),
  }));
}

export async function getEvidenceFile(
  db: Db,
  authorityCode: string,
  reviewId: number,
  evidenceId: number,
): Promise<{ fileName: string; contentType: string; bytes: Uint8Array } | null> {
  const row = await db
    .selectFrom('review_evidence')
    .select(['file_name', 'content_type', 'bytes'])
    .where('authority_code', '=', authorityCode)
    .where('review_id', '=', reviewId)
    .where('id', '=', evidenceId)
    .executeTakeFirst();
  if (!row?.bytes || !row.file_name) return null;
  return { fileName: row.file_name, contentType: row.content_type ?? 'application/octet-stream', bytes: row.bytes };
}

// ---- Findings ---------------------------------------------------------------------------------

function toFinding(row: {
  id: number;
  review_id: number;
  rule_id: string | null;
  swot: Swot;
  statement: string;
  evidence: string;
  status: FindingStatus;
}): Finding {
  return { id: row.id, reviewId: row.review_id, ruleId: row.rule_id, swot: row.swot, statement: row.statement, evidence: row.evidence, status: row.status };
}

export async function listFindings(db: Db, authorityCode: string, reviewId: number): Promise<Finding[]> {
  const rows = await db
    .selectFrom('review_findings')
    .selectAll()
    .where('authority_code', '=', authorityCode)
    .where('review_id', '=', reviewId)
    .orderBy('id')
    .execute();
  return rows.map(toFinding);
}

export async function getFinding(db: Db, authorityCode: string, reviewId: number, findingId: number): Promise<Finding | null> {
  const row = await db
    .selectFrom('review_findings')
    .selectAll()
    .where('authority_code', '=', authorityCode)
    .where('review_id', '=', reviewId)
    .where('id', '=', findingId)
    .executeTakeFirst();
  return row ? toFinding(row) : null;
}

/** Stores proposals from the findings rules; one already proposed (same rule, same words), however it was decided, is not repeated. Returns how many are new. */
export async function addProposedFindings(
  db: Db,
  authorityCode: string,
  reviewId: number,
  proposals: readonly { ruleId: string; swot: Swot; statement: string; evidence: string }[],
): Promise<number> {
  if (proposals.length === 0) return 0;
  const inserted = await db
    .insertInto('review_findings')
    .values(
      proposals.map((p) => ({
        authority_code: authorityCode,
        review_id: reviewId,
        rule_id: p.ruleId,
        swot: p.swot,
        statement: p.statement,
        proposed_statement: p.statement,
        evidence: p.evidence,
        status: 'proposed' as const,
      })),
    )
    .onConflict((oc) => oc.columns(['review_id', 'rule_id', 'proposed_statement']).where('rule_id', 'is not', null).doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

export async function addFinding(
  db: Db,
  authorityCode: string,
  reviewId: number,
  finding: { swot: Swot; statement: string; evidence: string; decidedBy: string | null },
): Promise<number> {
  const row = await db
    .insertInto('review_findings')
    .values({
      authority_code: authorityCode,
      review_id: reviewId,
      rule_id: null,
      swot: finding.swot,
      statement: finding.statement,
      proposed_statement: null,
      evidence: finding.evidence,
      status: 'accepted',
      decided_by: finding.decidedBy,
      decided_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Accept (optionally with edited words or SWOT heading) or reject a finding. */
export async function decideFinding(
  db: Db,
  authorityCode: string,
  reviewId: number,
  findingId: number,
  decision: { status: 'accepted' | 'rejected'; statement?: string; evidence?: string; swot?: Swot; decidedBy: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('review_findings')
    .set({
      status: decision.status,
      ...(decision.statement !== undefined ? { statement: decision.statement } : {}),
      ...(decision.evidence !== undefined ? { evidence: decision.evidence } : {}),
      ...(decision.swot !== undefined ? { swot: decision.swot } : {}),
      decided_by: decision.decidedBy,
      decided_at: new Date(),
    })
    .where('authority_code', '=', authorityCode)
    .where('review_id', '=', reviewId)
    .where('id', '=', findingId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

// ---- Recommendations --------------------------------------------------------------------------

function toRecommendation(row: {
  id: number;
  review_id: number;
  number: number;
  text: string;
  addressed_to: string;
  response: RecommendationResponse;
  response_reasons: string;
  decision_date: string | null;
  owner: string;
  financial_implications: string;
  investment_per_year: number | null;
  implementation_status: ImplementationStatus;
  updates: ProgressUpdate[];
  progress_review_date: string | null;
}): Recommendation {
  return {
    id: row.id,
    reviewId: row.review_id,
    number: row.number,
    text: row.text,
    addressedTo: row.addressed_to,
    response: row.response,
    responseReasons: row.response_reasons,
    decisionDate: row.decision_date,
    owner: row.owner,
    financialImplications: row.financial_implications,
    investmentPerYear: row.investment_per_year === null ? null : Number(row.investment_per_year),
    implementationStatus: row.implementation_status,
    updates: row.updates,
    progressReviewDate: row.progress_review_date,
  };
}

export async function listRecommendations(db: Db, authorityCode: string, reviewId: number): Promise<Recommendation[]> {
  const rows = await db
    .selectFrom('review_recommendations')
    .selectAll()
    .where('authority_code', '=', authorityCode)
    .where('review_id', '=', reviewId)
    .orderBy('number')
    .execute();
  return rows.map(toRecommendation);
}

export async function getRecommendation(db: Db, authorityCode: string, reviewId: number, recommendationId: number): Promise<Recommendation | null> {
  const row = await db
    .selectFrom('review_recommendations')
    .selectAll()
    .where('authority_code', '=', authorityCode)
    .where('review_id', '=', reviewId)
    .where('id', '=', recommendationId)
    .executeTakeFirst();
  return row ? toRecommendation(row) : null;
}

export type RecommendationFields = Omit<Recommendation, 'id' | 'reviewId' | 'number' | 'updates'>;

export async function addRecommendation(db: Db, authorityCode: string, reviewId: number, fields: RecommendationFields): Promise<Recommendation> {
  return inTransaction(db, async (tx) => {
    const last = await tx
      .selectFrom('review_recommendations')
      .select((eb) => eb.fn.max('number').as('n'))
      .where('authority_code', '=', authorityCode)
      .where('review_id', '=', reviewId)
      .executeTakeFirst();
    const row = await tx
      .insertInto('review_recommendations')
      .values({ authority_code: authorityCode, review_id: reviewId, number: Number(last?.n ?? 0) + 1, ...recommendationColumns(fields), updates: '[]' })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecommendation(row);
  });
}

function recommendationColumns(fields: RecommendationFields) {
  return {
    text: fields.text,
    addressed_to: fields.addressedTo,
    response: fields.response,
    response_reasons: fields.responseReasons,
    decision_date: fields.decisionDate,
    owner: fields.owner,
    financial_implications: fields.financialImplications,
    investment_per_year: fields.investmentPerYear,
    implementation_status: fields.implementationStatus,
    progress_review_date: fields.progressReviewDate,
  };
}

export async function updateRecommendation(
  db: Db,
  authorityCode: string,
  reviewId: number,
  recommendationId: number,
  fields: RecommendationFields,
  newUpdate: ProgressUpdate | null,
): Promise<boolean> {
  const result = await db
    .updateTable('review_recommendations')
    .set({
      ...recommendationColumns(fields),
      ...(newUpdate ? { updates: sql`updates || ${JSON.stringify([newUpdate])}::jsonb` } : {}),
    })
    .where('authority_code', '=', authorityCode)
    .where('review_id', '=', reviewId)
    .where('id', '=', recommendationId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
