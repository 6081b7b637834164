import { SMALL_NUMBER_THRESHOLD } from './disclosure.ts';

/**
 * Staff and retention surveys (issue 11 item 3): questionnaires built from a library, answered
 * anonymously, and their results by team, role and experience shown only for groups large enough
 * not to single anyone out.
 */

export const QUESTION_TYPES = ['likert', 'single', 'multiple', 'ranking', 'text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface SurveyQuestion {
  key: string;
  type: QuestionType;
  text: string;
  /** Choices for single, multiple and ranking questions. */
  options?: Array<{ value: string; label: string }>;
}

/** Likert answers run 1 (strongly disagree) to 5 (strongly agree). */
export const LIKERT_LABELS = ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'] as const;

export const EXPERIENCE_BANDS = ['under_2', '2_to_5', '5_plus'] as const;
export type ExperienceBand = (typeof EXPERIENCE_BANDS)[number];
export const EXPERIENCE_LABELS: Record<ExperienceBand, string> = { under_2: 'Under 2 years qualified', '2_to_5': '2 to 5 years', '5_plus': '5 years or more' };

/** What would make you stay: the factors councils' retention surveys ask about. */
export const RETENTION_FACTORS = [
  { value: 'pay', label: 'Pay' },
  { value: 'annual_leave', label: 'More annual leave' },
  { value: 'career_pathway', label: 'A clear career pathway' },
  { value: 'retention_payment', label: 'A retention payment' },
  { value: 'recognition', label: 'Recognition' },
  { value: 'flexible_working', label: 'Flexible working' },
  { value: 'caseload', label: 'A lower caseload' },
  { value: 'supervision', label: 'Good supervision' },
  { value: 'travel_car', label: 'Travel costs or a car lease' },
  { value: 'training', label: 'Training and development' },
];

const likert = (key: string, text: string): SurveyQuestion => ({ key, type: 'likert', text });

/** The library: questions an officer picks from, grouped in two ready-made surveys. */
export const QUESTION_LIBRARY: Record<'staff' | 'retention', { title: string; questions: SurveyQuestion[] }> = {
  staff: {
    title: 'Staff survey',
    questions: [
      likert('job_satisfaction', 'Overall, I am satisfied with my job.'),
      likert('manageable_caseload', 'My caseload is manageable.'),
      likert('supervision_quality', 'I get regular, useful supervision.'),
      likert('valued', 'I feel valued for the work I do.'),
      likert('wellbeing_support', 'The council supports my wellbeing.'),
      likert('recommend', 'I would recommend the council as a place to work.'),
      {
        key: 'plans',
        type: 'single',
        text: 'Where do you see yourself in a year?',
        options: [
          { value: 'same_role', label: 'In my current role' },
          { value: 'promoted', label: 'In a more senior role here' },
          { value: 'another_council', label: 'At another council' },
          { value: 'agency', label: 'Working for an agency' },
          { value: 'leave_profession', label: 'Out of social work' },
        ],
      },
      { key: 'improve', type: 'text', text: 'What one thing would most improve your working life?' },
    ],
  },
  retention: {
    title: 'Retention factors survey',
    questions: [
      { key: 'stay_factors_rank', type: 'ranking', text: 'Rank what would make you stay (1 = most important).', options: RETENTION_FACTORS },
      { key: 'stay_factors_any', type: 'multiple', text: 'Which of these would make you more likely to stay? Select all that apply.', options: RETENTION_FACTORS },
      likert('intend_stay', 'I intend to be working here in two years’ time.'),
      { key: 'stay_other', type: 'text', text: 'Is there anything else that would make you stay?' },
    ],
  },
};

/** Every library question by key. */
export const LIBRARY_QUESTIONS: ReadonlyMap<string, SurveyQuestion> = new Map(
  Object.values(QUESTION_LIBRARY)
    .flatMap((t) => t.questions)
    .map((q) => [q.key, q]),
);

export type Answer = number | string | string[];
export type Answers = Record<string, Answer>;

export interface SurveyResponseRecord {
  team: string | null;
  role: string | null;
  experienceBand: ExperienceBand | null;
  answers: Answers;
}

/** The smallest group of responses shown: 10 unless the council chooses otherwise, never below 5. */
export const DEFAULT_MIN_GROUP = 10;
export function minGroupSize(configured: number | null | undefined): number {
  return Math.max(SMALL_NUMBER_THRESHOLD, configured ?? DEFAULT_MIN_GROUP);
}

/**
 * Answers from a form body: a Likert answer is 1-5, a single choice one of the options, a multiple
 * choice any of them, a ranking a distinct rank 1..n per option (all or none ranked; ranks left
 * blank mean "not ranked"), free text up to 2,000 characters. Every question is optional.
 */
