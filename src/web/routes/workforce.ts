import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { REGISTER_SORTS, registerTeams, searchRegister, workerHistory, type RegisterQuery, type RegisterRow, type WorkerPost } from '../../db/register.ts';
import { coverageDateText, registerDefaultDate } from '../../domain/coverage.ts';
import { LEAVING_REASON_LABELS, ROLE_CODES, ROLE_LABELS, type LeavingReason, type RoleCode } from '../../domain/codes.ts';
import { coverageOf } from '../../reports/coverage.ts';
import type { Table } from '../../reports/tables.ts';
import { authorityOf } from '../access.ts';
import { todayIso } from '../clock.ts';
import { sendTables, type DownloadFormat } from '../downloads.ts';
import { notFound } from '../errors.ts';
import { validateForm, type FormErrors } from '../forms.ts';
import { pagination } from '../pagination.ts';
import { registerFilterFields } from '../register-filter.ts';
import { upToOneDecimal } from '../../domain/format.ts';

export const PAGE_SIZE = 50;
/** The team filter's value for rows with no team (a real team cannot be called this: it is not shown as a choice). */
export const NO_TEAM = '__none__';

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' || v === undefined ? undefined : v), schema.optional());

/** The filter form's fields (register-filter.ts, shared with the API), all optional: a bad one is reported and left out, the rest still apply. */
const filterFields = {
  q: optional(registerFilterFields.q),
  team: optional(registerFilterFields.team),
  role: optional(registerFilterFields.role),
  contract: optional(registerFilterFields.contract),
  service: optional(registerFilterFields.service),
  /** Absent means `in_post`: the register opens on staff in post; `all` shows everyone, leavers too. */
  status: optional(registerFilterFields.status),
  on: optional(registerFilterFields.on),
  sort: optional(registerFilterFields.sort),
  direction: optional(registerFilterFields.direction),
  page: optional(registerFilterFields.page),
};
type Filters = { [K in keyof typeof filterFields]?: z.infer<(typeof filterFields)[K]> };

const SORT_LABELS: Record<(typeof REGISTER_SORTS)[number], string> = {
  worker_id: 'Worker ID',
  team: 'Team',
  role: 'Role',
  start_date: 'Start date',
  end_date: 'End date',
  fte: 'FTE',
};

/**
 * Reads the query field by field so one bad value (a mistyped date) does not throw away the
 * others; the problems go to the error summary.
 */
export function readFilters(query: unknown): { filters: Filters; errors?: FormErrors } {
  const raw = (query ?? {}) as Record<string, unknown>;
  const filters: Filters = {};
  const errors: FormErrors = { summary: [], fields: {} };
  for (const [name, schema] of Object.entries(filterFields)) {
    const value = Array.isArray(raw[name]) ? (raw[name] as unknown[])[0] : raw[name];
    const result = validateForm(z.object({ [name]: schema }), { [name]: value });
    if (result.ok) Object.assign(filters, result.value);
    else {
      errors.summary.push(...result.errors.summary);
      Object.assign(errors.fields, result.errors.fields);
    }
  }
  return errors.summary.length > 0 ? { filters, errors } : { filters };
}

/**
 * What the register shows: staff in post unless another status is chosen, judged on the chosen
 * date or else on today or the last day the data covers, whichever is earlier
 * (src/domain/coverage.ts registerDefaultDate). The page and its downloads share this, so a
 * download holds the rows the page listed. (The API keeps its own default, everyone, as documented.)
 */
async function selection(app: FastifyInstance, authorityCode: string, filters: Filters) {
  const today = todayIso();
  const defaultOn = filters.on === undefined ? registerDefaultDate(today, await coverageOf(app.db, authorityCode)) : undefined;
  const on = filters.on ?? defaultOn!;
  const status = filters.status ?? 'in_post';
  return { on, status, dataDate: defaultOn !== undefined && defaultOn !== today, query: registerQuery(authorityCode, filters, on) };
}

function registerQuery(authorityCode: string, filters: Filters, on: string): RegisterQuery {
  return {
    authorityCode,
    search: filters.q,
    team: filters.team === undefined ? undefined : filters.team === NO_TEAM ? '' : filters.team,
    role: filters.role,
    contract: filters.contract,
    service: filters.service,
    status: filters.status === 'all' ? undefined : (filters.status ?? 'in_post'),
    on,
    sort: filters.sort,
    direction: filters.direction,
  };
}

