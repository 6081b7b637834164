import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { changeCaseloadThreshold } from '../../commands/caseloads.ts';
import { SURVIVAL_GROUP_BYS, type SurvivalGroupBy } from '../../domain/survival.ts';
import type { START_ORIGINS } from '../../domain/codes.ts';
import { ROLE_LABELS, type RoleCode } from '../../domain/codes.ts';
import { parseDate } from '../../imports/values.ts';
import { caseloadView, type CaseloadView } from '../../reports/caseloads.ts';
import { lineChartSvg } from '../../reports/charts.ts';
import { spreadChartSvg, survivalChartSvg } from '../../reports/retention-charts.ts';
import { retentionCurveView } from '../../reports/retention-curves.ts';
import { earlyWarningView } from '../../reports/early-warning.ts';
import { EARLY_WARNING_RULES } from '../../domain/early-warning.ts';
import { funnelChartSvg } from '../../reports/retention-charts.ts';
import { authorityOf } from '../access.ts';
import { canSeePersonalData } from '../auth.ts';
import { todayIso } from '../clock.ts';
import { validateForm, type FormErrors } from '../forms.ts';
import { monthYear } from '../../domain/format.ts';

/**
 * The caseloads page (spread by team and role, monthly snapshots over time, workers over their
 * threshold for analysts, leavers against stayers, thresholds) and the retention page
 * (Kaplan-Meier curves with 95% bands, chosen by group). Figures from src/reports.
 */

const monthLabel = monthYear;

function query(request: FastifyRequest): Record<string, string> {
  const raw = (request.query ?? {}) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, String(Array.isArray(value) ? value[0] : value)]));
}

function caseloadCharts(view: CaseloadView) {
  const months = view.series;
  const trend = lineChartSvg({
    title: 'Cases per FTE, monthly snapshots',
    description: `Median, 90th percentile and council caseload per FTE at each of ${months.length} snapshots from ${months[0]?.snapshotDate ?? ''} to ${months.at(-1)?.snapshotDate ?? ''}.${months.some((m) => m.suppressed) ? ' Snapshots of fewer than 5 workers are withheld and written [c].' : ''} The table below the chart gives the figures.`,
    categories: months.map((m) => monthLabel(m.snapshotDate)),
    series: [
      { name: 'Median', values: months.map((m) => m.median_cases_per_fte), withheld: months.map((m) => m.suppressed) },
      { name: '90th percentile', values: months.map((m) => m.p90_cases_per_fte), withheld: months.map((m) => m.suppressed) },
      { name: 'Caseload per FTE (DfE)', values: months.map((m) => m.caseload_fte), withheld: months.map((m) => m.suppressed) },
    ],
    width: 680,
  });
  const spread = (title: string, groups: CaseloadView['byTeam']) =>
    spreadChartSvg({
      title,
      description: `Median, 90th percentile and highest cases per FTE in each group on the snapshot date.${
        groups.some((g) => g.suppressed)
          ? ` Withheld (fewer than 5 workers), written [c] in place of bars: ${groups
              .filter((g) => g.suppressed)
              .map((g) => g.key)
              .join(', ')}.`
          : ''
      } The table gives the figures.`,
      categories: groups.map((g) => g.key),
      median: groups.map((g) => g.median_cases_per_fte),
      p90: groups.map((g) => g.p90_cases_per_fte),
      max: groups.map((g) => g.max_cases_per_fte),
      withheld: groups.map((g) => g.suppressed),
    });
  return { trend, byTeam: spread('Spread of cases per FTE by team', view.byTeam), byRole: spread('Spread of cases per FTE by role', view.byRole) };
}

const thresholdSchema = z.object({
  role: z.string().trim().min(1, 'Enter the role, as the workers file names it (for example ASYE) or a role code').max(100, 'A role name is at most 100 characters'),
  cases: z
    .string()
    .trim()
    .min(1, 'Enter the most cases per full-time worker that is manageable')
    .refine((text) => /^\d+(\.\d+)?$/.test(text), 'Enter the threshold as a number, like 18 or 16.5')
    .transform(Number),
});

const BY_LABELS: Record<SurvivalGroupBy, string> = {
  start_origin: 'Where they came from (start origin)',
  role: 'Role when they started',
  team: 'Team when they started',
  cohort: 'Year they started (cohort)',
};
const ORIGIN_LABELS: Record<(typeof START_ORIGINS)[number], string> = {
  newly_qualified: 'Newly qualified',
  another_english_la: 'Another English council',
  outside_england: 'From outside England',
  agency: 'Agency work',
  other_non_la_social_work: 'Other social work (not a council)',
  other_social_care: 'Other social care',
  non_social_care: 'Outside social care',
  other: 'Other',
  not_known: 'Not known',
  not_yet_collected: 'Not yet collected',
};

function groupLabel(by: SurvivalGroupBy | null, key: string | number): string {
  if (by === 'role') return ROLE_LABELS[key as RoleCode] ?? String(key);
  if (by === 'start_origin') return ORIGIN_LABELS[key as (typeof START_ORIGINS)[number]] ?? String(key);
  if (by === 'cohort') return `Started in ${Number(key) - 1}-${String(key).slice(2)}`;
  return String(key);
}

