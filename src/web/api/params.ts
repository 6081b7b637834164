import { z } from 'zod';
import { REGISTER_SORTS } from '../../db/register.ts';
import { ROLE_CODES } from '../../domain/codes.ts';

/** Query strings the API accepts, checked with zod before any handler reads them (errors.ts parseQuery). */

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

const YEAR_MESSAGE = 'give the census year as four digits, e.g. 2024';
const DATE_MESSAGE = 'give a date as YYYY-MM-DD, e.g. 2024-09-30';

/** A repeated parameter (`?year=1&year=2`) arrives as an array; it is refused rather than guessed at. */
const single = (message: string) => z.string({ error: message });

export const censusYear = single(YEAR_MESSAGE)
  .regex(/^\d{4}$/, YEAR_MESSAGE)
  .transform(Number)
  .pipe(z.number().int().min(1900, YEAR_MESSAGE).max(2999, YEAR_MESSAGE));

/** A real calendar date: 2023-02-29 is refused, not rolled over to 1 March. */
export const isoDate = single(DATE_MESSAGE)
  .regex(/^\d{4}-\d{2}-\d{2}$/, DATE_MESSAGE)
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, `not a real date; ${DATE_MESSAGE}`);

const positiveInt = (message: string, max: number) =>
  single(message)
    .regex(/^\d+$/, message)
    .transform(Number)
    .pipe(z.number().int().min(1, message).max(max, message));

export const metricsQuery = z.object({
  year: censusYear,
  by: z.enum(['team', 'role'], { error: 'by must be team or role' }).optional(),
});

export const yearQuery = z.object({ year: censusYear });

export const retentionQuery = z.object({ date: isoDate });

export const workersQuery = z.object({
  q: z.string({ error: 'q must be text' }).max(100, 'q must be 100 characters or fewer').optional(),
  team: z.string({ error: 'team must be text' }).max(200).optional(),
  role: z.enum(ROLE_CODES, { error: `role must be one of ${ROLE_CODES.join(', ')}` }).optional(),
  contract: z.enum(['agency', 'employed'], { error: 'contract must be agency or employed' }).optional(),
  service: z.enum(['children', 'adults'], { error: 'service must be children or adults' }).optional(),
  status: z.enum(['in_post', 'left'], { error: 'status must be in_post or left' }).optional(),
  on: isoDate.optional(),
  sort: z.enum(REGISTER_SORTS, { error: `sort must be one of ${REGISTER_SORTS.join(', ')}` }).optional(),
  direction: z.enum(['asc', 'desc'], { error: 'direction must be asc or desc' }).optional(),
  page: positiveInt('page must be a whole number from 1', 1_000_000).optional(),
  pageSize: positiveInt(`pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}`, MAX_PAGE_SIZE).optional(),
});
