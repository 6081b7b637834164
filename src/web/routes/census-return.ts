import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setCensusReturnAnswers } from '../../commands/census-return.ts';
import { censusReturnAnswers } from '../../db/census-return.ts';
import { ANSWER_LABELS, parseAnswers } from '../../domain/census-return/answers.ts';
import { answerableItems } from '../../domain/census-return/build.ts';
import type { RowStatus } from '../../domain/census-return/reconcile.ts';
import { allRules } from '../../domain/census-return/rules.ts';
import { codeLabel, isSupportedCensusYear, SUPPORTED_CENSUS_YEARS } from '../../domain/census-return/schema.ts';
import { ROLE_LABELS, type RoleCode } from '../../domain/codes.ts';
import { RATE_FIELDS, type MeasureField } from '../../domain/measures.ts';
import {
  censusReturnFileStem,
  censusReturnFor,
  censusReturnTables,
  censusReturnXml,
  censusReturnYears,
  reconciliationFor,
  rulesTable,
  validateCensusReturn,
  validationTable,
  yearOnYearTable,
} from '../../reports/census-return.ts';
import { measureLabel } from '../../reports/dashboard.ts';
import { tableToCsv } from '../../reports/tables.ts';
import { authorityOf } from '../access.ts';
import { canSeePersonalData } from '../auth.ts';
import { sendTables } from '../downloads.ts';
import { badRequest } from '../errors.ts';
import type { FormErrors } from '../forms.ts';

/**
 * DfE's census return under the council (issue 16): the return to download (XML and the CSV form),
 * the council-level answers no file holds, the validation list (in the page and as XLSX), the
 * year-on-year queries and the reconciliation with DfE's published row.
 *
 * The return, its validation and the records behind a reconciliation are worker-level personal
 * data: officers (analysts and admins) only, and every view and download is audited. Viewers reach
 * the reconciliation's council-level figures alone, with figures built from fewer than 5 people
 * withheld (src/reports/census-return.ts reconciliationFor).
 */

const officer = { config: { access: 'analyst' as const } };
const viewer = { config: { access: 'viewer' as const } };

const EXTRA_LABELS: Partial<Record<MeasureField, string>> = {
  turnover_rate_headcount: 'Turnover rate (headcount)',
  agency_rate_headcount: 'Agency worker rate (headcount)',
  agency_cover_fte: 'Agency workers covering vacancies (FTE)',
  agency_cover_rate_fte: 'Agency workers covering vacancies (% of agency FTE)',
  vacancy_fte: 'Vacancies (FTE)',
  vacancy_agency_cover_rate_fte: 'Vacancies covered by agency workers (%)',
  case_holders_fte: 'Case holders (FTE)',
  cases: 'Cases on 30 September',
  working_days_lost_fte: 'Working days lost to sickness',
};
const label = (field: MeasureField) => EXTRA_LABELS[field] ?? measureLabel(field);

const STATUS_TEXT: Record<RowStatus, { text: string; tag: string }> = {
  agrees: { text: 'Agrees', tag: 'govuk-tag--green' },
  differs: { text: 'Differs', tag: 'govuk-tag--orange' },
  not_published: { text: 'Not published', tag: 'govuk-tag--grey' },
  not_ours: { text: 'Not held by Retain', tag: 'govuk-tag--grey' },
  withheld: { text: 'Withheld', tag: 'govuk-tag--grey' },
};

const RATES = new Set<string>(RATE_FIELDS);
const COUNT_FIELDS = new Set<string>(['inpost_headcount', 'starters_headcount', 'leavers_headcount', 'agency_headcount', 'cases']);

/** A figure as the page writes it: rates `15.4%`, counts whole, FTE one decimal place. */
function figure(field: string, value: number | null, symbol: string | null = null): string {
  if (value === null) return symbol ?? 'Not available';
  if (RATES.has(field)) return `${value.toFixed(1)}%`;
  if (COUNT_FIELDS.has(field)) return String(Math.round(value));
  return value.toFixed(1);
}

function signed(field: string, value: number | null): string {
  if (value === null) return '';
  const text = COUNT_FIELDS.has(field) ? String(Math.abs(Math.round(value))) : Math.abs(value).toFixed(1);
  if (Number(text) === 0) return '0';
  return `${value > 0 ? '+' : '−'}${text}${RATES.has(field) ? ' pts' : ''}`;
}

/** The census year asked for (`?year=`, or a form's `year`), else the council's default; a year with no schema is a 400. */
async function yearOf(app: FastifyInstance, request: FastifyRequest, raw: unknown): Promise<{ year: number; years: number[] }> {
  const authority = authorityOf(request);
  const { years, defaultYear } = await censusReturnYears(app.db, authority.code);
  if (raw === undefined || raw === '') return { year: defaultYear, years };
  const text = String(Array.isArray(raw) ? raw[0] : raw).trim();
  if (!/^\d{4}$/.test(text)) throw badRequest('A census year is four digits, for example 2025.');
  const year = Number(text);
  if (!isSupportedCensusYear(year)) throw badRequest(`Retain makes the census return for ${SUPPORTED_CENSUS_YEARS[0]} to ${SUPPORTED_CENSUS_YEARS.at(-1)}, not ${year}.`);
  return { year, years };
}

