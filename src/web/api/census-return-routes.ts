import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { explanationRecordJson, reconciliationFor, validateCensusReturn } from '../../reports/census-return.ts';
import { canSeePersonalData } from '../auth.ts';
import { parseQuery } from './errors.ts';
import { censusReturnQuery } from './params.ts';
import type { CensusReconciliation, CensusReturnValidation } from './schemas.ts';

type Reply<S extends z.ZodType> = Promise<z.input<S>>;

/**
 * DfE's census return in the JSON API (issue 16): the return's validation for a year, and the
 * reconciliation of our figures with DfE's published row. The same functions as the pages and
 * `retain census-return validate` / `retain reconcile` (src/reports/census-return.ts), with the
 * pages' rules: the validation names workers, so it is for analysts and admins, audited; viewers
 * get the reconciliation's council-level figures with any built from fewer than 5 people withheld
 * and no explanations (which name records). Registered by routes.ts, under its checks of `:authority`.
 */
export function register(app: FastifyInstance, prefix: string): void {
  const viewer = { config: { access: 'viewer' as const } };
  const analyst = { config: { access: 'analyst' as const } };
  const authorityParam = (request: FastifyRequest) => (request.params as { authority: string }).authority;

  app.get(`${prefix}/authorities/:authority/census-return/validation`, analyst, async (request): Reply<typeof CensusReturnValidation> => {
    const authorityCode = authorityParam(request);
    const { year } = parseQuery(censusReturnQuery, request.query);
    const validation = await validateCensusReturn(app.db, authorityCode, year, new Date());
    await request.audit('census_return.validation_viewed', { authorityCode, details: { censusYear: year, errors: validation.errors, queries: validation.queries, via: 'api' } });
    return {
      authorityCode,
      censusYear: year,
      schemaSource: validation.built.schema.source,
      errors: validation.errors,
      queries: validation.queries,
      failures: validation.entries.map((entry) => ({
        code: entry.code,
        severity: entry.severity,
        workerId: entry.workerId,
        startDate: entry.startDate,
        record: entry.position,
        items: entry.element,
        values: entry.value,
        message: entry.message,
      })),
      yearOnYear: {
        previousYear: validation.yearOnYear.previousYear,
        comparedWith: validation.yearOnYear.comparedWith,
        checks: validation.yearOnYear.checks.map(({ code, check, measure, thisYear, lastYear, changePercent, raised, message }) => ({
          code,
          check,
          measure,
          thisYear,
          lastYear,
          changePercent,
          raised,
          message,
        })),
      },
      notHeld: validation.built.report.notHeld.map(({ element, level, required, records, reason }) => ({ element, level, required, records, reason })),
    };
  });

  app.get(`${prefix}/authorities/:authority/census-return/reconciliation`, viewer, async (request): Reply<typeof CensusReconciliation> => {
    const authorityCode = authorityParam(request);
    const { year } = parseQuery(censusReturnQuery, request.query);
    const personal = canSeePersonalData(request.user);
    const view = await reconciliationFor(app.db, authorityCode, year, personal);
    // Officers get the records behind each explanation: audited, as on the page.
    if (personal) await request.audit('census_return.reconciliation_viewed', { authorityCode, details: { censusYear: year, via: 'api' } });
    return {
      authorityCode,
      censusYear: year,
      published: view.published,
      releaseId: view.releaseId,
      measures: view.rows.map(({ field, ours, published, symbol, difference, status, explainedBy, affectedBy }) => ({ field, ours, published, symbol, difference, status, explainedBy, affectedBy })),
      explanations: view.explanations.map((explanation) => ({
        id: explanation.id,
        title: explanation.title,
        description: explanation.description,
        effects: explanation.effects,
        mayAffect: explanation.mayAffect,
        accountsFor: explanation.accountsFor,
        records: explanation.records.map(explanationRecordJson),
      })),
      accountedForTogether: view.accountedForTogether,
      suppressed: view.suppressed,
    };
  });
}