export function register(app: FastifyInstance): void {
  async function renderCaseloads(request: FastifyRequest, reply: import('fastify').FastifyReply, errors?: FormErrors, values?: Record<string, string>) {
    const authority = authorityOf(request);
    const maySeeAll = canSeePersonalData(request.user);
    const asked = query(request).date;
    const date = asked && /^\d{4}-\d{2}-\d{2}$/.test(asked) ? asked : todayIso();
    const view = await caseloadView(app.db, authority.code, date, maySeeAll);
    return reply.code(errors ? 400 : 200).page('caseloads/index.njk', {
      title: 'Caseloads',
      view,
      charts: view.snapshotDate ? caseloadCharts(view) : null,
      snapshotChoices: [...view.snapshotDates].reverse().map((d) => ({ value: d, text: `${monthLabel(d)} (${d})`, selected: d === view.snapshotDate })),
      monthLabels: Object.fromEntries(view.series.map((m) => [m.snapshotDate, monthLabel(m.snapshotDate)])),
      errors,
      values: values ?? {},
    });
  }

  app.get('/caseloads', { config: { access: 'viewer' } }, async (request, reply) => renderCaseloads(request, reply));

  app.post('/caseloads/thresholds', { config: { access: 'analyst' } }, async (request, reply) => {
    const authority = authorityOf(request);
    const body = (request.body ?? {}) as Record<string, string>;
    const result = validateForm(thresholdSchema, body);
    if (!result.ok) return renderCaseloads(request, reply, result.errors, body);
    await changeCaseloadThreshold(
      app.db,
      { authorityCode: authority.code, role: result.value.role, casesPerFte: result.value.cases },
      { userId: request.user?.id ?? null, email: request.user?.email ?? null, ip: request.ip },
    );
    await request.flash({ type: 'success', heading: `The caseload threshold for ${result.value.role} is now ${result.value.cases} cases per FTE` });
    return reply.redirect('/caseloads#thresholds', 303);
  });

  app.get('/retention', { config: { access: 'viewer' } }, async (request, reply) => {
    const authority = authorityOf(request);
    const q = query(request);
    const by = (SURVIVAL_GROUP_BYS as readonly string[]).includes(q.by ?? '') ? (q.by as SurvivalGroupBy) : null;
    let errors: FormErrors | undefined;
    let at = todayIso();
    if (q.at !== undefined && q.at.trim() !== '') {
      const parsed = parseDate(q.at.trim());
      if (parsed.ok) at = parsed.value;
      else errors = { summary: [{ text: 'Enter the date as DD/MM/YYYY, for example 30/09/2025', href: '#at' }], fields: { at: { text: 'Enter the date as DD/MM/YYYY, for example 30/09/2025' } } };
    }
    const view = await retentionCurveView(app.db, authority.code, at, by, canSeePersonalData(request.user));
    const curves = by ? view.groups.filter((g) => g.curve.length > 0) : [view.council];
    const chart =
      curves.length === 0
        ? null
        : survivalChartSvg({
            title: by ? `Retention by ${BY_LABELS[by].toLowerCase()}` : 'Retention of social workers',
            description: `Kaplan-Meier estimate of the share of employed spells still going after each number of months, at ${at}${curves.length <= 3 ? ', with shaded 95% confidence bands' : ''}. Curves stop where fewer than 5 spells remain. The table gives the figures.`,
            series: curves.map((c) => ({ name: by ? groupLabel(by, c.key) : authority.name, points: c.curve })),
            bands: curves.length <= 3,
          });
    return reply.code(errors ? 400 : 200).page('retention/index.njk', {
      title: 'Retention curves',
      view,
      chart,
      at,
      atInput: q.at ?? '',
      rows: [{ label: 'All spells', ...view.council }, ...view.groups.map((g) => ({ label: groupLabel(by, g.key), ...g }))],
      byChoices: [{ value: '', text: 'No grouping (the council as a whole)', selected: by === null }, ...SURVIVAL_GROUP_BYS.map((b) => ({ value: b, text: BY_LABELS[b], selected: b === by }))],
      errors,
    });
  });

  app.get('/early-warning', { config: { access: 'viewer' } }, async (request, reply) => {
    const authority = authorityOf(request);
    const q = query(request);
    let at = todayIso();
    let errors: FormErrors | undefined;
    if (q.at !== undefined && q.at.trim() !== '') {
      const parsed = parseDate(q.at.trim());
      if (parsed.ok) at = parsed.value;
      else errors = { summary: [{ text: 'Enter the date as DD/MM/YYYY, for example 30/09/2025', href: '#at' }], fields: { at: { text: 'Enter the date as DD/MM/YYYY, for example 30/09/2025' } } };
    }
    const view = await earlyWarningView(app.db, authority.code, at, canSeePersonalData(request.user));
    const funnel =
      view.funnel.points.length === 0
        ? null
        : funnelChartSvg({
            title: 'Turnover by team against team size (funnel plot)',
            description: `Each team's employed leavers in the 12 months to ${at} as a share of its employed people in post, against that number, with the council's rate and the 95% and 99.8% control limits around it. A team outside the limits differs from the council by more than chance.${view.funnel.withheld.length ? ` Withheld (fewer than 5 people), written [c]: ${view.funnel.withheld.join(', ')}.` : ''} The table gives the figures.`,
            ...view.funnel,
          });
    return reply.code(errors ? 400 : 200).page('early-warning/index.njk', { title: 'Early warning', view, funnel, at, atInput: q.at ?? '', rules: EARLY_WARNING_RULES, errors });
  });
}
