import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  BREAKDOWN_FIELDS,
  BREAKDOWN_LABELS,
  DASHBOARD_TABLES,
  dashboardFor,
  dashboardPageSections,
  dashboardTables,
  DEFAULT_RISK_THRESHOLDS,
  HEADLINE_MEASURES,
  RISK_FIELDS,
  type DashboardView,
  type RiskThresholds,
} from '../../reports/dashboard.ts';
import { authorityOf } from '../access.ts';
import { canSeePersonalData } from '../auth.ts';
import { DOWNLOAD_FORMATS, sendTables } from '../downloads.ts';
import { badRequest, notFound } from '../errors.ts';
import type { FormErrors } from '../forms.ts';
import { todayIso } from '../clock.ts';
import { sendPdf } from '../pdf.ts';
import { overdueActions } from '../../db/reviews.ts';
import { responseClocks } from '../../reports/recommendation-tracker.ts';
import type { Db } from '../../db/database.ts';
import { memoUntilWrite } from '../../db/write-epoch.ts';
import { renderView } from '../render.ts';
import { invalidInput } from '../../errors.ts';
import { requestedCensusYear } from '../year-query.ts';
import { longDate } from '../../domain/format.ts';

/**
 * The dashboard for a census year, each of its tables as CSV and XLSX, and the whole of it as a
 * PDF data pack. The figures all come from dashboardFor (src/reports/dashboard.ts); handlers only
 * read the year, pick the view and send it.
 */

/** `RETAIN_AT_RISK_TURNOVER`, `RETAIN_AT_RISK_VACANCY`, `RETAIN_AT_RISK_CASELOAD`: a council's own thresholds. */
export function riskThresholdsFrom(env: NodeJS.ProcessEnv): RiskThresholds {
  const names: Record<keyof RiskThresholds, string> = {
    turnover_rate_fte: 'RETAIN_AT_RISK_TURNOVER',
    vacancy_rate_fte: 'RETAIN_AT_RISK_VACANCY',
    caseload_fte: 'RETAIN_AT_RISK_CASELOAD',
  };
  const thresholds = { ...DEFAULT_RISK_THRESHOLDS };
  for (const field of RISK_FIELDS) {
    const raw = env[names[field]];
    if (raw === undefined || raw.trim() === '') continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) throw invalidInput(`${names[field]} must be a number of 0 or more, not "${raw}"`);
    thresholds[field] = value;
  }
  return thresholds;
}

const YEAR_ERROR = 'Select a census year from the list';

/** Overdue scrutiny actions, kept on PGlite until anything is written (src/db/write-epoch.ts). */
function overdueActionsOn(db: Db, authorityCode: string, today: string) {
  return memoUntilWrite(db, `overdue-actions\u0000${authorityCode}\u0000${today}`, () => overdueActions(db, authorityCode, today));
}

/** Responses to scrutiny reports due in the next fortnight or overdue, kept like the overdue actions. */
function responsesDueOn(db: Db, authorityCode: string, today: string) {
  return memoUntilWrite(db, `responses-due\u0000${authorityCode}\u0000${today}`, async () =>
    (await responseClocks(db, authorityCode, today)).filter((clock) => clock.state === 'overdue' || clock.state === 'due_soon'),
  );
}

/** `?year=`: absent means the latest year; anything but a four-digit year is an error. */
function requestedYear(request: FastifyRequest): { year?: number; invalid: boolean } {
  const year = requestedCensusYear(request.query);
  if (year === 'invalid') return { invalid: true };
  return year === undefined ? { invalid: false } : { year, invalid: false };
}

/** Links name the authority as well as the year: `?authority=` is not kept in the session, so a download must say which. */
function yearQuery(view: DashboardView): string {
  return `?${new URLSearchParams({ authority: view.authority.code, year: String(view.censusYear) })}`;
}

export function downloadLinks(view: DashboardView) {
  const query = yearQuery(view);
  return {
    tables: Object.fromEntries(DASHBOARD_TABLES.map((name) => [name, { csv: `/dashboard/export/${name}.csv${query}`, xlsx: `/dashboard/export/${name}.xlsx${query}` }])) as Record<
      (typeof DASHBOARD_TABLES)[number],
      { csv: string; xlsx: string }
    >,
    workbook: `/dashboard/export/dashboard.xlsx${query}`,
    pdf: `/dashboard/datapack.pdf${query}`,
  };
}

function producedOn(now = new Date()): string {
  return longDate(now);
}

export function dataPackTitle(view: DashboardView): string {
  return `Retain data pack — ${view.authority.name} — census year ${view.censusYear}`;
}

/** The data pack as standalone HTML (styles inline, charts as inline SVG): what is printed to PDF. */
export function renderDataPack(app: FastifyInstance, view: DashboardView, produced = producedOn()): Promise<string> {
  return renderView(app.views, 'datapack.njk', {
    view,
    title: dataPackTitle(view),
    produced,
    breakdownFields: BREAKDOWN_FIELDS,
    breakdownLabels: BREAKDOWN_LABELS,
    headlineMeasures: HEADLINE_MEASURES,
  });
}