/** The query string for these filters (page left out unless given), for links that keep them. */
export function filterQueryString(filters: Filters, page?: number): string {
  const params = new URLSearchParams();
  for (const key of ['q', 'team', 'role', 'contract', 'service', 'status', 'on', 'sort', 'direction'] as const) {
    const value = filters[key];
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  if (page && page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function roleText(role: RoleCode, localRole: string | null): string {
  const label = ROLE_LABELS[role] ?? role;
  return localRole && localRole.toLowerCase() !== label.toLowerCase() ? `${localRole} (${label})` : label;
}

function reasonText(reason: string | null): string {
  return reason ? (LEAVING_REASON_LABELS[reason as LeavingReason] ?? reason) : '';
}

export function workerHref(workerId: string): string {
  return `/workforce/${encodeURIComponent(workerId)}`;
}

interface RegisterExportRow extends Record<string, unknown> {
  workerId: string;
  sweNumber: string | null;
  contract: string;
  role: string;
  localRole: string | null;
  team: string | null;
  service: string;
  fte: number;
  startDate: string;
  endDate: string | null;
  leavingReason: string | null;
  cases: number | null;
}

function registerTable(rows: RegisterRow[]): Table<RegisterExportRow> {
  return {
    title: 'Workforce register',
    columns: [
      { key: 'workerId', label: 'worker_id' },
      { key: 'sweNumber', label: 'swe_number' },
      { key: 'contract', label: 'agency' },
      { key: 'role', label: 'role' },
      { key: 'localRole', label: 'local_role' },
      { key: 'team', label: 'team' },
      { key: 'service', label: 'service' },
      { key: 'fte', label: 'fte' },
      { key: 'startDate', label: 'start_date' },
      { key: 'endDate', label: 'end_date' },
      { key: 'leavingReason', label: 'leaving_reason' },
      { key: 'cases', label: 'cases' },
    ],
    rows: rows.map((row) => ({
      workerId: row.workerId,
      sweNumber: row.sweNumber,
      contract: row.agency ? 'yes' : 'no',
      role: row.role,
      localRole: row.localRole,
      team: row.team,
      service: row.service,
      fte: row.fte,
      startDate: row.startDate,
      endDate: row.endDate,
      leavingReason: row.leavingReason,
      cases: row.cases,
    })),
  };
}

type HistoryExportRow = Omit<WorkerPost, 'import' | 'updatedAt' | 'agency' | 'importId'> & {
  agency: string;
  importFile: string | null;
  importChecksum: string | null;
  importedAt: string | null;
};

function historyTable(workerId: string, posts: WorkerPost[]): Table<HistoryExportRow> {
  const keys: (keyof HistoryExportRow & string)[] = [
    'workerId',
    'sweNumber',
    'agency',
    'role',
    'localRole',
    'team',
    'service',
    'fte',
    'startDate',
    'endDate',
    'leavingReason',
    'leaverDestination',
    'startOrigin',
    'cases',
    'workingDaysLost',
    'dateOfBirth',
    'gender',
    'ethnicity',
    'salary',
    'grade',
    'qualifiedDate',
    'importFile',
    'importChecksum',
    'importedAt',
  ];
  return {
    title: `Worker ${workerId}`,
    columns: keys.map((key) => ({ key, label: key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) })),
    rows: posts.map(({ import: stamp, updatedAt: _updatedAt, importId: _importId, ...post }) => ({
      ...post,
      agency: post.agency ? 'yes' : 'no',
      importFile: stamp?.fileName ?? null,
      importChecksum: stamp?.checksumSha256 ?? null,
      importedAt: stamp ? stamp.importedAt.toISOString() : null,
    })),
  };
}

async function listPage(app: FastifyInstance, request: FastifyRequest) {
  const authority = authorityOf(request);
  const { filters, errors } = readFilters(request.query);
  const { on, status, dataDate, query: selected } = await selection(app, authority.code, filters);
  const page = filters.page ?? 1;
  const [found, teams] = await Promise.all([searchRegister(app.db, { ...selected, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }), registerTeams(app.db, authority.code)]);
  const pages = Math.max(1, Math.ceil(found.counts.posts / PAGE_SIZE));
  const choice = (value: string, text: string, current: string | undefined) => ({ value, text, selected: value === (current ?? '') });
  const query = filterQueryString(filters);
  return {
    title: 'Workforce register',
    errors,
    filters: { ...filters, on, status },
    statusText:
      status === 'in_post'
        ? `In post on ${coverageDateText(on)}${dataDate ? ', the last day your data covers' : ''}.`
        : status === 'left'
          ? `Left on or before ${coverageDateText(on)}.`
          : 'Everyone in the register: staff in post, leavers and anyone not yet started.',
    counts: found.counts,
    fteText: upToOneDecimal(found.counts.fte),
    from: found.counts.posts === 0 ? 0 : (page - 1) * PAGE_SIZE + 1,
    to: Math.min(page * PAGE_SIZE, found.counts.posts),
    page,
    rows: found.rows.map((row) => ({
      ...row,
      href: workerHref(row.workerId),
      roleText: roleText(row.role, row.localRole),
      contractText: row.agency ? 'Agency' : 'Employed',
      serviceText: row.service === 'adults' ? 'Adults' : 'Children',
      reasonText: reasonText(row.leavingReason),
    })),
    pagination: pagination(Math.min(page, pages), pages, (n) => `/workforce${filterQueryString(filters, n)}`),
    pages,
    downloads: { csv: `/workforce.csv${query}`, xlsx: `/workforce.xlsx${query}` },
    // A link, not only the select, so leavers are one step away (and it works without JavaScript).
    everyoneHref: `/workforce${filterQueryString({ ...filters, status: 'all' })}#results`,
    choices: {
      team: [choice('', 'All teams', filters.team), ...(teams.hasNoTeam ? [choice(NO_TEAM, 'No team', filters.team)] : []), ...teams.teams.map((team) => choice(team, team, filters.team))],
      role: [choice('', 'All roles', filters.role), ...ROLE_CODES.map((code) => choice(code, ROLE_LABELS[code], filters.role))],
      contract: [choice('', 'Agency and employed', filters.contract), choice('employed', 'Employed', filters.contract), choice('agency', 'Agency', filters.contract)],
      service: [choice('', 'All services', filters.service), choice('children', 'Children', filters.service), choice('adults', 'Adults', filters.service)],
      status: [choice('in_post', 'In post on the date', status), choice('left', 'Left by the date', status), choice('all', 'Everyone, leavers too', status)],
      sort: REGISTER_SORTS.map((key) => choice(key, SORT_LABELS[key], filters.sort ?? 'worker_id')),
      direction: [choice('asc', 'Ascending', filters.direction ?? 'asc'), choice('desc', 'Descending', filters.direction ?? 'asc')],
    },
  };
}

async function download(app: FastifyInstance, request: FastifyRequest, format: DownloadFormat) {
  const authority = authorityOf(request);
  const { filters } = readFilters(request.query);
  const found = await searchRegister(app.db, (await selection(app, authority.code, filters)).query);
  await request.audit('workforce.downloaded', { authorityCode: authority.code, details: { format, rows: found.rows.length, filters } });
  return registerTable(found.rows);
}

async function historyOf(app: FastifyInstance, request: FastifyRequest) {
  const authority = authorityOf(request);
  const { workerId } = request.params as { workerId: string };
  const history = await workerHistory(app.db, authority.code, workerId);
  if (!history) throw notFound('There is no worker with this ID in the register.');
  return { authority, history };
}

function historyPage(history: NonNullable<Awaited<ReturnType<typeof workerHistory>>>, on: string) {
  const posts = history.posts;
  const latest = posts[posts.length - 1]!;
  const current = posts.filter((p) => p.startDate <= on && (p.endDate === null || p.endDate > on));
  const latestOf = <K extends keyof WorkerPost>(key: K) => [...posts].reverse().find((p) => p[key] !== null)?.[key] ?? null;
  const base = workerHref(history.workerId);
  return {
    title: `Worker ${history.workerId}`,
    workerId: history.workerId,
    summary: {
      sweNumber: latestOf('sweNumber'),
      status: current.length > 0 ? 'in_post' : latest.endDate !== null && latest.endDate <= on ? 'left' : 'not_started',
      current: current.map((p) => ({ roleText: roleText(p.role, p.localRole), team: p.team, fte: p.fte, startDate: p.startDate })),
      lastDay: latest.endDate,
      firstStart: posts[0]!.startDate,
      dateOfBirth: latestOf('dateOfBirth'),
      gender: latestOf('gender'),
      ethnicity: latestOf('ethnicity'),
      qualifiedDate: latestOf('qualifiedDate'),
    },
    today: on,
    posts: posts.map((p) => ({
      ...p,
      roleText: roleText(p.role, p.localRole),
      contractText: p.agency ? 'Agency' : 'Employed',
      serviceText: p.service === 'adults' ? 'Adults' : 'Children',
      reasonText: reasonText(p.leavingReason),
    })),
    imports: history.imports,
    changes: history.changes.map((change) => ({
      ...change,
      fields: change.fields.map((f) => ({ column: columnName(f.field), before: changeValue(f.before), after: changeValue(f.after) })),
    })),
    downloads: { csv: `${base}/history.csv`, xlsx: `${base}/history.xlsx` },
  };
}

/** A WorkerRecord field as the workers file names its column (endDate -> end_date). */
function columnName(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** A value in "what changed": as the file would hold it, a blank said as such. */
function changeValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(blank)';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/**
 * The workforce register and each worker's history. Personal data (staff numbers, SWE numbers,
 * dates of birth), so analysts and admins only; viewers are refused by the access config.
 */
export function register(app: FastifyInstance): void {
  const analyst = { config: { access: 'analyst' as const } };

  app.get('/workforce', analyst, async (request, reply) => {
    const data = await listPage(app, request);
    return reply.code(data.errors ? 400 : 200).page('workforce/index.njk', data);
  });

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/workforce.${format}`, analyst, async (request, reply) => sendTables(reply, format, `workforce-${authorityOf(request).code}-${todayIso()}`, [await download(app, request, format)]));

    app.get(`/workforce/:workerId/history.${format}`, analyst, async (request, reply) => {
      const { authority, history } = await historyOf(app, request);
      await request.audit('workforce.worker_downloaded', { authorityCode: authority.code, details: { format, workerId: history.workerId } });
      return sendTables(reply, format, `worker-${history.workerId}`, [historyTable(history.workerId, history.posts)]);
    });
  }

  app.get('/workforce/:workerId', analyst, async (request, reply) => {
    const { history } = await historyOf(app, request);
    return reply.page('workforce/worker.njk', historyPage(history, todayIso()));
  });
}
