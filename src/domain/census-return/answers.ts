import { answerableItems } from './build.ts';
import { NO_ALL_SOME_TYPE } from './schema.ts';

/**
 * The council-level items a council answers itself (build.ts answerableItems), read from a form
 * or the command line: each checked, a blank answer clearing what was held. The values are kept as
 * the file carries them.
 */

export const ANSWER_LABELS: Readonly<Record<string, string>> = {
  NoAgencyHeadcount: 'Agency workers covering vacancies on 30 September (headcount)',
  RecruitmentBonus: 'Recruitment bonus (a payment for joining)',
  RetentionBonus: 'Retention bonus (a payment for staying)',
  PerformanceAward: 'Performance-related award',
  CarAllowance: 'Car allowance',
  RelocationPackage: 'Relocation package',
  RegionalWeighting: 'Regional weighting (such as London weighting)',
  CostSWE: 'Social Work England registration fee paid',
  CostDBS: 'DBS check paid',
  OtherAllowances: 'Other allowances offered (describe, or write None)',
};

/** Words a person may type for an incentive flag, beside the codes 0, 1 and 2. */
const FLAG_WORDS: Readonly<Record<string, string>> = { no: '0', none: '0', all: '1', yes_all: '1', some: '2', yes_some: '2' };
export const OTHER_ALLOWANCES_MAX = 500;

export type AnswerChanges = Record<string, string | null>;

export function parseAnswers(censusYear: number, raw: Readonly<Record<string, string | undefined>>): { ok: true; value: AnswerChanges } | { ok: false; errors: Record<string, string> } {
  const items = answerableItems(censusYear);
  const value: AnswerChanges = {};
  const errors: Record<string, string> = {};
  for (const [name, given] of Object.entries(raw)) {
    if (given === undefined) continue;
    if (!items.includes(name)) {
      errors[name] = `${name} is not an item the ${censusYear} return asks the council for (${items.join(', ')})`;
      continue;
    }
    const text = given.trim();
    if (text === '') {
      value[name] = null;
      continue;
    }
    if (name === 'NoAgencyHeadcount') {
      if (/^\d{1,6}$/.test(text)) value[name] = String(Number(text));
      else errors[name] = 'Enter the number of agency workers covering vacancies as a whole number, like 12';
    } else if (name === 'OtherAllowances') {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this refuses
      if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text)) errors[name] = 'Other allowances cannot hold control characters';
      else if (text.length > OTHER_ALLOWANCES_MAX) errors[name] = `Describe other allowances in ${OTHER_ALLOWANCES_MAX} characters or fewer`;
      else value[name] = text;
    } else {
      const code = NO_ALL_SOME_TYPE.kind === 'enumeration' && NO_ALL_SOME_TYPE.values.some((entry) => entry.code === text) ? text : FLAG_WORDS[text.toLowerCase().replace(/[\s,-]+/g, '_')];
      if (code !== undefined) value[name] = code;
      else errors[name] = `Choose whether ${ANSWER_LABELS[name]?.toLowerCase() ?? name} is offered: 0 no, 1 all LA-employed social workers eligible, 2 some`;
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value };
}
