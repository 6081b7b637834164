import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { listImports, type ImportRecord } from '../../db/imports.ts';
import { searchRegister, workerHistory, type ImportStamp, type RegisterRow, type WorkerPost } from '../../db/register.ts';
import type { CensusMeasures } from '../../domain/measures.ts';
import { listReviews } from '../../db/reviews.ts';
import { compareMeasures } from '../../reports/compare.ts';
import { figuresByGroup, figuresForYear, metricsSeries, retentionAt } from '../../reports/metrics.ts';
import { reviewDossier } from '../../reports/review-dossier.ts';
import { canSeePersonalData } from '../auth.ts';
import { todayIso } from '../clock.ts';
import { forbidden, notFound } from '../errors.ts';
import { discloseFigures, discloseRetention } from '../../domain/disclosure.ts';
import { parseQuery } from './errors.ts';
import { DEFAULT_PAGE_SIZE, metricsQuery, retentionQuery, workersQuery, yearQuery } from './params.ts';
import { isDatabaseId } from '../request-guards.ts';
import * as censusReturnRoutes from './census-return-routes.ts';
import * as trackerRoutes from './tracker-routes.ts';
import type { AuthorityList, Comparison, ImportList, Metrics, MetricsSeries, Retention, Review, ReviewList, WorkerHistory, WorkerPage } from './schemas.ts';

/** A reply as its schema in schemas.ts has it, checked when the route is compiled. */
type Reply<S extends z.ZodType> = Promise<z.input<S>>;

/**
 * The JSON API under /api/v1 (described in openapi.ts, from the schemas each reply is typed by). Figures come from src/reports, the same
 * functions the CLI and the dashboard call, unrounded. Viewers get small numbers withheld as on
 * the dashboard. The `:authority` parameter is checked against the caller's authorities by the
 * access hook before any handler runs (403 otherwise), so handlers can trust it.
 */
export const API_PREFIX = '/api/v1';

function authorityParam(request: FastifyRequest): string {
  return (request.params as { authority: string }).authority;
}