export function register(app: FastifyInstance): void {
  const viewer = { config: { access: 'viewer' as const } };
  const thresholds = riskThresholdsFrom(process.env);

  /** The view for the year asked for; a year that is not a loaded census year is reported, with the latest shown. */
  async function viewFor(request: FastifyRequest, code: string): Promise<{ view: DashboardView; yearError: boolean }> {
    const { year, invalid } = requestedYear(request);
    // The council's own thresholds (Settings) apply over the environment's, read with the figures.
    const options = { authorityCode: code, personalDataAllowed: canSeePersonalData(request.user), defaultThresholds: thresholds };
    const view = await dashboardFor(app.db, year === undefined ? options : { ...options, censusYear: year });
    if (!invalid && (year === undefined || view.years.includes(year) || view.years.length === 0)) return { view, yearError: false };
    return { view: year === undefined || invalid || view.years.length === 0 ? view : await dashboardFor(app.db, options), yearError: true };
  }

  /** Downloads are for one exact year: a wrong one is an error, not a quiet switch to another year. */
  async function exactView(request: FastifyRequest): Promise<DashboardView> {
    const authority = authorityOf(request);
    const { view, yearError } = await viewFor(request, authority.code);
    if (yearError) throw badRequest(`There are no figures for that census year. Years with figures: ${view.years.join(', ') || 'none'}.`);
    return view;
  }

  app.get('/dashboard', viewer, async (request, reply) => {
    if (!request.authority) return reply.page('dashboard.njk', { title: 'Dashboard' });
    const { view, yearError } = await viewFor(request, request.authority.code);
    const errors: FormErrors | undefined = yearError ? { summary: [{ text: YEAR_ERROR, href: '#year' }], fields: { year: { text: YEAR_ERROR } } } : undefined;
    return reply.code(yearError ? 400 : 200).page('dashboard.njk', {
      title: 'Dashboard',
      errors,
      view,
      yearChoices: [...view.yearOptions]
        .reverse()
        .map(({ year, label }) => ({ value: String(year), text: label === String(year) ? `${year} (year to 30 September ${year})` : label, selected: year === view.censusYear })),
      downloads: downloadLinks(view),
      breakdownFields: BREAKDOWN_FIELDS,
      breakdownLabels: BREAKDOWN_LABELS,
      // Scrutiny actions past their due date, so service leaders see what they owe the committee.
      overdueActions: await overdueActionsOn(app.db, request.authority.code, todayIso()),
      // The executive's responses to scrutiny reports due in the next fortnight or overdue (issue 15).
      responsesDue: await responsesDueOn(app.db, request.authority.code, todayIso()),
      // Survival and exit interviews: built once per view, like it (nothing recomputed per request).
      sections: await dashboardPageSections(app.db, view, { personalDataAllowed: canSeePersonalData(request.user) }),
    });
  });

  for (const format of DOWNLOAD_FORMATS) {
    for (const name of DASHBOARD_TABLES) {
      app.get(`/dashboard/export/${name}.${format}`, viewer, async (request, reply) => {
        const view = await exactView(request);
        await request.audit('dashboard.downloaded', { authorityCode: view.authority.code, details: { table: name, format, year: view.censusYear } });
        return sendTables(reply, format, `retain-${view.authority.code}-${view.censusYear}-${name}`, [dashboardTables(view)[name]]);
      });
    }
  }

  app.get('/dashboard/export/dashboard.xlsx', viewer, async (request, reply) => {
    const view = await exactView(request);
    await request.audit('dashboard.downloaded', { authorityCode: view.authority.code, details: { table: 'all', format: 'xlsx', year: view.censusYear } });
    const tables = dashboardTables(view);
    return sendTables(reply, 'xlsx', `retain-${view.authority.code}-${view.censusYear}-dashboard`, [tables.headline, tables.trends, tables.team, tables.role, tables.retention]);
  });

  app.get('/dashboard/datapack.pdf', viewer, async (request, reply) => {
    const view = await exactView(request);
    if (!view.hasData) throw notFound('There are no figures for this authority yet, so there is no data pack. Import a workers file first.');
    const produced = producedOn();
    return sendPdf(
      app,
      reply,
      {
        html: await renderDataPack(app, view, produced),
        title: dataPackTitle(view),
        footer: `Produced ${produced} by Retain`,
        fileName: `retain-data-pack-${view.authority.code}-${view.censusYear}.pdf`,
        name: 'data pack',
      },
      () => request.audit('dashboard.downloaded', { authorityCode: view.authority.code, details: { table: 'datapack', format: 'pdf', year: view.censusYear } }),
    );
  });
}
