import type { FastifyInstance, FastifyRequest } from 'fastify';
import { answerSurvey, createSurvey, createSurveyLink, enterPaperResponse, inviteToSurvey, isOpen, setComparators, surveyForToken } from '../../commands/surveys.ts';
import { getSurvey, listSurveys } from '../../db/surveys.ts';
import { registerTeams } from '../../db/register.ts';
import { ROLE_CODES, ROLE_LABELS } from '../../domain/codes.ts';
import {
  EXPERIENCE_BANDS,
  EXPERIENCE_LABELS,
  LIBRARY_QUESTIONS,
  LIKERT_LABELS,
  QUESTION_LIBRARY,
  readAnswers,
  type ExperienceBand,
  type SurveyQuestion,
  type SurveyResponseRecord,
} from '../../domain/surveys.ts';
import { parseDate } from '../../imports/values.ts';
import { surveyResults } from '../../reports/surveys.ts';
import { authorityOf } from '../access.ts';
import { canSeePersonalData } from '../auth.ts';
import { todayIso } from '../clock.ts';
import { notFound } from '../errors.ts';
import { asArray, type FormErrors } from '../forms.ts';

/**
 * Surveys: officers build a questionnaire from the library, open it for a period, share one
 * anonymous link or one-use invitations, and type in paper responses; respondents answer at
 * /s/:token without signing in or JavaScript; everyone signed in reads results, by group only
 * where a group is large enough, and free text only as an officer.
 */

type Body = Record<string, unknown>;
const field = (body: Body, name: string) => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');
const actorOf = (request: FastifyRequest) => ({ userId: request.user?.id ?? null, email: request.user?.email ?? null, ip: request.ip });

function respondentContext(teams: string[]) {
  return {
    likertLabels: LIKERT_LABELS,
    teams,
    roles: ROLE_CODES.map((code) => ({ value: code, text: ROLE_LABELS[code] })),
    bands: EXPERIENCE_BANDS.map((code) => ({ value: code, text: EXPERIENCE_LABELS[code] })),
  };
}

function readRespondent(questions: SurveyQuestion[], body: Body, teams: string[]): { response: SurveyResponseRecord; errors?: FormErrors } {
  const { answers, errors } = readAnswers(questions, body);
  const team = field(body, 'team');
  const role = field(body, 'role');
  const band = field(body, 'experienceBand');
  const response: SurveyResponseRecord = {
    team: teams.includes(team) ? team : null,
    role: (ROLE_CODES as readonly string[]).includes(role) ? role : null,
    experienceBand: (EXPERIENCE_BANDS as readonly string[]).includes(band) ? (band as ExperienceBand) : null,
    answers,
  };
  if (errors.length === 0) return { response };
  return { response, errors: { summary: errors.map((e) => ({ text: e.text, href: `#${e.key}` })), fields: Object.fromEntries(errors.map((e) => [e.key, { text: e.text }])) } };
}

async function teamsOf(app: FastifyInstance, authorityCode: string): Promise<string[]> {
  return (await registerTeams(app.db, authorityCode)).teams;
}

