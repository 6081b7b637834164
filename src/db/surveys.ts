import type { ExperienceBand, SurveyQuestion, SurveyResponseRecord, Answers } from '../domain/surveys.ts';
import type { Db } from './database.ts';

/**
 * Surveys, invitations and responses, always read and written under an authority code. An
 * invitation records only that it was used; a response keeps the day it came in, not who sent it.
 */

export interface Survey {
  id: number;
  authorityCode: string;
  title: string;
  template: string | null;
  questions: SurveyQuestion[];
  opensOn: string | null;
  closesOn: string | null;
  previousSurveyId: number | null;
  comparators: Record<string, number>;
  hasLink: boolean;
  createdBy: string | null;
}

const parse = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));

function toSurvey(row: {
  id: number;
  authority_code: string;
  title: string;
  template: string | null;
  questions: unknown;
  opens_on: string | null;
  closes_on: string | null;
  previous_survey_id: number | null;
  comparators: unknown;
  link_token_hash: string | null;
  created_by: string | null;
}): Survey {
  return {
    id: row.id,
    authorityCode: row.authority_code,
    title: row.title,
    template: row.template,
    questions: parse<SurveyQuestion[]>(row.questions),
    opensOn: row.opens_on,
    closesOn: row.closes_on,
    previousSurveyId: row.previous_survey_id,
    comparators: parse<Record<string, number>>(row.comparators) ?? {},
    hasLink: row.link_token_hash !== null,
    createdBy: row.created_by,
  };
}

export async function insertSurvey(db: Db, survey: Omit<Survey, 'id' | 'hasLink' | 'comparators'>): Promise<number> {
  const row = await db
    .insertInto('surveys')
    .values({
      authority_code: survey.authorityCode,
      title: survey.title,
      template: survey.template,
      questions: JSON.stringify(survey.questions),
      opens_on: survey.opensOn,
      closes_on: survey.closesOn,
      previous_survey_id: survey.previousSurveyId,
      created_by: survey.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listSurveys(db: Db, authorityCode: string): Promise<Array<Survey & { responses: number }>> {
  const rows = await db.selectFrom('surveys').selectAll().where('authority_code', '=', authorityCode).orderBy('id', 'desc').execute();
  const counts = await db
    .selectFrom('survey_responses')
    .select(['survey_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('authority_code', '=', authorityCode)
    .groupBy('survey_id')
    .execute();
  const byId = new Map(counts.map((c) => [c.survey_id, Number(c.n)]));
  return rows.map((row) => ({ ...toSurvey(row), responses: byId.get(row.id) ?? 0 }));
}

export async function getSurvey(db: Db, authorityCode: string, id: number): Promise<Survey | null> {
  const row = await db.selectFrom('surveys').selectAll().where('authority_code', '=', authorityCode).where('id', '=', id).executeTakeFirst();
  return row ? toSurvey(row) : null;
}

export async function surveyByLinkHash(db: Db, hash: string): Promise<Survey | null> {
  const row = await db.selectFrom('surveys').selectAll().where('link_token_hash', '=', hash).executeTakeFirst();
  return row ? toSurvey(row) : null;
}

export async function setSurveyLinkHash(db: Db, authorityCode: string, id: number, hash: string): Promise<void> {
  await db.updateTable('surveys').set({ link_token_hash: hash }).where('authority_code', '=', authorityCode).where('id', '=', id).execute();
}

export async function setSurveyComparators(db: Db, authorityCode: string, id: number, comparators: Record<string, number>): Promise<void> {
  await db
    .updateTable('surveys')
    .set({ comparators: JSON.stringify(comparators) })
    .where('authority_code', '=', authorityCode)
    .where('id', '=', id)
    .execute();
}

export async function insertInvitations(db: Db, authorityCode: string, surveyId: number, invitations: Array<{ invitee: string; tokenHash: string }>): Promise<void> {
  if (invitations.length === 0) return;
  await db
    .insertInto('survey_invitations')
    .values(invitations.map((i) => ({ authority_code: authorityCode, survey_id: surveyId, invitee: i.invitee, token_hash: i.tokenHash })))
    .execute();
}

/** The invitation for a token, locked for the answering transaction. */
export async function invitationByHash(db: Db, hash: string): Promise<{ id: number; authorityCode: string; surveyId: number; used: boolean } | null> {
  const row = await db.selectFrom('survey_invitations').select(['id', 'authority_code', 'survey_id', 'used']).where('token_hash', '=', hash).forUpdate().executeTakeFirst();
  return row ? { id: row.id, authorityCode: row.authority_code, surveyId: row.survey_id, used: row.used } : null;
}

export async function markInvitationUsed(db: Db, id: number): Promise<void> {
  await db.updateTable('survey_invitations').set({ used: true }).where('id', '=', id).execute();
}

export async function invitationCounts(db: Db, authorityCode: string, surveyId: number): Promise<{ invited: number; used: number }> {
  const rows = await db.selectFrom('survey_invitations').select(['used']).where('authority_code', '=', authorityCode).where('survey_id', '=', surveyId).execute();
  return { invited: rows.length, used: rows.filter((r) => r.used).length };
}

export async function insertResponse(db: Db, authorityCode: string, surveyId: number, response: SurveyResponseRecord & { channel: 'online' | 'paper'; receivedOn: string }): Promise<void> {
  await db
    .insertInto('survey_responses')
    .values({
      authority_code: authorityCode,
      survey_id: surveyId,
      channel: response.channel,
      team: response.team,
      role: response.role,
      experience_band: response.experienceBand,
      answers: JSON.stringify(response.answers),
      received_on: response.receivedOn,
    })
    .execute();
}

export async function surveyResponses(db: Db, authorityCode: string, surveyId: number): Promise<Array<SurveyResponseRecord & { channel: 'online' | 'paper' }>> {
  const rows = await db.selectFrom('survey_responses').selectAll().where('authority_code', '=', authorityCode).where('survey_id', '=', surveyId).orderBy('id').execute();
  return rows.map((row) => ({ team: row.team, role: row.role, experienceBand: row.experience_band as ExperienceBand | null, answers: parse<Answers>(row.answers), channel: row.channel }));
}
