import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { listImports } from '../db/imports.ts';
import { censusYearOf } from '../domain/census.ts';
import { leavingsIn, type ExitReason } from '../domain/exit-interviews.ts';
import type { WorkerRecord } from '../domain/workforce.ts';
import { mulberry32 } from './demo-council.ts';
import { importExitInterviews } from './run-exit-interviews-import.ts';
import { formatProblem } from './run-import.ts';

/**
 * Exit interviews for the demo council, as its papers describe them: few were held in the early
 * years (the data "is not regularly collected"), more since a push in the last two years, and the
 * ones held name pay above all, then workload, caseload and career progression. Generated from the
 * demo's own leavers and loaded through the real import path (`retain import exit-interviews`).
 */

/** The share of leavings with a completed interview, by census year: the gap the dashboard shows, closing. */
const COMPLETION_BY_YEAR: Record<number, number> = { 2019: 0.1, 2020: 0.12, 2021: 0.15, 2022: 0.2, 2023: 0.3, 2024: 0.45, 2025: 0.6 };

const PRIMARY: ReadonlyArray<readonly [ExitReason, number]> = [
  ['pay', 30],
  ['workload', 16],
  ['caseload', 12],
  ['career_progression', 9],
  ['agency_work', 8],
  ['management', 6],
  ['travel_location', 5],
  ['flexible_working', 4],
  ['wellbeing', 3],
  ['relocation', 3],
  ['family_caring', 2],
  ['supervision', 2],
];

const OTHER: readonly ExitReason[] = ['pay', 'workload', 'caseload', 'supervision', 'learning_development', 'flexible_working', 'team_culture', 'wellbeing', 'travel_location'];

const COMMENTS: Partial<Record<ExitReason, readonly string[]>> = {
  pay: [
    'The neighbouring authority pays two spine points more for the same job.',
    'Agency rates are almost double; hard to turn down with a mortgage.',
    'No market supplement for my team, unlike others.',
  ],
  workload: ['Too many assessments out of hours; no time for direct work with families.', 'Constant duty weeks left no time to write up.'],
  caseload: ['My caseload was over 25 for most of the year.', 'Cases were reallocated to me every time someone left.'],
  career_progression: ['No senior practitioner posts came up in three years.', 'Wanted a clear route to team manager.'],
  agency_work: ['Agency work gives me flexibility and better pay.'],
  management: ['Four managers in two years; no consistency.'],
  travel_location: ['The office move added an hour to my commute.'],
  flexible_working: ['Asked for a compressed week and was refused.'],
};

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The demo's exit interviews file as CSV, one row per leaving given an interview row. */
export function demoExitInterviewsCsv(workers: readonly WorkerRecord[], lastYear: number, seed = 20_261): string {
  const rng = mulberry32(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rng() * items.length)]!;
  const weighted = <T>(items: ReadonlyArray<readonly [T, number]>): T => {
    let target = rng() * items.reduce((sum, [, w]) => sum + w, 0);
    for (const [item, weight] of items) if ((target -= weight) < 0) return item;
    return items[items.length - 1]![0];
  };
  const rows = ['worker_id,leaving_date,status,interview_date,channel,primary_reason,other_reasons,regrettable,would_return,counter_offer,comments'];
  const years = [...new Set(workers.flatMap((w) => (w.endDate ? [censusYearOf(w.endDate)] : [])))].filter((y) => y <= lastYear).sort();
  for (const year of years) {
    const completion = COMPLETION_BY_YEAR[year] ?? 0.15;
    for (const leaving of leavingsIn(workers, year)) {
      const reason = leaving.post.leavingReason;
      const retiring = reason === 'retired';
      const r = rng();
      // Most leavers without an interview have no row at all: nobody recorded one was offered.
      if (r >= completion) {
        if (rng() < 0.3) rows.push([leaving.workerId, leaving.endDate, rng() < 0.5 ? 'declined' : 'not_offered', '', '', '', '', rng() < 0.4 ? 'yes' : '', '', '', ''].join(','));
        continue;
      }
      const primary: ExitReason = retiring ? 'retirement' : reason === 'moved_within_la' ? 'career_progression' : weighted(PRIMARY);
      const others = [...new Set([pick(OTHER), ...(rng() < 0.5 ? [pick(OTHER)] : [])])].filter((code) => code !== primary);
      // Those who name pay nearly always name it again as a second reason when it is not the first.
      if (primary !== 'pay' && !retiring && rng() < 0.55 && !others.includes('pay')) others.push('pay');
      const interviewDate = new Date(`${leaving.endDate}T00:00:00Z`);
      interviewDate.setUTCDate(interviewDate.getUTCDate() - Math.floor(rng() * 21));
      const regrettable = !retiring && reason !== 'dismissed' && rng() < 0.65;
      const wouldReturn = retiring
        ? 'no'
        : weighted([
            ['yes', 3],
            ['maybe', 4],
            ['no', 3],
          ] as const);
      const counterOffer = regrettable && rng() < 0.25 ? 'yes' : 'no';
      const comment = rng() < 0.6 ? (COMMENTS[primary] ? pick(COMMENTS[primary]!) : '') : '';
      rows.push(
        [
          leaving.workerId,
          leaving.endDate,
          'completed',
          interviewDate.toISOString().slice(0, 10),
          weighted([
            ['in_person', 4],
            ['online', 3],
            ['phone', 2],
            ['paper', 1],
          ] as const),
          primary,
          others.join(';'),
          regrettable ? 'yes' : 'no',
          wouldReturn,
          counterOffer,
          csvCell(comment),
        ].join(','),
      );
    }
  }
  return `${rows.join('\n')}\n`;
}