export function register(app: FastifyInstance): void {
  const viewer = { config: { access: 'viewer' as const } };
  const analyst = { config: { access: 'analyst' as const } };
  const open = { config: { access: 'public' as const } };

  app.get('/surveys', viewer, async (request, reply) => {
    const authority = authorityOf(request);
    const surveys = await listSurveys(app.db, authority.code);
    return reply.page('surveys/index.njk', { title: 'Surveys', surveys: surveys.map((s) => ({ ...s, open: isOpen(s, todayIso()) })), library: QUESTION_LIBRARY });
  });

  app.post('/surveys', analyst, async (request, reply) => {
    const authority = authorityOf(request);
    const body = (request.body ?? {}) as Body;
    const keys = asArray(body.questions).filter((k): k is string => typeof k === 'string' && LIBRARY_QUESTIONS.has(k));
    const questions = keys.map((k) => LIBRARY_QUESTIONS.get(k)!);
    const customText = field(body, 'customText');
    const customType = field(body, 'customType');
    if (customText) {
      const options = field(body, 'customOptions')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)
        .map((label, i) => ({ value: `o${i + 1}`, label }));
      const type = (['likert', 'single', 'multiple', 'ranking', 'text'] as const).find((t) => t === customType) ?? 'likert';
      questions.push({ key: `custom_${Date.now().toString(36)}`, type, text: customText, ...(options.length > 0 && type !== 'likert' && type !== 'text' ? { options } : {}) });
    }
    const title = field(body, 'title');
    const opens = parseDate(field(body, 'opensOn'));
    const closes = parseDate(field(body, 'closesOn'));
    const errors: FormErrors = { summary: [], fields: {} };
    const add = (name: string, text: string) => {
      errors.summary.push({ text, href: `#${name}` });
      errors.fields[name] = { text };
    };
    if (!title) add('title', 'Enter a title for the survey');
    if (questions.length === 0) add('questions', 'Choose at least one question');
    if (field(body, 'opensOn') && !opens.ok) add('opensOn', 'Enter the opening date as a real date, for example 01/03/2026');
    if (field(body, 'closesOn') && !closes.ok) add('closesOn', 'Enter the closing date as a real date, for example 31/03/2026');
    if (errors.summary.length > 0) {
      const surveys = await listSurveys(app.db, authority.code);
      return reply.code(400).page('surveys/index.njk', { title: 'Surveys', surveys, library: QUESTION_LIBRARY, errors, values: body });
    }
    const previous = Number(field(body, 'previousSurveyId')) || null;
    const id = await createSurvey(
      app.db,
      {
        authorityCode: authority.code,
        title,
        template: null,
        questions,
        opensOn: field(body, 'opensOn') && opens.ok ? opens.value : null,
        closesOn: field(body, 'closesOn') && closes.ok ? closes.value : null,
        previousSurveyId: previous && (await getSurvey(app.db, authority.code, previous)) ? previous : null,
      },
      actorOf(request),
    );
    request.audited = true;
    return reply.redirect(`/surveys/${id}`, 303);
  });

  async function surveyPage(request: FastifyRequest) {
    const authority = authorityOf(request);
    const id = Number((request.params as { id: string }).id);
    const view = Number.isInteger(id) ? await surveyResults(app.db, authority.code, id, canSeePersonalData(request.user)) : null;
    if (!view) throw notFound('There is no survey with this number.');
    return { authority, view };
  }

  app.get('/surveys/:id', viewer, async (request, reply) => {
    const { view } = await surveyPage(request);
    return reply.page('surveys/results.njk', { title: view.survey.title, view, open: isOpen(view.survey, todayIso()), groupNames: { team: 'team', role: 'role', experience: 'experience' } });
  });

  app.post('/surveys/:id/link', analyst, async (request, reply) => {
    const { authority, view } = await surveyPage(request);
    const token = await createSurveyLink(app.db, { authorityCode: authority.code, surveyId: view.survey.id }, actorOf(request));
    request.audited = true;
    await request.flash({
      type: 'success',
      heading: 'Anonymous link created',
      text: 'Anyone with it can answer; answers are not linked to anyone. A new link replaces this one. It is shown only now.',
      secret: `${request.protocol}://${request.host}/s/${token}`,
    });
    return reply.redirect(`/surveys/${view.survey.id}`, 303);
  });

  app.post('/surveys/:id/invitations', analyst, async (request, reply) => {
    const { authority, view } = await surveyPage(request);
    const invitees = field((request.body ?? {}) as Body, 'invitees')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)
      .slice(0, 500);
    const tokens = await inviteToSurvey(app.db, { authorityCode: authority.code, surveyId: view.survey.id, invitees }, actorOf(request));
    request.audited = true;
    const origin = `${request.protocol}://${request.host}`;
    await request.flash({
      type: 'success',
      heading: `${tokens.length} invitation${tokens.length === 1 ? '' : 's'} created`,
      text: 'Each link works once. Retain keeps who was invited, never which answer is theirs. Shown only now.',
      secret: tokens.map((t) => `${t.invitee}: ${origin}/s/${t.token}`).join('\n'),
    });
    return reply.redirect(`/surveys/${view.survey.id}`, 303);
  });

  app.post('/surveys/:id/comparators', analyst, async (request, reply) => {
    const { authority, view } = await surveyPage(request);
    const body = (request.body ?? {}) as Body;
    const comparators: Record<string, number> = {};
    for (const q of view.survey.questions.filter((q) => q.type === 'likert')) {
      const n = Number(field(body, `comparator_${q.key}`).replace(/%$/, ''));
      if (field(body, `comparator_${q.key}`) !== '' && Number.isFinite(n) && n >= 0 && n <= 100) comparators[q.key] = n;
    }
    await setComparators(app.db, { authorityCode: authority.code, surveyId: view.survey.id, comparators }, actorOf(request));
    request.audited = true;
    return reply.redirect(`/surveys/${view.survey.id}`, 303);
  });

  app.get('/surveys/:id/paper', analyst, async (request, reply) => {
    const { authority, view } = await surveyPage(request);
    return reply.page('surveys/answer.njk', {
      title: `Enter a paper response: ${view.survey.title}`,
      survey: view.survey,
      values: {},
      action: `/surveys/${view.survey.id}/paper`,
      paper: true,
      ...respondentContext(await teamsOf(app, authority.code)),
    });
  });

  app.post('/surveys/:id/paper', analyst, async (request, reply) => {
    const { authority, view } = await surveyPage(request);
    const teams = await teamsOf(app, authority.code);
    const body = (request.body ?? {}) as Body;
    const { response, errors } = readRespondent(view.survey.questions, body, teams);
    if (errors)
      return reply.code(400).page('surveys/answer.njk', {
        title: `Enter a paper response: ${view.survey.title}`,
        survey: view.survey,
        values: body,
        errors,
        action: `/surveys/${view.survey.id}/paper`,
        paper: true,
        ...respondentContext(teams),
      });
    await enterPaperResponse(app.db, { authorityCode: authority.code, surveyId: view.survey.id, response, today: todayIso() }, actorOf(request));
    request.audited = true;
    await request.flash({ type: 'success', heading: 'Paper response saved' });
    return reply.redirect(`/surveys/${view.survey.id}/paper`, 303);
  });

  const closed = { unknown: 'This survey link is not recognised.', closed: 'This survey is not open at the moment.', used: 'This invitation has already been used to answer. Thank you.' } as const;

  app.get('/s/:token', open, async (request, reply) => {
    const { token } = request.params as { token: string };
    const found = await surveyForToken(app.db, token);
    if (!found.survey) return reply.code(404).page('leavers/answer-closed.njk', { title: 'Survey', message: closed.unknown });
    if (found.used) return reply.code(410).page('leavers/answer-closed.njk', { title: 'Survey', message: closed.used });
    if (!isOpen(found.survey, todayIso())) return reply.code(410).page('leavers/answer-closed.njk', { title: 'Survey', message: closed.closed });
    return reply.page('surveys/answer.njk', {
      title: found.survey.title,
      survey: found.survey,
      values: {},
      action: `/s/${token}`,
      ...respondentContext(await teamsOf(app, found.survey.authorityCode)),
    });
  });

  app.post('/s/:token', open, async (request, reply) => {
    const { token } = request.params as { token: string };
    const found = await surveyForToken(app.db, token);
    if (!found.survey) return reply.code(404).page('leavers/answer-closed.njk', { title: 'Survey', message: closed.unknown });
    const teams = await teamsOf(app, found.survey.authorityCode);
    const body = (request.body ?? {}) as Body;
    const { response, errors } = readRespondent(found.survey.questions, body, teams);
    if (errors) return reply.code(400).page('surveys/answer.njk', { title: found.survey.title, survey: found.survey, values: body, errors, action: `/s/${token}`, ...respondentContext(teams) });
    const outcome = await answerSurvey(app.db, { token, response, today: todayIso() }, actorOf(request));
    if (outcome !== 'saved') return reply.code(outcome === 'unknown' ? 404 : 409).page('leavers/answer-closed.njk', { title: 'Survey', message: closed[outcome] });
    return reply.page('leavers/answer-done.njk', { title: 'Thank you', surveyDone: true });
  });
}
