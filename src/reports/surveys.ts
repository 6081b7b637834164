import type { Db } from '../db/database.ts';
import { retentionSettings } from '../db/exit-interviews.ts';
import { getSurvey, invitationCounts, surveyResponses, type Survey } from '../db/surveys.ts';
import { compareAgreement, EXPERIENCE_LABELS, minGroupSize, questionResult, resultsByGroup, type GroupResults, type QuestionResult, type SurveyGroupBy } from '../domain/surveys.ts';
import { ROLE_LABELS, type RoleCode } from '../domain/codes.ts';

/**
 * A survey's results for the web page and packs: overall and by team, role and experience, each
 * shown only for at least the council's minimum group of responses (10 unless set, never below 5).
 * Free-text answers go to officers only (`personalDataAllowed`), never to viewers or packs.
 */

export interface SurveyResultsView {
  survey: Survey;
  responses: number;
  paper: number;
  invitations: { invited: number; used: number };
  minGroup: number;
  /** False when there are fewer responses than minGroup: nothing is shown. */
  shown: boolean;
  results: Array<QuestionResult & { changeSincePrevious: number | null; gapToComparator: number | null; comparator: number | null; previousAgree: number | null }>;
  groups: Record<SurveyGroupBy, Array<GroupResults & { label: string }>>;
  previousTitle: string | null;
}

function groupLabel(by: SurveyGroupBy, key: string): string {
  if (by === 'role') return ROLE_LABELS[key as RoleCode] ?? key;
  if (by === 'experience') return EXPERIENCE_LABELS[key as keyof typeof EXPERIENCE_LABELS] ?? key;
  return key;
}

export async function surveyResults(db: Db, authorityCode: string, surveyId: number, personalDataAllowed: boolean): Promise<SurveyResultsView | null> {
  const survey = await getSurvey(db, authorityCode, surveyId);
  if (!survey) return null;
  const [responses, settings, invitations, previous] = await Promise.all([
    surveyResponses(db, authorityCode, surveyId),
    retentionSettings(db, authorityCode),
    invitationCounts(db, authorityCode, surveyId),
    survey.previousSurveyId === null ? null : getSurvey(db, authorityCode, survey.previousSurveyId),
  ]);
  const previousResponses = previous ? await surveyResponses(db, authorityCode, previous.id) : [];
  const minGroup = minGroupSize(settings.surveyMinGroupSize);
  const shown = responses.length >= minGroup;
  const previousShown = previousResponses.length >= minGroup;
  const results = shown
    ? survey.questions
        .filter((q) => personalDataAllowed || q.type !== 'text')
        .map((q) => {
          const result = questionResult(q, responses);
          const before = previousShown && previous?.questions.some((p) => p.key === q.key) ? (questionResult(q, previousResponses).agreePercent ?? null) : null;
          const comparator = survey.comparators[q.key] ?? null;
          return { ...result, ...compareAgreement(result.agreePercent ?? null, before, comparator), comparator, previousAgree: before };
        })
    : [];
  const by = (key: SurveyGroupBy) => resultsByGroup(survey.questions, responses, key, minGroup).map((g) => ({ ...g, label: groupLabel(key, g.key) }));
  return {
    survey,
    responses: responses.length,
    paper: responses.filter((r) => r.channel === 'paper').length,
    invitations,
    minGroup,
    shown,
    results,
    groups: { team: by('team'), role: by('role'), experience: by('experience') },
    previousTitle: previous?.title ?? null,
  };
}
