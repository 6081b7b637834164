import { z } from 'zod';
import { REGISTER_SORTS } from '../db/register.ts';
import { ROLE_CODES, SERVICES } from '../domain/codes.ts';

/**
 * The workforce register's filters, once, for the register page (src/web/routes/workforce.ts,
 * which reads them field by field so one bad value does not throw the others away) and the API's
 * `/workers` (src/web/api/params.ts, which refuses the request on the first bad one). Each field
 * reads one query string value; the messages are the page's, and the API puts the parameter's
 * name before them. The descriptions go into the OpenAPI document.
 */

export const REGISTER_STATUSES = ['in_post', 'left', 'all'] as const;

const pageMessage = 'page must be a whole number from 1';

export const registerFilterFields = {
  q: z.string().trim().max(100, 'Search must be 100 characters or fewer').describe('Part of a worker id, SWE number, team or local role name (case-insensitive, taken literally).'),
  team: z.string().max(200, 'A team name is 200 characters or fewer').describe('Only this team.'),
  role: z.enum(ROLE_CODES, { error: 'Select a role from the list' }).describe('Only this role.'),
  contract: z.enum(['agency', 'employed'], { error: 'Select agency or employed' }).describe('Only agency or only employed records.'),
  service: z.enum(SERVICES, { error: 'Select a service from the list' }).describe('Only children’s or only adults’ services.'),
  status: z.enum(REGISTER_STATUSES, { error: 'Select a status from the list' }).describe('Only rows in post on `on`, only rows that had left by it, or all rows.'),
  on: z.iso.date({ error: 'Enter a real date, for example 2024-09-30' }).describe('The date `status` is judged on, YYYY-MM-DD.'),
  sort: z.enum(REGISTER_SORTS, { error: 'Select a sort order from the list' }).meta({ description: 'The column to sort by.', default: 'worker_id' }),
  direction: z.enum(['asc', 'desc'], { error: 'Select ascending or descending' }).meta({ default: 'asc' }),
  page: z.string({ error: pageMessage }).regex(/^\d+$/, pageMessage).transform(Number).pipe(z.number().int().min(1, pageMessage).max(1_000_000, pageMessage)).meta({ default: 1 }),
};
