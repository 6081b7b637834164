/**
 * Teams and roles "at risk": a group is flagged when any of its turnover rate, vacancy rate or
 * average caseload is above the council's threshold (strictly above: a team exactly at 20% is not
 * flagged). The dashboard, its downloads and the evidence packs all flag with this one rule.
 */

/** The thresholds, in each measure's own units. */
export interface RiskThresholds {
  /** Turnover rate (FTE), %. */
  turnover_rate_fte: number;
  /** Vacancy rate (FTE), %. */
  vacancy_rate_fte: number;
  /** Average caseload, cases per FTE. */
  caseload_fte: number;
}

/**
 * Defaults chosen for a first look: about one and a half times the England figures of recent
 * years (turnover about 14-17%, vacancies about 17-20%, caseloads about 16-17; DfE CSWW 2017-2024),
 * rounded to 20. Councils set their own on the Settings page, with RETAIN_AT_RISK_* or the option.
 */
export const DEFAULT_RISK_THRESHOLDS: Readonly<RiskThresholds> = { turnover_rate_fte: 20, vacancy_rate_fte: 20, caseload_fte: 20 };

export const RISK_FIELDS = ['turnover_rate_fte', 'vacancy_rate_fte', 'caseload_fte'] as const satisfies ReadonlyArray<keyof RiskThresholds>;

/** Why a group is flagged, in words: `riskText('caseload_fte', 18)` is "average caseload above 18 cases per FTE". */
export function riskText(field: keyof RiskThresholds, threshold: number): string {
  if (field === 'caseload_fte') return `average caseload above ${threshold} cases per FTE`;
  return `${field === 'turnover_rate_fte' ? 'turnover rate (FTE)' : 'vacancy rate (FTE)'} above ${threshold}%`;
}

/**
 * The thresholds a group crosses, judged on the figures shown: a figure withheld from a viewer
 * (null here) cannot flag a team, since the flag would give away part of what was withheld.
 * Worked example, default thresholds: turnover 22.5%, vacancy 20.0%, caseload withheld gives
 * ["turnover rate (FTE) above 20%"] (20.0% is not above 20).
 */
export function risksOf(values: Partial<Record<keyof RiskThresholds, number | null>>, thresholds: RiskThresholds): string[] {
  return RISK_FIELDS.filter((field) => {
    const value = values[field];
    return value !== null && value !== undefined && value > thresholds[field];
  }).map((field) => riskText(field, thresholds[field]));
}
