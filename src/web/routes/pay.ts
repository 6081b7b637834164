import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { listScenarios } from '../../db/pay.ts';
import { ROLE_CODES, type RoleCode } from '../../domain/codes.ts';
import { LEVER_KINDS, SCENARIO_CASES, SCENARIO_DEFAULTS, type Lever, type Scenario } from '../../domain/scenario.ts';
import { parseDate } from '../../imports/values.ts';
import {
  assumptionRows,
  businessCaseDocument,
  businessCaseXlsx,
  councilRecommendations,
  LEVER_LABELS,
  leverRows,
  scenarioCase,
  scenarioFollowUp,
  sensitivityRows,
} from '../../reports/business-case.ts';
import { barChartSvg } from '../../reports/charts.ts';
import { payReport, scenarioBaseline } from '../../reports/pay.ts';
import { attachScenario, saveScenario } from '../../commands/scenarios.ts';
import { actorOf } from '../actor.ts';
import { longDate, pounds } from '../../domain/format.ts';
import { authorityOf } from '../access.ts';
import { todayIso } from '../clock.ts';
import { badRequest, notFound } from '../errors.ts';
import { formError, validateForm, type FormErrors } from '../forms.ts';
import { sendPdf } from '../pdf.ts';
import { renderReviewDocumentHtml, reviewDocumentPdfOptions } from '../review-documents.ts';
import { idParam } from './reviews.ts';
import { isRetainError } from '../../errors.ts';

/**
 * Pay against the market (a chart per role) and invest-to-save scenarios: the list, a form that
 * builds the same scenario the CLI reads (numbered lever rows, so it works without JavaScript),
 * a scenario's figures with its sensitivity table, its business case as Word, Excel and PDF, and
 * attaching it to a scrutiny recommendation. Analysts and admins: the figures rest on salaries.
 */

export const ROLE_LABELS: Record<RoleCode, string> = {
  senior_manager: 'Senior managers',
  middle_manager: 'Middle managers',
  team_manager: 'Team managers',
  senior_practitioner: 'Senior practitioners',
  case_holder: 'Case-holding social workers',
  qualified_no_cases: 'Qualified, not case holding (such as IROs)',
};

const CASE_LABELS = { low: 'Low', central: 'Central', high: 'High' } as const;
const LEVER_FIELDS = [
  'kind',
  'name',
  'role',
  'percent',
  'salary',
  'fte',
  'amount',
  'amount_per_year',
  'eligible_headcount',
  'eligibility',
  'clawback_months',
  'posts',
  'salary_difference',
  'places',
  'cost_per_place',
  'cost_by_year',
  'start_year',
  'years',
  'low',
  'central',
  'high',
] as const;
type LeverField = (typeof LEVER_FIELDS)[number];
const BLANK_LEVER_ROWS = 2;

// ---------------------------------------------------------------- the form <-> a scenario

type FormValues = Record<string, string>;

