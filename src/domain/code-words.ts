import { LEAVER_DESTINATIONS, LEAVING_REASONS, START_ORIGINS, codeFrom } from './codes.ts';

/**
 * Leaving reasons, origins and destinations as HR systems write them ("Resignation", "Moved within
 * LA", "Retirement", "Death in service"), read as the contract's codes. A cell is read, in order:
 * 1. as the code itself, its DfE number, or its name with spaces (codeFrom: "moved within la");
 * 2. by the council's own words (set in Settings; they win over the defaults below);
 * 3. by the default words below.
 * Words compare by wordKey: lower case, anything but letters and digits as one space
 * ("Redundancy - Voluntary" is "redundancy voluntary").
 *
 * Worked example: "Retirement" is not a code, so it is found among the default words: `retired`.
 * A council whose system writes "Left - new job" adds it as `resignation` in Settings.
 */

export const CODE_LISTS = {
  leaving_reason: LEAVING_REASONS,
  start_origin: START_ORIGINS,
  leaver_destination: LEAVER_DESTINATIONS,
} as const;
export type CodeListName = keyof typeof CODE_LISTS;
export const CODE_LIST_NAMES = Object.keys(CODE_LISTS) as CodeListName[];

export const CODE_LIST_LABELS: Record<CodeListName, string> = {
  leaving_reason: 'Leaving reason',
  start_origin: 'Where starters came from',
  leaver_destination: 'Where leavers went',
};

export function wordKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const ORIGIN_WORDS: Record<string, string> = {
  'newly qualified': 'newly_qualified',
  nqsw: 'newly_qualified',
  asye: 'newly_qualified',
  'newly qualified social worker': 'newly_qualified',
  'another la': 'another_english_la',
  'another local authority': 'another_english_la',
  'other local authority': 'another_english_la',
  'other la': 'another_english_la',
  'another english local authority': 'another_english_la',
  'local authority': 'another_english_la',
  overseas: 'outside_england',
  abroad: 'outside_england',
  'outside england': 'outside_england',
  'agency worker': 'agency',
  'from agency': 'agency',
  'agency social worker': 'agency',
  'private sector social work': 'other_non_la_social_work',
  'voluntary sector': 'other_non_la_social_work',
  'social care': 'other_social_care',
  'other social care': 'other_social_care',
  'not social care': 'non_social_care',
  'outside social care': 'non_social_care',
  unknown: 'not_known',
  'not known': 'not_known',
};

export const DEFAULT_CODE_WORDS: Record<CodeListName, Record<string, string>> = {
  leaving_reason: {
    resigned: 'resignation',
    'voluntary resignation': 'resignation',
    'resignation voluntary': 'resignation',
    'resignation other employment': 'resignation',
    'resignation personal reasons': 'resignation',
    'resignation new job': 'resignation',
    'redundancy voluntary': 'voluntary_redundancy',
    'voluntary redundancy': 'voluntary_redundancy',
    redundancy: 'compulsory_redundancy',
    'redundancy compulsory': 'compulsory_redundancy',
    'compulsory redundancy': 'compulsory_redundancy',
    dismissal: 'dismissed',
    'dismissal capability': 'dismissed',
    'dismissal conduct': 'dismissed',
    'dismissal misconduct': 'dismissed',
    'dismissed misconduct': 'dismissed',
    retirement: 'retired',
    'ill health retirement': 'retired',
    'early retirement': 'retired',
    'retirement age': 'retired',
    'normal retirement': 'retired',
    'flexible retirement': 'retired',
    'death in service': 'deceased',
    death: 'deceased',
    died: 'deceased',
    'moved within la': 'moved_within_la',
    'moved within the la': 'moved_within_la',
    'moved within the authority': 'moved_within_la',
    'moved within the council': 'moved_within_la',
    'internal transfer': 'moved_within_la',
    'internal move': 'moved_within_la',
    'transfer within council': 'moved_within_la',
    redeployment: 'moved_within_la',
    'end of contract': 'other',
    'end of fixed term contract': 'other',
    'fixed term contract ended': 'other',
    'tupe transfer': 'other',
    unknown: 'not_known',
    'not known': 'not_known',
  },
  start_origin: ORIGIN_WORDS,
  leaver_destination: Object.fromEntries(Object.entries(ORIGIN_WORDS).filter(([, code]) => code !== 'newly_qualified')),
};

/**
 * The code a cell's text stands for in a list, or undefined. `councilWords` are wordKey -> code.
 */
export function codeFromWords(list: CodeListName, text: string, councilWords: ReadonlyMap<string, string> = new Map()): string | undefined {
  const codes = CODE_LISTS[list] as readonly string[];
  const direct = codeFrom(codes, text);
  if (direct) return direct;
  const key = wordKey(text);
  const own = councilWords.get(key);
  if (own !== undefined && codes.includes(own)) return own;
  const standard = DEFAULT_CODE_WORDS[list][key];
  return standard !== undefined && codes.includes(standard) ? standard : undefined;
}