export function register(app: FastifyInstance): void {
  const viewer = { config: { access: 'viewer' as const } };
  const analyst = { config: { access: 'analyst' as const } };

  // The access hook checks `:authority`, which these routes take from the path. A `?authority=`
  // beside it naming another council is refused too, rather than silently ignored.
  app.addHook('preHandler', async (request) => {
    const asked = (request.query as Record<string, unknown> | undefined)?.authority;
    if (request.user && asked !== undefined && !request.authorities.some((authority) => authority.code === asked)) {
      throw forbidden('You do not have access to that authority.');
    }
  });

  app.get(
    `${API_PREFIX}/authorities`,
    viewer,
    async (request): Reply<typeof AuthorityList> => ({
      authorities: request.authorities.map(({ code, name }) => ({ code, name })),
    }),
  );

  app.get(`${API_PREFIX}/authorities/:authority/metrics`, viewer, async (request): Reply<typeof Metrics> => {
    const authorityCode = authorityParam(request);
    const { year, by } = parseQuery(metricsQuery, request.query);
    const maySeeAll = canSeePersonalData(request.user);
    if (by) {
      const groups = await figuresByGroup(app.db, authorityCode, year, by);
      return {
        authorityCode,
        censusYear: year,
        by,
        groups: groups.map((figures) => ({ group: figures.group, ...discloseFigures(figures, maySeeAll) })),
      };
    }
    const figures = await figuresForYear(app.db, authorityCode, year);
    return { authorityCode, censusYear: year, ...discloseFigures(figures, maySeeAll) };
  });

  app.get(`${API_PREFIX}/authorities/:authority/metrics/series`, viewer, async (request): Reply<typeof MetricsSeries> => {
    const authorityCode = authorityParam(request);
    const maySeeAll = canSeePersonalData(request.user);
    const { censusYears, series } = await metricsSeries(app.db, authorityCode);
    return {
      authorityCode,
      censusYears,
      series: series.map((year) => ({ censusYear: year.censusYear, ...discloseFigures(year, maySeeAll) })),
    };
  });

  app.get(`${API_PREFIX}/authorities/:authority/compare`, viewer, async (request): Reply<typeof Comparison> => {
    const authorityCode = authorityParam(request);
    const { year } = parseQuery(yearQuery, request.query);
    const { measures, suppressed } = discloseFigures(await figuresForYear(app.db, authorityCode, year), canSeePersonalData(request.user));
    // compareForYear is compareMeasures over metricsForYear; going through compareMeasures lets a
    // viewer's withheld figures (nulls) stand in for ours. The comparison only carries them through.
    const comparison = await compareMeasures(app.db, authorityCode, year, measures as CensusMeasures);
    return { authorityCode, ...comparison, suppressed };
  });

  app.get(`${API_PREFIX}/authorities/:authority/retention`, viewer, async (request): Reply<typeof Retention> => {
    const authorityCode = authorityParam(request);
    const { date } = parseQuery(retentionQuery, request.query);
    const maySeeAll = canSeePersonalData(request.user);
    const figures = await retentionAt(app.db, authorityCode, date);
    const group = (summary: (typeof figures.byTeam)[number]) => ({ group: summary.group, ...discloseRetention(summary, maySeeAll) });
    return {
      authorityCode,
      date: figures.date,
      ...discloseRetention(figures, maySeeAll),
      byTeam: figures.byTeam.map(group),
      byRole: figures.byRole.map(group),
    };
  });

  // Scrutiny reviews: the records everyone bound to the authority may read, with each indicator
  // evaluated against the live figures (withheld for viewers where fewer than 5 people are behind it).
  app.get(`${API_PREFIX}/authorities/:authority/reviews`, viewer, async (request): Reply<typeof ReviewList> => {
    const authorityCode = authorityParam(request);
    const reviews = await listReviews(app.db, authorityCode, todayIso());
    return {
      authorityCode,
      reviews: reviews.map((r) => ({
        id: r.id,
        title: r.title,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
        meetings: r.meetings,
        openActions: r.openActions,
        overdueActions: r.overdueActions,
        recommendations: r.recommendations,
      })),
    };
  });

  app.get(`${API_PREFIX}/authorities/:authority/reviews/:reviewId`, viewer, async (request): Reply<typeof Review> => {
    const authorityCode = authorityParam(request);
    const id = Number((request.params as { reviewId: string }).reviewId);
    const dossier = isDatabaseId(id) ? await reviewDossier(app.db, authorityCode, id, todayIso(), { personalDataAllowed: canSeePersonalData(request.user) }) : null;
    if (!dossier) throw notFound(`No review ${String((request.params as { reviewId: string }).reviewId)} in authority ${authorityCode}.`);
    // withheldFigures is what the documents are checked against: never sent (it lists the withheld figures).
    const { latestPack: _latestPack, authority: _authority, today: _today, withheldFigures: _withheld, review, ...rest } = dossier;
    return { authorityCode, review: { ...review, evaluationDate: dossier.evaluation.date }, ...rest };
  });

  app.get(`${API_PREFIX}/authorities/:authority/imports`, analyst, async (request): Reply<typeof ImportList> => {
    const authorityCode = authorityParam(request);
    return { authorityCode, imports: (await listImports(app.db, authorityCode)).map(importJson) };
  });

  app.get(`${API_PREFIX}/authorities/:authority/workers`, analyst, async (request): Reply<typeof WorkerPage> => {
    const authorityCode = authorityParam(request);
    const query = parseQuery(workersQuery, request.query);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const found = await searchRegister(app.db, {
      authorityCode,
      search: query.q,
      team: query.team,
      role: query.role,
      contract: query.contract,
      service: query.service,
      // `all` (or none) is every row, whatever the date; the register page defaults to in_post instead.
      status: query.status === 'all' ? undefined : query.status,
      on: query.status && query.status !== 'all' ? (query.on ?? todayIso()) : undefined,
      sort: query.sort,
      direction: query.direction,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return {
      authorityCode,
      page,
      pageSize,
      total: found.counts.posts,
      totalWorkers: found.counts.workers,
      totalFte: found.counts.fte,
      workers: found.rows.map(registerRowJson),
    };
  });

  app.get(`${API_PREFIX}/authorities/:authority/workers/:workerId`, analyst, async (request): Reply<typeof WorkerHistory> => {
    const authorityCode = authorityParam(request);
    const { workerId } = request.params as { workerId: string };
    const history = await workerHistory(app.db, authorityCode, workerId);
    if (!history) throw notFound(`No worker "${workerId}" in authority ${authorityCode}.`);
    return {
      authorityCode,
      worker_id: history.workerId,
      posts: history.posts.map(workerPostJson),
      imports: history.imports.map(importStampJson),
    };
  });

  // In this scope, so the check of `?authority=` above covers them too.
  trackerRoutes.register(app, API_PREFIX);
  censusReturnRoutes.register(app, API_PREFIX);
}

/** A register row with the workers file's column names. */
export function registerRowJson(row: RegisterRow) {
  return {
    worker_id: row.workerId,
    swe_number: row.sweNumber,
    agency: row.agency,
    role: row.role,
    local_role: row.localRole,
    team: row.team,
    service: row.service,
    fte: row.fte,
    start_date: row.startDate,
    end_date: row.endDate,
    leaving_reason: row.leavingReason,
    cases: row.cases,
    import_id: row.importId,
  };
}

function workerPostJson(post: WorkerPost) {
  return {
    ...registerRowJson(post),
    leaver_destination: post.leaverDestination,
    start_origin: post.startOrigin,
    working_days_lost: post.workingDaysLost,
    date_of_birth: post.dateOfBirth,
    gender: post.gender,
    ethnicity: post.ethnicity,
    salary: post.salary,
    grade: post.grade,
    qualified_date: post.qualifiedDate,
    updated_at: post.updatedAt.toISOString(),
    import: post.import ? importStampJson(post.import) : null,
  };
}

function importJson(record: ImportRecord) {
  return {
    id: record.id,
    kind: record.kind,
    file_name: record.fileName,
    checksum_sha256: record.checksumSha256,
    row_count: record.rowCount,
    inserted: record.inserted,
    updated: record.updated,
    unchanged: record.unchanged,
    warnings: record.warnings,
    imported_by: record.importedBy,
    imported_at: record.importedAt.toISOString(),
  };
}

function importStampJson(stamp: ImportStamp) {
  return {
    id: stamp.id,
    file_name: stamp.fileName,
    checksum_sha256: stamp.checksumSha256,
    imported_by: stamp.importedBy,
    imported_at: stamp.importedAt.toISOString(),
  };
}