function text(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** A number as typed ("£12,000", "3.5"), or the text itself so the scenario check can say it is not a number; undefined when empty. */
function numberOrText(value: string): number | string | undefined {
  if (value === '') return undefined;
  const cleaned = value.replace(/^£\s*/, '').replaceAll(',', '');
  return /^-?\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : value;
}

function listOf(value: string): Array<number | string> | undefined {
  if (value === '') return undefined;
  return value
    .split(/[,;\s]+/)
    .filter((part) => part !== '')
    .map((part) => numberOrText(part) ?? part);
}

/** The scenario JSON a form describes (what `retain scenario` reads), and how many lever rows it had. */
export function scenarioFromForm(body: Record<string, unknown>): { json: Record<string, unknown>; rows: number } {
  const json: Record<string, unknown> = { baseline_year: numberOrText(text(body, 'baseline_year')) ?? null };
  const description = text(body, 'description');
  if (description) json.description = description;
  for (const key of ['years', 'replacement_cost', 'cover_months', 'agency_premium_per_fte_year', 'inpost_fte'] as const) {
    const value = numberOrText(text(body, key));
    if (value !== undefined) json[key] = value;
  }
  // Rates are typed as percentages on the form and kept as fractions in the scenario.
  for (const key of ['on_cost_rate', 'discount_rate'] as const) {
    const value = numberOrText(text(body, key));
    if (value !== undefined) json[key] = typeof value === 'number' ? Math.round(value * 1e6) / 1e8 : value;
  }
  const rows = Number(text(body, 'leverRows')) || 0;
  const levers: Record<string, unknown>[] = [];
  for (let n = 0; n < Math.min(rows, 20); n += 1) {
    const field = (name: LeverField) => text(body, `lever-${n}-${name}`);
    if (field('kind') === '') continue;
    const lever: Record<string, unknown> = { kind: field('kind') };
    for (const name of ['name', 'role', 'eligibility'] as const) if (field(name)) lever[name] = field(name);
    for (const name of [
      'percent',
      'salary',
      'fte',
      'amount',
      'amount_per_year',
      'eligible_headcount',
      'clawback_months',
      'posts',
      'salary_difference',
      'places',
      'cost_per_place',
      'start_year',
    ] as const) {
      const value = numberOrText(field(name));
      if (value !== undefined) lever[name] = value;
    }
    const costs = listOf(field('cost_by_year'));
    if (costs) lever.cost_by_year = costs;
    const years = listOf(field('years'));
    if (years) lever.years = years;
    const points: Record<string, unknown> = {};
    for (const c of SCENARIO_CASES) {
      const value = numberOrText(field(c));
      if (value !== undefined) points[c] = value;
    }
    if (Object.keys(points).length > 0) lever.reduction_points = points;
    levers.push(lever);
  }
  json.levers = levers;
  return { json, rows };
}

/** A saved scenario as the form's fields. */
function formFromScenario(name: string, scenario: Scenario): { values: FormValues; rows: number } {
  const values: FormValues = { name, description: scenario.description ?? '', baseline_year: String(scenario.baseline_year) };
  const show = (value: number | null | undefined) => (value === null || value === undefined ? '' : String(value));
  for (const key of ['years', 'replacement_cost', 'cover_months', 'agency_premium_per_fte_year', 'inpost_fte'] as const) values[key] = show(scenario[key]);
  for (const key of ['on_cost_rate', 'discount_rate'] as const) values[key] = scenario[key] === null || scenario[key] === undefined ? '' : String(Math.round(scenario[key]! * 1e8) / 1e6);
  scenario.levers.forEach((lever: Lever, n) => {
    const set = (field: LeverField, value: unknown) => {
      if (value !== undefined && value !== null) values[`lever-${n}-${field}`] = Array.isArray(value) ? value.join(', ') : String(value);
    };
    for (const field of LEVER_FIELDS) if (field !== 'low' && field !== 'central' && field !== 'high') set(field, lever[field as keyof Lever]);
    for (const c of SCENARIO_CASES) set(c, lever.reduction_points?.[c]);
  });
  return { values, rows: scenario.levers.length };
}

function valuesFromBody(body: Record<string, unknown>): FormValues {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string')) as FormValues;
}

/** The scenario check's problems as a GOV.UK error summary, each linked to the field it names. */
export function problemsToErrors(problems: readonly string[]): FormErrors {
  const errors: FormErrors = { summary: [], fields: {} };
  for (const problem of problems) {
    const lever = /^levers\[(\d+)\](?: \(([a-z_]+)\))? ([a-z_]+(?:\.[a-z]+)?)(?:\[\d+\])?: (.*)$/.exec(problem);
    const top = /^([a-z_]+): (.*)$/.exec(problem);
    let id = 'name';
    let message = problem;
    if (lever) {
      const field = lever[3]!.replace('reduction_points.', '');
      id = `lever-${lever[1]}-${field}`;
      message = `Lever ${Number(lever[1]) + 1}${lever[2] ? ` (${LEVER_LABELS[lever[2] as keyof typeof LEVER_LABELS] ?? lever[2]})` : ''}, ${field.replaceAll('_', ' ')}: ${lever[4]}`;
    } else if (top) {
      id = top[1]!;
      message = `${top[1]!.replaceAll('_', ' ').replace(/^./, (c) => c.toUpperCase())}: ${top[2]}`;
    }
    errors.summary.push({ text: message, href: `#${id}` });
    errors.fields[id] ??= { text: message };
  }
  return errors;
}

// ---------------------------------------------------------------- routes

export function register(app: FastifyInstance): void {
  app.get('/pay', { config: { access: 'analyst' } }, async (request, reply) => {
    const authority = authorityOf(request);
    const raw = (request.query as Record<string, unknown>).date;
    let date = todayIso();
    let errors: FormErrors | undefined;
    if (typeof raw === 'string' && raw.trim() !== '') {
      const parsed = parseDate(raw.trim());
      if (parsed.ok) date = parsed.value;
      else errors = formError('date', `Enter a real date, for example 30/09/2025 (${parsed.message})`);
    }
    const report = await payReport(app.db, authority.code, date);
    const charts = report.roles.map((role) => {
      const maxima = report.maxima[role.key] ?? [];
      const categories = maxima.map((m) => (m.own ? `${authority.name} (ours)` : m.authority));
      const title = `${ROLE_LABELS[role.key]}: top of the pay range`;
      const description = `Highest maximum salary for ${ROLE_LABELS[role.key].toLowerCase()} on ${longDate(date)}, ours (with market supplements) first, then ${role.comparators} comparator${role.comparators === 1 ? '' : 's'}${role.comparator_median_max === null ? '' : `; the dashed line is the comparators' median, ${pounds(role.comparator_median_max)}`}.`;
      return {
        role,
        label: ROLE_LABELS[role.key],
        maxima,
        svg: barChartSvg({
          title,
          description,
          categories,
          values: maxima.map((m) => m.max),
          // No range held: said in place of a bar, never an empty row read as nothing paid.
          missingLabels: maxima.map((m) => (m.max === null ? 'no pay range' : null)),
          reference: { name: 'Comparators’ median', value: role.comparator_median_max },
          // Ours in grey, not the warning red: the legend says what the colour marks, and it marks only that.
          highlighted: new Set(categories.filter((_, i) => maxima[i]!.own)),
          highlightColour: '#505a5f',
          legend: { highlighted: `${authority.name} (ours)`, other: 'Comparators' },
        }),
      };
    });
    if (errors) reply.code(400);
    return reply.page('pay/index.njk', { title: 'Pay against the market', date, dateField: errors ? String(raw) : date, report, charts, errors });
  });

  app.get('/scenarios', { config: { access: 'analyst' } }, async (request, reply) => {
    const authority = authorityOf(request);
    const saved = await listScenarios(app.db, authority.code);
    const rows = [];
    for (const s of saved) {
      const view = await scenarioCase(app.db, authority.code, s.id).catch(() => undefined);
      rows.push({ id: s.id, name: s.name, baselineYear: s.definition.baseline_year, levers: s.definition.levers.length, central: view?.result.cases.central, attached: s.recommendationId !== null });
    }
    return reply.page('pay/scenarios.njk', { title: 'Invest-to-save scenarios', rows });
  });

  const formPage = async (request: FastifyRequest, extra: { values: FormValues; rows: number; errors?: FormErrors; action: string; heading: string }) => {
    const authority = authorityOf(request);
    const baselineYear = Number(extra.values.baseline_year) || Number(todayIso().slice(0, 4)) - (todayIso().slice(5) >= '10-01' ? 0 : 1);
    const baseline = await scenarioBaseline(app.db, authority.code, baselineYear);
    const rowCount = extra.rows + BLANK_LEVER_ROWS;
    return {
      title: extra.heading,
      action: extra.action,
      values: { baseline_year: String(baselineYear), ...extra.values },
      errors: extra.errors,
      leverRows: Array.from({ length: rowCount }, (_, n) => n),
      rowCount,
      kindChoices: (n: number) => [{ value: '', text: 'No lever' }, ...LEVER_KINDS.map((kind) => ({ value: kind, text: LEVER_LABELS[kind], selected: extra.values[`lever-${n}-kind`] === kind }))],
      baseline: { inpostFte: baseline.inpost_fte, premium: baseline.agency_premium_per_fte_year, note: baseline.agency_note, year: baselineYear },
      defaults: SCENARIO_DEFAULTS,
      caseLabels: CASE_LABELS,
      cases: SCENARIO_CASES,
    };
  };

  app.get('/scenarios/new', { config: { access: 'analyst' } }, async (request, reply) =>
    reply.page('pay/scenario-form.njk', await formPage(request, { values: {}, rows: 1, action: '/scenarios', heading: 'New invest-to-save scenario' })),
  );

  app.get('/scenarios/:scenarioId/edit', { config: { access: 'analyst' } }, async (request, reply) => {
    const authority = authorityOf(request);
    const view = await scenarioCase(app.db, authority.code, idParam(request, 'scenarioId'));
    if (!view) throw notFound('There is no such scenario for this authority.');
    const { values, rows } = formFromScenario(view.saved.name, view.saved.definition);
    return reply.page('pay/scenario-form.njk', await formPage(request, { values, rows, action: `/scenarios/${view.saved.id}`, heading: `Change ${view.saved.name}` }));
  });

  const save = async (request: FastifyRequest, id: number | undefined) => {
    const authority = authorityOf(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const { json, rows } = scenarioFromForm(body);
    const values = valuesFromBody(body);
    const action = id === undefined ? '/scenarios' : `/scenarios/${id}`;
    const heading = id === undefined ? 'New invest-to-save scenario' : 'Change scenario';
    if (text(body, 'addLever') !== '') return { page: await formPage(request, { values, rows: rows - BLANK_LEVER_ROWS + 1, action, heading }) };
    const outcome = await saveScenario(
      app.db,
      { authorityCode: authority.code, name: text(body, 'name'), json, id },
      { userId: request.user?.id ?? null, email: request.user?.email ?? null, ip: request.ip },
    );
    if (!outcome.ok) return { errors: true, page: await formPage(request, { values, rows: Math.max(0, rows - BLANK_LEVER_ROWS), errors: problemsToErrors(outcome.problems), action, heading }) };
    // saveScenario wrote the audit entry in its own transaction.
    request.audited = true;
    await request.flash({ type: 'success', heading: 'Scenario saved' });
    return { redirect: `/scenarios/${outcome.id}` };
  };

  app.post('/scenarios', { config: { access: 'analyst' } }, async (request, reply) => {
    const result = await save(request, undefined);
    if (result.redirect) return reply.redirect(result.redirect, 303);
    return reply.code(result.errors ? 400 : 200).page('pay/scenario-form.njk', result.page!);
  });

  app.post('/scenarios/:scenarioId', { config: { access: 'analyst' } }, async (request, reply) => {
    const id = idParam(request, 'scenarioId');
    const result = await save(request, id).catch((error: unknown) => {
      if (isRetainError(error, 'not_found')) throw notFound('There is no such scenario for this authority.');
      throw error;
    });
    if (result.redirect) return reply.redirect(result.redirect, 303);
    return reply.code(result.errors ? 400 : 200).page('pay/scenario-form.njk', result.page!);
  });

  app.get('/scenarios/:scenarioId', { config: { access: 'analyst' } }, async (request, reply) => {
    const authority = authorityOf(request);
    const view = await scenarioCase(app.db, authority.code, idParam(request, 'scenarioId'));
    if (!view) throw notFound('There is no such scenario for this authority.');
    const recommendations = await councilRecommendations(app.db, authority.code);
    const followUp = view.recommendation ? await scenarioFollowUp(app.db, authority.code, view.result, todayIso()) : null;
    return reply.page('pay/scenario.njk', {
      title: view.saved.name,
      view,
      assumptions: assumptionRows(view.result),
      levers: leverRows(view.result),
      sensitivity: sensitivityRows(view.sensitivity),
      cases: SCENARIO_CASES,
      caseLabels: CASE_LABELS,
      followUp,
      recommendationChoices: [
        { value: '', text: 'Not attached' },
        ...recommendations.map((r) => ({ value: String(r.id), text: `${r.reviewTitle}: recommendation ${r.number}`, selected: r.id === view.saved.recommendationId })),
      ],
    });
  });

  app.post('/scenarios/:scenarioId/recommendation', { config: { access: 'analyst' } }, async (request, reply) => {
    const authority = authorityOf(request);
    const id = idParam(request, 'scenarioId');
    const form = validateForm(z.object({ recommendationId: z.string().regex(/^\d*$/, 'Select a recommendation from the list') }), request.body);
    if (!form.ok) throw badRequest('Select a recommendation from the list');
    const recommendationId = form.value.recommendationId === '' ? null : Number(form.value.recommendationId);
    if (recommendationId !== null && !(await councilRecommendations(app.db, authority.code)).some((r) => r.id === recommendationId)) throw badRequest('Select a recommendation from the list');
    if (!(await scenarioCase(app.db, authority.code, id))) throw notFound('There is no such scenario for this authority.');
    await attachScenario(app.db, { authorityCode: authority.code, scenarioId: id, recommendationId }, actorOf(request));
    request.audited = true;
    await request.flash({ type: 'success', heading: recommendationId === null ? 'Scenario detached from its recommendation' : 'Scenario attached to the recommendation' });
    return reply.redirect(`/scenarios/${id}`, 303);
  });

  app.get('/scenarios/:scenarioId/business-case/:format', { config: { access: 'analyst' } }, async (request, reply) => {
    const authority = authorityOf(request);
    const format = (request.params as Record<string, string>).format;
    if (format !== 'docx' && format !== 'xlsx' && format !== 'pdf') throw notFound();
    const view = await scenarioCase(app.db, authority.code, idParam(request, 'scenarioId'));
    if (!view) throw notFound('There is no such scenario for this authority.');
    const doc = businessCaseDocument(view, authority.name, todayIso());
    const stem = `business-case-${view.saved.name}`
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/-+/g, '-')
      .slice(0, 80)
      .toLowerCase();
    const audit = () => request.audit('scenarios.downloaded', { authorityCode: authority.code, details: { scenarioId: view.saved.id, format } });
    if (format === 'pdf') {
      const html = await renderReviewDocumentHtml(app.views, doc);
      return sendPdf(app, reply, { html, ...reviewDocumentPdfOptions(doc), fileName: `${stem}.pdf`, name: 'business case' }, audit);
    }
    const bytes = format === 'docx' ? await (await import('../../reports/review-documents/docx.ts')).documentDocx(doc) : await businessCaseXlsx(view);
    await audit();
    return reply
      .header('content-disposition', `attachment; filename="${stem}.${format}"`)
      .type(format === 'docx' ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(bytes);
  });
}

export { ROLE_CODES };
