import { z } from 'zod';
import { FIRST_CENSUS_YEAR, LAST_CENSUS_YEAR, parseCensusYear } from '../../domain/census-year-text.ts';
import { registerFilterFields } from '../register-filter.ts';
import { isSupportedCensusYear, SUPPORTED_CENSUS_YEARS } from '../../domain/census-return/schema.ts';
import { parseMunicipalYear, TRACKER_STATUSES } from '../../domain/recommendation-tracking.ts';

/**
 * Query strings the API accepts, checked with zod before any handler reads them (errors.ts
 * parseQuery) and described from the same schemas in the OpenAPI document (openapi.ts). A
 * repeated parameter (`?year=1&year=2`) arrives as an array and is refused rather than guessed at.
 */

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

const YEAR_MESSAGE = 'give the census year as four digits, e.g. 2024';
const DATE_MESSAGE = 'give a date as YYYY-MM-DD, e.g. 2024-09-30';

/** A census year, read by the one parser the pages and the CLI use (src/domain/census-year-text.ts). */
export const censusYear = z
  .string({ error: YEAR_MESSAGE })
  .refine((text) => parseCensusYear(text) !== null, YEAR_MESSAGE)
  .transform((text) => parseCensusYear(text)!)
  .pipe(z.int().min(FIRST_CENSUS_YEAR).max(LAST_CENSUS_YEAR))
  .meta({ description: 'Census year Y: 1 October Y-1 to 30 September Y (reference date 30 September Y).', examples: [2024] });

/** A real calendar date: 2023-02-29 is refused, not rolled over to 1 March. */
export const isoDate = z.iso.date({ error: `not a real date; ${DATE_MESSAGE}` }).meta({ examples: ['2024-09-30'] });

const pageSizeMessage = `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}`;

export const metricsQuery = z.object({
  year: censusYear,
  by: z.enum(['team', 'role'], { error: 'by must be team or role' }).describe('Break the figures down by team or by role.').optional(),
});

export const yearQuery = z.object({ year: censusYear });

export const retentionQuery = z.object({ date: isoDate.describe('The date, YYYY-MM-DD.') });

/** The register's filters (register-filter.ts, as the register page reads them) and a page size. */
export const workersQuery = z.object({
  q: registerFilterFields.q.optional(),
  team: registerFilterFields.team.describe('Only this team; empty for rows with no team.').optional(),
  role: registerFilterFields.role.optional(),
  contract: registerFilterFields.contract.optional(),
  service: registerFilterFields.service.optional(),
  status: registerFilterFields.status.meta({ description: 'Only rows in post on `on`, or only rows that had left by it; `all`, the default, for every row.', default: 'all' }).optional(),
  on: registerFilterFields.on.describe('The date `status` is judged on (default today).').optional(),
  sort: registerFilterFields.sort.optional(),
  direction: registerFilterFields.direction.optional(),
  page: registerFilterFields.page.optional(),
  pageSize: z
    .string({ error: pageSizeMessage })
    .regex(/^\d+$/, pageSizeMessage)
    .transform(Number)
    .pipe(z.int().min(1, pageSizeMessage).max(MAX_PAGE_SIZE, pageSizeMessage))
    .meta({ default: DEFAULT_PAGE_SIZE })
    .optional(),
});

const MUNICIPAL_YEAR_MESSAGE = 'give the municipal year as 2025/26 or 2025 (the year it starts in)';
const filterText = z.string().trim().max(200);

/** The tracker page's filters (src/web/routes/tracker.ts): committee, status, municipal year and lead officer. */
export const trackerQuery = z.object({
  committee: filterText.describe('Only this committee (the review’s scrutiny board), as written.').optional(),
  status: z
    .enum(TRACKER_STATUSES, { error: `status must be one of ${TRACKER_STATUSES.join(', ')}` })
    .describe('Only recommendations with this tracker status.')
    .optional(),
  year: z
    .string({ error: MUNICIPAL_YEAR_MESSAGE })
    .refine((text) => parseMunicipalYear(text) !== null, MUNICIPAL_YEAR_MESSAGE)
    .transform((text) => parseMunicipalYear(text)!)
    .pipe(z.int())
    .meta({ description: 'Only references of this municipal year (April to March): 2025/26, or 2025.', examples: ['2025/26'] })
    .optional(),
  owner: filterText.describe('Only this lead officer, matched ignoring case.').optional(),
});

const RETURN_YEAR_MESSAGE = `Retain makes the census return for ${SUPPORTED_CENSUS_YEARS[0]} to ${SUPPORTED_CENSUS_YEARS.at(-1)}`;

/** A census year Retain holds DfE's return schema for. */
export const censusReturnQuery = z.object({
  year: censusYear.refine(isSupportedCensusYear, RETURN_YEAR_MESSAGE).meta({ description: `The census year: ${SUPPORTED_CENSUS_YEARS[0]} to ${SUPPORTED_CENSUS_YEARS.at(-1)}.`, examples: [2025] }),
});