/** Loads the demo's exit interviews unless the same file was the last one imported; gives the rows written. */
export async function loadDemoLeavers(db: Db, authorityCode: string, workers: readonly WorkerRecord[], lastYear: number): Promise<number> {
  const bytes = Buffer.from(demoExitInterviewsCsv(workers, lastYear));
  const last = (await listImports(db, authorityCode)).find((entry) => entry.kind === 'exit_interviews');
  if (last?.checksumSha256 === createHash('sha256').update(bytes).digest('hex')) return 0;
  const result = await importExitInterviews(db, { authorityCode, fileName: 'northbridge-exit-interviews.csv', bytes, importedBy: 'demo' });
  if (!result.ok) throw new Error(`The demo exit interviews file did not import: ${result.problems.slice(0, 3).map(formatProblem).join('; ')}`);
  return result.inserted + result.updated;
}

/**
 * Two waves of a retention survey and a staff survey for the demo council, with answers shaped
 * like its papers: pay, annual leave, a career pathway, retention payments, recognition, flexible
 * working and car leases ranked as what would make staff stay; job satisfaction below the
 * department's average (entered as the comparator). Answered through the survey's own link, as a
 * respondent would; some typed in from paper. Loaded once: a council that has surveys is left alone.
 */
export async function loadDemoSurveys(db: Db, authorityCode: string, teams: readonly string[], lastYear: number): Promise<number> {
  const { listSurveys } = await import('../db/surveys.ts');
  if ((await listSurveys(db, authorityCode)).length > 0) return 0;
  const { answerSurvey, createSurvey, createSurveyLink, enterPaperResponse, setComparators } = await import('../commands/surveys.ts');
  const { QUESTION_LIBRARY, EXPERIENCE_BANDS } = await import('../domain/surveys.ts');
  const rng = mulberry32(7_2025);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rng() * items.length)]!;
  const actor = { userId: null, email: 'demo', ip: null };
  // What would make them stay, most wanted first, with some noise per person.
  const preference = ['pay', 'annual_leave', 'career_pathway', 'retention_payment', 'recognition', 'flexible_working', 'travel_car', 'caseload', 'supervision', 'training'];
  const likert = (centre: number) => Math.max(1, Math.min(5, Math.round(centre + (rng() - 0.5) * 2.6)));
  const texts = [
    'A car lease like the neighbouring council offers.',
    'Protected time for training.',
    'Being able to work compressed hours.',
    'Recognition from senior managers when things go well.',
    'A market supplement for child protection.',
  ];
  let written = 0;
  let previous: number | null = null;
  for (const [wave, year, size, stayCentre] of [
    [1, lastYear - 1, 64, 3.1],
    [2, lastYear, 71, 2.8],
  ] as const) {
    const surveyId: number = await createSurvey(
      db,
      { authorityCode, title: `Retention survey ${year}`, template: 'retention', questions: QUESTION_LIBRARY.retention.questions, opensOn: null, closesOn: null, previousSurveyId: previous },
      actor,
    );
    const token = await createSurveyLink(db, { authorityCode, surveyId }, actor);
    for (let i = 0; i < size; i++) {
      const ranked = [...preference]
        .map((value, index) => ({ value, score: index + rng() * 4 }))
        .sort((a, b) => a.score - b.score)
        .slice(0, 3 + Math.floor(rng() * 4))
        .map((r) => r.value);
      const response = {
        team: rng() < 0.85 ? pick(teams) : null,
        role: rng() < 0.8 ? pick(['case_holder', 'case_holder', 'case_holder', 'senior_practitioner', 'team_manager']) : null,
        experienceBand: rng() < 0.85 ? pick(EXPERIENCE_BANDS) : null,
        answers: {
          stay_factors_rank: ranked,
          stay_factors_any: ranked.slice(0, 2 + Math.floor(rng() * 3)),
          intend_stay: likert(stayCentre),
          ...(rng() < 0.3 ? { stay_other: pick(texts) } : {}),
        },
      };
      if (i % 8 === 7) await enterPaperResponse(db, { authorityCode, surveyId, response, today: `${year}-06-15` }, actor);
      else await answerSurvey(db, { token, response, today: `${year}-06-15` }, actor);
      written += 1;
    }
    if (wave === 2) await setComparators(db, { authorityCode, surveyId, comparators: { intend_stay: 58 } }, actor);
    previous = surveyId;
  }
  const staffId = await createSurvey(
    db,
    { authorityCode, title: `Staff survey ${lastYear}`, template: 'staff', questions: QUESTION_LIBRARY.staff.questions, opensOn: null, closesOn: null, previousSurveyId: null },
    actor,
  );
  const staffToken = await createSurveyLink(db, { authorityCode, surveyId: staffId }, actor);
  for (let i = 0; i < 58; i++) {
    await answerSurvey(
      db,
      {
        token: staffToken,
        today: `${lastYear}-03-10`,
        response: {
          team: rng() < 0.85 ? pick(teams) : null,
          role: null,
          experienceBand: rng() < 0.85 ? pick(EXPERIENCE_BANDS) : null,
          answers: {
            job_satisfaction: likert(2.9),
            manageable_caseload: likert(2.5),
            supervision_quality: likert(3.4),
            valued: likert(2.8),
            wellbeing_support: likert(3.0),
            recommend: likert(3.1),
            plans: pick(['same_role', 'same_role', 'promoted', 'another_council', 'agency']),
          },
        },
      },
      actor,
    );
    written += 1;
  }
  // The department's average job satisfaction, from its own staff survey, as the comparator.
  await setComparators(db, { authorityCode, surveyId: staffId, comparators: { job_satisfaction: 64, manageable_caseload: 45 } }, actor);
  return written;
}
