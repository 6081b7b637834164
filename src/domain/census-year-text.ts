/**
 * The one reading of a census year a person typed: `?year=` on a page or in the API, `--year` on
 * the command line. Census year Y runs from 1 October Y-1 to 30 September Y.
 *
 * Four digits and nothing else (surrounding spaces aside), from 1900 to 2999: `2024` is 2024;
 * `24`, `2024.0`, `+2024`, `0999` and `1e3` are not years, so nothing is guessed.
 */

export const FIRST_CENSUS_YEAR = 1900;
export const LAST_CENSUS_YEAR = 2999;

/** What to tell someone whose year was refused. */
export const CENSUS_YEAR_RULE = 'a census year is four digits, for example 2024';

/** The year, or null when the text is not a census year. */
export function parseCensusYear(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{4}$/.test(trimmed)) return null;
  const year = Number(trimmed);
  return year >= FIRST_CENSUS_YEAR && year <= LAST_CENSUS_YEAR ? year : null;
}
