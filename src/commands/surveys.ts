import { randomBytes } from 'node:crypto';
import { writeAudit } from '../db/audit.ts';
import type { Db } from '../db/database.ts';
import { getSurvey, insertInvitations, insertResponse, insertSurvey, invitationByHash, markInvitationUsed, setSurveyComparators, setSurveyLinkHash, surveyByLinkHash } from '../db/surveys.ts';
import type { SurveyQuestion, SurveyResponseRecord } from '../domain/surveys.ts';
import type { IsoDate } from '../domain/workforce.ts';
import { tokenHash, type Actor } from './exit-interviews.ts';

/**
 * Survey writes, each one transaction with its audit entry. Answers are never audited against a
 * person: the audit says a response came in, not whose it is.
 */

const newToken = () => randomBytes(18).toString('base64url');

async function audit(db: Db, actor: Actor, action: string, authorityCode: string, details: Record<string, unknown>) {
  await writeAudit(db, { userId: actor.userId, userEmail: actor.email, action, authorityCode, details, ip: actor.ip ?? null });
}

export async function createSurvey(
  db: Db,
  input: { authorityCode: string; title: string; template: string | null; questions: SurveyQuestion[]; opensOn: IsoDate | null; closesOn: IsoDate | null; previousSurveyId: number | null },
  actor: Actor,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const id = await insertSurvey(trx, { ...input, createdBy: actor.email });
    await audit(trx, actor, 'survey.created', input.authorityCode, { surveyId: id, title: input.title, questions: input.questions.length });
    return id;
  });
}

/** One anonymous link for the whole survey (a new one replaces the old). The token is shown once. */
export async function createSurveyLink(db: Db, input: { authorityCode: string; surveyId: number }, actor: Actor): Promise<string> {
  const token = newToken();
  await db.transaction().execute(async (trx) => {
    await setSurveyLinkHash(trx, input.authorityCode, input.surveyId, tokenHash(token));
    await audit(trx, actor, 'survey.link_created', input.authorityCode, { surveyId: input.surveyId });
  });
  return token;
}

/** One-use invitation tokens: who was invited is kept, which answer is theirs is not. */
export async function inviteToSurvey(db: Db, input: { authorityCode: string; surveyId: number; invitees: string[] }, actor: Actor): Promise<Array<{ invitee: string; token: string }>> {
  const tokens = input.invitees.map((invitee) => ({ invitee, token: newToken() }));
  await db.transaction().execute(async (trx) => {
    await insertInvitations(
      trx,
      input.authorityCode,
      input.surveyId,
      tokens.map((t) => ({ invitee: t.invitee, tokenHash: tokenHash(t.token) })),
    );
    await audit(trx, actor, 'survey.invited', input.authorityCode, { surveyId: input.surveyId, invitations: tokens.length });
  });
  return tokens;
}

export type AnswerOutcome = 'saved' | 'unknown' | 'closed' | 'used';

export function isOpen(survey: { opensOn: string | null; closesOn: string | null }, today: IsoDate): boolean {
  return (survey.opensOn === null || survey.opensOn <= today) && (survey.closesOn === null || today <= survey.closesOn);
}

/** Which survey a respondent's token opens: the anonymous link, or an unused invitation. */
export async function surveyForToken(db: Db, token: string): Promise<{ survey: Awaited<ReturnType<typeof getSurvey>>; invitation: boolean; used: boolean }> {
  const hash = tokenHash(token);
  const byLink = await surveyByLinkHash(db, hash);
  if (byLink) return { survey: byLink, invitation: false, used: false };
  const invitation = await db.selectFrom('survey_invitations').select(['authority_code', 'survey_id', 'used']).where('token_hash', '=', hash).executeTakeFirst();
  if (!invitation) return { survey: null, invitation: false, used: false };
  return { survey: await getSurvey(db, invitation.authority_code, invitation.survey_id), invitation: true, used: invitation.used };
}

/** A respondent answers through the link or an invitation; an invitation works once. */
export async function answerSurvey(db: Db, input: { token: string; response: SurveyResponseRecord; today: IsoDate }, actor: Actor): Promise<AnswerOutcome> {
  return db.transaction().execute(async (trx) => {
    const hash = tokenHash(input.token);
    let survey = await surveyByLinkHash(trx, hash);
    if (!survey) {
      const invitation = await invitationByHash(trx, hash);
      if (!invitation) return 'unknown';
      if (invitation.used) return 'used';
      survey = await getSurvey(trx, invitation.authorityCode, invitation.surveyId);
      if (!survey || !isOpen(survey, input.today)) return 'closed';
      await markInvitationUsed(trx, invitation.id);
    } else if (!isOpen(survey, input.today)) return 'closed';
    await insertResponse(trx, survey.authorityCode, survey.id, { ...input.response, channel: 'online', receivedOn: input.today });
    await audit(trx, actor, 'survey.answered', survey.authorityCode, { surveyId: survey.id });
    return 'saved';
  });
}

/** An officer types in a paper questionnaire. */
export async function enterPaperResponse(db: Db, input: { authorityCode: string; surveyId: number; response: SurveyResponseRecord; today: IsoDate }, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await insertResponse(trx, input.authorityCode, input.surveyId, { ...input.response, channel: 'paper', receivedOn: input.today });
    await audit(trx, actor, 'survey.paper_entered', input.authorityCode, { surveyId: input.surveyId });
  });
}

/** The officer's comparator per Likert question (e.g. the department's average agreement, %). */
export async function setComparators(db: Db, input: { authorityCode: string; surveyId: number; comparators: Record<string, number> }, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await setSurveyComparators(trx, input.authorityCode, input.surveyId, input.comparators);
    await audit(trx, actor, 'survey.comparators_set', input.authorityCode, { surveyId: input.surveyId, comparators: input.comparators });
  });
}
