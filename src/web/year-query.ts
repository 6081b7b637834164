import { CENSUS_YEAR_RULE, parseCensusYear } from '../domain/census-year-text.ts';

/** The message a page shows for a `?year=` that is not a census year. */
export const CENSUS_YEAR_MESSAGE = `${CENSUS_YEAR_RULE[0]!.toUpperCase()}${CENSUS_YEAR_RULE.slice(1)}.`;

/**
 * `?year=` on a page (the API reads its own with zod, src/web/api/params.ts, through the same
 * parser): undefined when absent or empty (the page picks a year), 'invalid' when it is not a
 * census year. A repeated parameter counts by its first value, as a form's would.
 */
export function requestedCensusYear(query: unknown): number | undefined | 'invalid' {
  const raw = (query as Record<string, unknown> | undefined)?.year;
  const text = Array.isArray(raw) ? raw[0] : raw;
  if (text === undefined || text === '') return undefined;
  return (typeof text === 'string' ? parseCensusYear(text) : null) ?? 'invalid';
}