const queryYear = (request: FastifyRequest) => (request.query as Record<string, unknown> | undefined)?.year;

function yearChoices(years: readonly number[], year: number) {
  return [...new Set([...years, year])].sort((a, b) => b - a).map((y) => ({ value: String(y), text: `${y} (year to 30 September ${y})`, selected: y === year }));
}

export function register(app: FastifyInstance): void {
  async function hub(request: FastifyRequest, reply: FastifyReply, form?: { errors: FormErrors; values: Record<string, string> }) {
    const authority = authorityOf(request);
    const body = form ? ((request.body ?? {}) as Record<string, unknown>).year : undefined;
    const { year, years } = await yearOf(app, request, body ?? queryYear(request));
    const personal = canSeePersonalData(request.user);
    if (!personal) {
      return reply.page('census-return/index.njk', { title: 'DfE census return', year, yearChoices: yearChoices(years, year), personal });
    }
    const [validation, answers] = await Promise.all([validateCensusReturn(app.db, authority.code, year, new Date()), censusReturnAnswers(app.db, authority.code, year)]);
    const values = form?.values ?? answers;
    const items = answerableItems(year).map((name) => ({
      name,
      label: ANSWER_LABELS[name] ?? name,
      kind: name === 'NoAgencyHeadcount' ? 'number' : name === 'OtherAllowances' ? 'text' : 'flag',
      value: values[name] ?? '',
      choices: [
        { value: '', text: 'Not answered', selected: (values[name] ?? '') === '' },
        ...['0', '1', '2'].map((code) => ({
          value: code,
          text: codeLabel(
            validation.built.schema.laLevel.find((spec) => spec.name === name),
            code,
          ),
          selected: values[name] === code,
        })),
      ],
    }));
    await request.audit('census_return.viewed', { authorityCode: authority.code, details: { censusYear: year } });
    return reply.code(form ? 400 : 200).page('census-return/index.njk', {
      title: 'DfE census return',
      year,
      yearChoices: yearChoices(years, year),
      personal,
      report: validation.built.report,
      schema: { source: validation.built.schema.source, laLevelElement: validation.built.schema.laLevelElement },
      errorsCount: validation.errors,
      queriesCount: validation.queries,
      raisedYearOnYear: validation.yearOnYear.checks.filter((check) => check.raised).length,
      items,
      errors: form?.errors,
    });
  }

  app.get('/census-return', viewer, async (request, reply) => hub(request, reply));

  app.post('/census-return/answers', officer, async (request, reply) => {
    const authority = authorityOf(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const { year } = await yearOf(app, request, body.year);
    if (body.year === undefined || body.year === '') throw badRequest('Say which census year the answers are for.');
    const raw = Object.fromEntries(answerableItems(year).map((name) => [name, typeof body[name] === 'string' ? (body[name] as string) : undefined]));
    const parsed = parseAnswers(year, raw);
    if (!parsed.ok) {
      const errors: FormErrors = {
        summary: Object.entries(parsed.errors).map(([field, text]) => ({ text, href: `#${field}` })),
        fields: Object.fromEntries(Object.entries(parsed.errors).map(([field, text]) => [field, { text }])),
      };
      return hub(request, reply, { errors, values: Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, value ?? ''])) });
    }
    const changed = await setCensusReturnAnswers(
      app.db,
      { authorityCode: authority.code, censusYear: year, answers: parsed.value },
      { userId: request.user?.id ?? null, email: request.user?.email ?? null, ip: request.ip },
    );
    request.audited = true;
    await request.flash({
      type: 'success',
      heading: changed.length === 0 ? 'No answers changed' : `Census return answers for ${year} saved`,
      ...(changed.length === 0 ? {} : { text: `Changed: ${changed.join(', ')}.` }),
    });
    return reply.redirect(`/census-return?year=${year}#answers`, 303);
  });

  async function download(request: FastifyRequest, what: 'xml' | 'workers' | 'la') {
    const authority = authorityOf(request);
    const { year } = await yearOf(app, request, queryYear(request));
    const built = await censusReturnFor(app.db, authority.code, year, new Date());
    await request.audit('census_return.downloaded', { authorityCode: authority.code, details: { censusYear: year, format: what, workers: built.censusReturn.workers.length } });
    return { built, year, stem: censusReturnFileStem(year, authority.code) };
  }

  app.get('/census-return/return.xml', officer, async (request, reply) => {
    const { built, stem } = await download(request, 'xml');
    return reply.header('content-disposition', `attachment; filename="${stem}.xml"`).type('application/xml; charset=utf-8').send(censusReturnXml(built));
  });

  app.get('/census-return/workers.csv', officer, async (request, reply) => {
    const { built, stem } = await download(request, 'workers');
    return reply
      .header('content-disposition', `attachment; filename="${stem}-workers.csv"`)
      .type('text/csv; charset=utf-8')
      .send(tableToCsv(censusReturnTables(built).workers, 'keys'));
  });

  app.get('/census-return/la-level.csv', officer, async (request, reply) => {
    const { built, stem } = await download(request, 'la');
    return reply
      .header('content-disposition', `attachment; filename="${stem}-la-level.csv"`)
      .type('text/csv; charset=utf-8')
      .send(tableToCsv(censusReturnTables(built).laLevel, 'keys'));
  });

  app.get('/census-return/validation', officer, async (request, reply) => {
    const authority = authorityOf(request);
    const { year, years } = await yearOf(app, request, queryYear(request));
    const validation = await validateCensusReturn(app.db, authority.code, year, new Date());
    await request.audit('census_return.validation_viewed', { authorityCode: authority.code, details: { censusYear: year, errors: validation.errors, queries: validation.queries } });
    return reply.page('census-return/validation.njk', {
      title: 'Validate the census return',
      year,
      yearChoices: yearChoices(years, year),
      validation: {
        errors: validation.errors,
        queries: validation.queries,
        entries: validation.entries.map((entry) => ({ ...entry, href: entry.workerId ? `/workforce/${encodeURIComponent(entry.workerId)}` : null })),
      },
      rules: allRules(),
    });
  });

  app.get('/census-return/validation.xlsx', officer, async (request, reply) => {
    const authority = authorityOf(request);
    const { year } = await yearOf(app, request, queryYear(request));
    const validation = await validateCensusReturn(app.db, authority.code, year, new Date());
    await request.audit('census_return.downloaded', {
      authorityCode: authority.code,
      details: { censusYear: year, format: 'validation_xlsx', errors: validation.errors, queries: validation.queries },
    });
    return sendTables(reply, 'xlsx', `${censusReturnFileStem(year, authority.code)}-validation`, [validationTable(validation), yearOnYearTable(validation.yearOnYear), rulesTable()]);
  });

  app.get('/census-return/year-on-year', officer, async (request, reply) => {
    const authority = authorityOf(request);
    const { year, years } = await yearOf(app, request, queryYear(request));
    const validation = await validateCensusReturn(app.db, authority.code, year, new Date());
    const result = validation.yearOnYear;
    return reply.page('census-return/year-on-year.njk', {
      title: 'Year-on-year queries',
      year,
      yearChoices: yearChoices(years, year),
      result: {
        ...result,
        checks: result.checks.map((check) => ({
          ...check,
          thisText:
            check.thisYear === null
              ? 'Not available'
              : check.measure.endsWith('_percent')
                ? `${check.thisYear.toFixed(1)}%`
                : check.measure === 'inpost_headcount'
                  ? String(check.thisYear)
                  : check.thisYear.toFixed(1),
          lastText: check.lastYear === null ? '' : check.measure === 'inpost_headcount' ? String(check.lastYear) : check.lastYear.toFixed(1),
          changeText: check.changePercent === null ? '' : `${check.changePercent >= 0 ? '+' : '−'}${Math.abs(check.changePercent).toFixed(1)}%`,
        })),
      },
    });
  });

  app.get('/census-return/reconciliation', viewer, async (request, reply) => {
    const authority = authorityOf(request);
    const { year, years } = await yearOf(app, request, queryYear(request));
    const personal = canSeePersonalData(request.user);
    const view = await reconciliationFor(app.db, authority.code, year, personal);
    if (personal) await request.audit('census_return.reconciliation_viewed', { authorityCode: authority.code, details: { censusYear: year } });
    const numbers = new Map(view.explanations.map((explanation, index) => [explanation.id, index + 1]));
    return reply.page('census-return/reconciliation.njk', {
      title: 'Our figures beside DfE’s',
      year,
      yearChoices: yearChoices(years, year),
      personal,
      view: {
        published: view.published,
        suppressedCount: view.suppressed.length,
        rows: view.rows.map((row) => ({
          label: label(row.field),
          field: row.field,
          ours: row.status === 'withheld' ? '[c]' : figure(row.field, row.ours),
          published: figure(row.field, row.published, row.symbol),
          difference: signed(row.field, row.difference),
          status: STATUS_TEXT[row.status],
          explainedBy: row.explainedBy.map((id) => ({ number: numbers.get(id), href: `#explanation-${id}` })),
          affectedBy: row.affectedBy.filter((id) => !row.explainedBy.includes(id)).map((id) => ({ number: numbers.get(id), href: `#explanation-${id}` })),
        })),
        explanations: view.explanations.map((explanation, index) => ({
          ...explanation,
          number: index + 1,
          anchor: `explanation-${explanation.id}`,
          accountsForText: explanation.accountsFor.map(label).join(', '),
          effectsText: Object.entries(explanation.effects)
            .map(([field, change]) => `${label(field as MeasureField)} ${change === null ? 'changes' : signed(field, change)}`)
            .join('; '),
          records: explanation.records.map((record) => ({ ...record, roleText: ROLE_LABELS[record.role as RoleCode] ?? record.role, href: `/workforce/${encodeURIComponent(record.workerId)}` })),
        })),
        togetherText: view.accountedForTogether.map(label).join(', '),
      },
    });
  });
}
