/**
 * Code lists from the workforce data contract (shared/spec/workforce-data.md), each with the DfE
 * CSWW census number it reports as. The number is the array index + 1.
 */

export const ROLE_CODES = ['senior_manager', 'middle_manager', 'team_manager', 'senior_practitioner', 'case_holder', 'qualified_no_cases'] as const;
export type RoleCode = (typeof ROLE_CODES)[number];

export const LEAVING_REASONS = [
  'resignation',
  'voluntary_redundancy',
  'compulsory_redundancy',
  'dismissed',
  'retired',
  'deceased',
  'moved_within_la',
  'other',
  'not_known',
  'not_yet_collected',
] as const;
export type LeavingReason = (typeof LEAVING_REASONS)[number];

export const START_ORIGINS = [
  'newly_qualified',
  'another_english_la',
  'outside_england',
  'agency',
  'other_non_la_social_work',
  'other_social_care',
  'non_social_care',
  'other',
  'not_known',
  'not_yet_collected',
] as const;
export type StartOrigin = (typeof START_ORIGINS)[number];

/** Destinations use the origin list without `newly_qualified`; DfE numbers them 1-9 in that order. */
export const LEAVER_DESTINATIONS = START_ORIGINS.filter((code): code is Exclude<StartOrigin, 'newly_qualified'> => code !== 'newly_qualified');
export type LeaverDestination = (typeof LEAVER_DESTINATIONS)[number];

export const SERVICES = ['children', 'adults'] as const;
export type Service = (typeof SERVICES)[number];

export const ROLE_LABELS: Record<RoleCode, string> = {
  senior_manager: 'Senior manager',
  middle_manager: 'Middle manager',
  team_manager: 'First line manager',
  senior_practitioner: 'Senior practitioner',
  case_holder: 'Case holder',
  qualified_no_cases: 'Qualified, not case holding',
};

export const LEAVING_REASON_LABELS: Record<LeavingReason, string> = {
  resignation: 'Resignation',
  voluntary_redundancy: 'Voluntary redundancy',
  compulsory_redundancy: 'Compulsory redundancy',
  dismissed: 'Dismissed',
  retired: 'Retired',
  deceased: 'Deceased',
  moved_within_la: 'Moved within the authority',
  other: 'Other',
  not_known: 'Not known',
  not_yet_collected: 'Not yet collected',
};

/** A code, its DfE number (1-based) or its underscored name written with spaces: "6" or "Moved within LA"-style input. */
export function codeFrom<T extends string>(list: readonly T[], raw: string): T | undefined {
  const text = raw.trim();
  if (/^\d+$/.test(text)) return list[Number(text) - 1];
  const key = normaliseCodeText(text);
  return list.find((code) => code === key);
}

export function normaliseCodeText(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s\-/]+/g, '_')
    .replace(/[^a-z0-9_]/g, '');
}