export function readAnswers(questions: readonly SurveyQuestion[], body: Record<string, unknown>): { answers: Answers; errors: Array<{ key: string; text: string }> } {
  const answers: Answers = {};
  const errors: Array<{ key: string; text: string }> = [];
  const one = (name: string): string => {
    const value = body[name];
    return (typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '').trim();
  };
  for (const question of questions) {
    const values = question.options?.map((o) => o.value) ?? [];
    if (question.type === 'likert') {
      const text = one(question.key);
      if (text === '') continue;
      const n = Number(text);
      if (Number.isInteger(n) && n >= 1 && n <= 5) answers[question.key] = n;
      else errors.push({ key: question.key, text: `Choose an answer from 1 to 5 for “${question.text}”` });
    } else if (question.type === 'single') {
      const text = one(question.key);
      if (text === '') continue;
      if (values.includes(text)) answers[question.key] = text;
      else errors.push({ key: question.key, text: `Choose one of the answers for “${question.text}”` });
    } else if (question.type === 'multiple') {
      const raw = body[question.key];
      const chosen = (Array.isArray(raw) ? raw : raw === undefined || raw === '' ? [] : [raw]).filter((v): v is string => typeof v === 'string' && values.includes(v));
      if (chosen.length > 0) answers[question.key] = [...new Set(chosen)];
    } else if (question.type === 'ranking') {
      const ranks = values.map((value) => ({ value, text: one(`${question.key}__${value}`) }));
      const given = ranks.filter((r) => r.text !== '');
      if (given.length === 0) continue;
      const numbers = given.map((r) => Number(r.text));
      const valid = numbers.every((n) => Number.isInteger(n) && n >= 1 && n <= values.length) && new Set(numbers).size === numbers.length;
      if (!valid) {
        errors.push({ key: `${question.key}__${values[0]}`, text: `Give each thing you rank a different number from 1 to ${values.length} for “${question.text}”` });
        continue;
      }
      answers[question.key] = [...given].sort((a, b) => Number(a.text) - Number(b.text)).map((r) => r.value);
    } else {
      const text = one(question.key);
      if (text.length > 2000) errors.push({ key: question.key, text: 'Your answer must be 2,000 characters or fewer' });
      else if (text !== '') answers[question.key] = text;
    }
  }
  return { answers, errors };
}

export interface QuestionResult {
  key: string;
  type: QuestionType;
  text: string;
  /** Responses that answered this question. */
  answered: number;
  /** Likert: mean 1-5 and the share agreeing (4 or 5) as a percentage. */
  mean?: number | null;
  agreePercent?: number | null;
  /** Likert 1-5, single and multiple: count and share (of those answering) per option. */
  options?: Array<{ value: string; label: string; count: number; percent: number | null }>;
  /** Ranking: options by mean rank (1 best), with how many ranked each. */
  ranking?: Array<{ value: string; label: string; meanRank: number | null; ranked: number; firstChoice: number }>;
  /** Free text, for officers only; never in packs. */
  texts?: string[];
}

function pct(n: number, d: number): number | null {
  return d === 0 ? null : (n / d) * 100;
}

/** One question's result over a set of responses. */
export function questionResult(question: SurveyQuestion, responses: readonly SurveyResponseRecord[]): QuestionResult {
  const given = responses.map((r) => r.answers[question.key]).filter((a): a is Answer => a !== undefined);
  const base = { key: question.key, type: question.type, text: question.text, answered: given.length };
  if (question.type === 'likert') {
    const values = given.filter((a): a is number => typeof a === 'number');
    const mean = values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
    return {
      ...base,
      mean,
      agreePercent: pct(values.filter((v) => v >= 4).length, values.length),
      options: LIKERT_LABELS.map((label, i) => {
        const count = values.filter((v) => v === i + 1).length;
        return { value: String(i + 1), label, count, percent: pct(count, values.length) };
      }),
    };
  }
  if (question.type === 'single' || question.type === 'multiple') {
    return {
      ...base,
      options: (question.options ?? []).map((o) => {
        const count = given.filter((a) => a === o.value || (Array.isArray(a) && a.includes(o.value))).length;
        return { ...o, count, percent: pct(count, given.length) };
      }),
    };
  }
  if (question.type === 'ranking') {
    const rankings = given.filter((a): a is string[] => Array.isArray(a));
    const ranking = (question.options ?? [])
      .map((o) => {
        const ranks = rankings.flatMap((r) => (r.includes(o.value) ? [r.indexOf(o.value) + 1] : []));
        return { ...o, meanRank: ranks.length === 0 ? null : ranks.reduce((s, v) => s + v, 0) / ranks.length, ranked: ranks.length, firstChoice: rankings.filter((r) => r[0] === o.value).length };
      })
      .sort((a, b) => (a.meanRank ?? Infinity) - (b.meanRank ?? Infinity));
    return { ...base, ranking };
  }
  return { ...base, texts: given.filter((a): a is string => typeof a === 'string') };
}

export type SurveyGroupBy = 'team' | 'role' | 'experience';

export interface GroupResults {
  key: string;
  responses: number;
  /** False when the group has fewer responses than the minimum: no results shown, only "fewer than N responses". */
  shown: boolean;
  results: QuestionResult[];
}

/**
 * Results by team, role or experience band. A group with fewer than `minGroup` responses shows no
 * result at all. The responses with no answer to the grouping question form their own group
 * ("Not said"), treated the same way.
 */
export function resultsByGroup(questions: readonly SurveyQuestion[], responses: readonly SurveyResponseRecord[], by: SurveyGroupBy, minGroup: number): GroupResults[] {
  const groups = new Map<string, SurveyResponseRecord[]>();
  for (const response of responses) {
    const key = (by === 'team' ? response.team : by === 'role' ? response.role : response.experienceBand) ?? 'Not said';
    groups.set(key, [...(groups.get(key) ?? []), response]);
  }
  return [...groups.keys()].sort().map((key) => {
    const list = groups.get(key)!;
    const shown = list.length >= minGroup;
    return { key, responses: list.length, shown, results: shown ? questions.filter((q) => q.type !== 'text').map((q) => questionResult(q, list)) : [] };
  });
}

/**
 * A Likert question against the previous wave and the officer's comparator (e.g. the department's
 * average agreement): the change in the share agreeing, in percentage points.
 * Example: 48% agree now, 55% in the last wave, comparator 62%: change -7, gap to comparator -14.
 */
export function compareAgreement(current: number | null, previous: number | null, comparator: number | null): { changeSincePrevious: number | null; gapToComparator: number | null } {
  return {
    changeSincePrevious: current === null || previous === null ? null : current - previous,
    gapToComparator: current === null || comparator === null ? null : current - comparator,
  };
}
