import type { FastifyInstance, FastifyRequest } from 'fastify';
import { agencyView, recruitmentView } from '../../reports/agency-view.ts';
import { authorityOf } from '../access.ts';
import { canSeePersonalData } from '../auth.ts';
import { badRequest } from '../errors.ts';
import { CENSUS_YEAR_MESSAGE, requestedCensusYear } from '../year-query.ts';

/**
 * The agency page (spend, premium, compliance, long-running assignments) and the recruitment page
 * (funnel, acceptance, late-stage losses, sources and routes). Viewers see aggregates with
 * anything from 1-4 people as [c]; assignment and application rows are for analysts and admins.
 * Figures come from src/reports/agency-view.ts, the same as `retain agency` and `retain recruitment`.
 */

function requestedYear(request: FastifyRequest): number | undefined {
  const year = requestedCensusYear(request.query);
  if (year === 'invalid') throw badRequest(CENSUS_YEAR_MESSAGE);
  return year;
}

function yearChoices(years: readonly number[], current: number) {
  const all = years.includes(current) ? years : [...years, current].sort((a, b) => a - b);
  return [...all].reverse().map((year) => ({ value: String(year), text: `${year} (year to 30 September ${year})`, selected: year === current }));
}

export function register(app: FastifyInstance): void {
  const viewer = { config: { access: 'viewer' as const } };

  app.get('/agency', viewer, async (request, reply) => {
    const authority = authorityOf(request);
    const view = await agencyView(app.db, authority.code, requestedYear(request), canSeePersonalData(request.user));
    return reply.page('agency/agency.njk', { title: 'Agency cover', view, yearChoices: yearChoices(view.years, view.censusYear) });
  });

  app.get('/recruitment', viewer, async (request, reply) => {
    const authority = authorityOf(request);
    const view = await recruitmentView(app.db, authority.code, requestedYear(request), canSeePersonalData(request.user));
    return reply.page('agency/recruitment.njk', { title: 'Recruitment', view, yearChoices: yearChoices(view.years, view.censusYear) });
  });
}
