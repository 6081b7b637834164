import type { FastifyInstance, FastifyRequest } from 'fastify';
import { getAuthority } from '../../db/authorities.ts';
import { listReleases } from '../../db/benchmarks.ts';
import { listRoleMap } from '../../db/role-map.ts';
import { getSettings, listCodeWords, listColumnMap, neighbourList, neighbourModelCouncils } from '../../db/settings.ts';
import { DEFAULT_NEIGHBOUR_MODEL, NEIGHBOUR_MODELS } from '../../domain/benchmarks.ts';
import { CODE_LIST_LABELS, CODE_LIST_NAMES, CODE_LISTS } from '../../domain/code-words.ts';
import { ROLE_CODES, ROLE_LABELS } from '../../domain/codes.ts';
import { DEFAULT_ROLE_MAP } from '../../domain/roles.ts';
import { listNeighbours } from '../../imports/neighbours.ts';
import { loadBenchmarks } from '../../commands/benchmarks.ts';
import { formatProblem } from '../../imports/problems.ts';
import { addCodeWord, chooseNeighbourModel, deleteCodeWord, editNeighbours, forgetColumnChoices, mapRole, setThresholds, unmapRole, type Actor, type SettingsResult } from '../../commands/settings.ts';
import { DEFAULT_RISK_THRESHOLDS } from '../../reports/dashboard.ts';
import { authorityOf } from '../access.ts';
import { badRequest } from '../errors.ts';
import type { FormErrors } from '../forms.ts';
import { registerUploads } from '../uploads.ts';
import { riskThresholdsFrom } from './dashboard.ts';

/**
 * Settings in the browser (issue 10), for analysts and admins: load a newer DfE indicators file,
 * choose the neighbour model and edit the neighbours, the role map (local role -> DfE role), the
 * at-risk thresholds, the words the council's HR system uses for leaving reasons and origins, and
 * the saved column choices. Each change is one use case in src/imports/settings.ts, audited in its
 * own transaction; the handlers only read the form and show the result.
 */

const MAX_DFE_FILE = 20 * 1024 * 1024;

function actorOf(request: FastifyRequest): Actor {
  return { userId: request.user?.id ?? null, email: request.user?.email ?? null, ip: request.ip };
}

function field(body: unknown, name: string): string {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  const plain = value && typeof value === 'object' && 'value' in value ? (value as { value: unknown }).value : value;
  return typeof plain === 'string' ? plain : Array.isArray(plain) ? String(plain[0] ?? '') : '';
}

function errorsOf(problems: Record<string, string>): FormErrors {
  return { summary: Object.entries(problems).map(([name, text]) => ({ text, href: `#${name}` })), fields: Object.fromEntries(Object.entries(problems).map(([name, text]) => [name, { text }])) };
}

export async function register(app: FastifyInstance): Promise<void> {
  const analyst = { config: { access: 'analyst' as const } };
  await registerUploads(app, { fileSize: MAX_DFE_FILE, fields: 3 });
  const envThresholds = riskThresholdsFrom(process.env);

  async function page(request: FastifyRequest, extra: Record<string, unknown> = {}) {
    const choice = authorityOf(request);
    const authority = (await getAuthority(app.db, choice.code))!;
    const settings = await getSettings(app.db, authority.code);
    const model = settings.neighbourModel ?? DEFAULT_NEIGHBOUR_MODEL;
    const basis = settings.neighbourBasis ?? authority.oldLaCode ?? authority.code;
    const [releases, neighbours, modelList, councils, roleMap, words, workerColumns, vacancyColumns] = await Promise.all([
      listReleases(app.db),
      listNeighbours(app.db, authority.code),
      neighbourList(app.db, model, basis),
      neighbourModelCouncils(app.db, model),
      listRoleMap(app.db, authority.code),
      listCodeWords(app.db, authority.code),
      listColumnMap(app.db, authority.code, 'workers'),
      listColumnMap(app.db, authority.code, 'vacancies'),
    ]);
    const basisCouncil = councils.find((council) => council.code === basis);
    return {
      title: 'Settings',
      councilName: authority.name,
      releases,
      model,
      models: NEIGHBOUR_MODELS,
      basis,
      basisName: basisCouncil?.name ?? null,
      borrowed: settings.neighbourBasis !== null,
      edited: settings.neighboursEdited,
      councils,
      neighbours: neighbours.neighbours.map((entry) => ({ ...entry, proximity: modelList.find((row) => row.neighbourCode === entry.code)?.proximity ?? null })),
      neighbourWarnings: neighbours.warnings,
      neighbourCodes: authority.neighbours.join(' '),
      roleMap,
      roleChoices: ROLE_CODES.map((code) => ({ value: code, text: `${ROLE_LABELS[code]} (${code})` })),
      defaultRoleNames: Object.keys(DEFAULT_ROLE_MAP).length,
      thresholds: settings.thresholds,
      thresholdDefaults: { ...DEFAULT_RISK_THRESHOLDS, ...envThresholds },
      words,
      codeLists: CODE_LIST_NAMES.map((name) => ({ name, label: CODE_LIST_LABELS[name], codes: CODE_LISTS[name] })),
      codeListLabels: CODE_LIST_LABELS,
      columnMaps: [
        { kind: 'workers', entries: workerColumns },
        { kind: 'vacancies', entries: vacancyColumns },
      ],
      values: {},
      ...extra,
    };
  }

  /** Shows the result: back to the section with a message, or the page again with the errors. */
  async function done(request: FastifyRequest, reply: import('fastify').FastifyReply, result: SettingsResult, anchor: string, values: Record<string, unknown> = {}) {
    if (!result.ok) return reply.code(400).page('settings/index.njk', await page(request, { errors: errorsOf(result.problems), values }));
    await request.flash({ type: 'success', heading: result.summary });
    return reply.redirect(`/settings#${anchor}`, 303);
  }

  app.get('/settings', analyst, async (request, reply) => reply.page('settings/index.njk', await page(request)));

  app.post('/settings/benchmarks', analyst, async (request, reply) => {
    if (!request.isMultipart()) throw badRequest('Upload the file with the form on the Settings page.');
    const part = (request.body as Record<string, unknown> | undefined)?.file as { type?: string; filename?: string; file?: { truncated: boolean }; toBuffer?: () => Promise<Buffer> } | undefined;
    const bytes = part?.type === 'file' && part.toBuffer ? await part.toBuffer() : undefined;
    if (!part?.filename || !bytes || bytes.byteLength === 0) return done(request, reply, { ok: false, problems: { file: 'Select DfE’s CSWW indicators file (a CSV)' } }, 'benchmarks');
    if (part.file?.truncated) return done(request, reply, { ok: false, problems: { file: 'The selected file must be smaller than 20 MB' } }, 'benchmarks');
    const fileName = part.filename.split(/[\\/]/).pop()!.slice(0, 200);
    const result = await loadBenchmarks(
      app.db,
      { fileName, bytes, authorityCode: authorityOf(request).code },
      { userId: request.user?.id ?? null, email: request.user?.email ?? null, ip: request.ip },
    );
    request.audited = true;
    if (!result.ok) {
      const shown = result.problems.slice(0, 10).map(formatProblem).join('; ');
      return done(
        request,
        reply,
        { ok: false, problems: { file: `${fileName} was not loaded: ${shown}${result.problems.length > 10 ? ` and ${result.problems.length - 10} more problems` : ''}` } },
        'benchmarks',
      );
    }
    return done(
      request,
      reply,
      { ok: true, summary: result.alreadyLoaded ? `${fileName} was already loaded; nothing changed.` : `Loaded ${fileName}: ${result.rowCount} rows for ${result.firstYear} to ${result.lastYear}.` },
      'benchmarks',
    );
  });

  app.post('/settings/neighbours/model', analyst, async (request, reply) => {
    const authority = authorityOf(request);
    const result = await chooseNeighbourModel(app.db, { authorityCode: authority.code, model: field(request.body, 'model'), basis: field(request.body, 'basis') || null }, actorOf(request));
    return done(request, reply, result, 'neighbours', request.body as Record<string, unknown>);
  });

  app.post('/settings/neighbours', analyst, async (request, reply) => {
    const authority = authorityOf(request);
    const result = await editNeighbours(app.db, { authorityCode: authority.code, codes: field(request.body, 'codes') }, actorOf(request));
    return done(request, reply, result, 'neighbours', request.body as Record<string, unknown>);
  });

  app.post('/settings/thresholds', analyst, async (request, reply) => {
    const authority = authorityOf(request);
    const body = request.body as Record<string, unknown>;
    const result = await setThresholds(
      app.db,
      { authorityCode: authority.code, values: { turnover_rate_fte: field(body, 'turnover_rate_fte'), vacancy_rate_fte: field(body, 'vacancy_rate_fte'), caseload_fte: field(body, 'caseload_fte') } },
      actorOf(request),
    );
    return done(request, reply, result, 'thresholds', body);
  });

  app.post('/settings/role-map', analyst, async (request, reply) => {
    const authority = authorityOf(request);
    const result = await mapRole(app.db, { authorityCode: authority.code, localName: field(request.body, 'localName'), role: field(request.body, 'role') }, actorOf(request));
    return done(request, reply, result, 'role-map', request.body as Record<string, unknown>);
  });

  app.post('/settings/role-map/remove', analyst, async (request, reply) => {
    const authority = authorityOf(request);
    return done(request, reply, await unmapRole(app.db, { authorityCode: authority.code, localName: field(request.body, 'localName') }, actorOf(request)), 'role-map');
  });

  app.post('/settings/code-words', analyst, async (request, reply) => {
    const authority = authorityOf(request);
    const body = request.body as Record<string, unknown>;
    // One select, grouped by list: each option's value is "list:code".
    const [list = '', code = ''] = field(body, 'choice').split(':');
    const result = await addCodeWord(app.db, { authorityCode: authority.code, list, word: field(body, 'word'), code }, actorOf(request));
    return done(request, reply, result, 'code-words', body);
  });

  app.post('/settings/code-words/remove', analyst, async (request, reply) => {
    const authority = authorityOf(request);
    return done(request, reply, await deleteCodeWord(app.db, { authorityCode: authority.code, list: field(request.body, 'list'), word: field(request.body, 'word') }, actorOf(request)), 'code-words');
  });

  app.post('/settings/columns/clear', analyst, async (request, reply) => {
    const authority = authorityOf(request);
    const kind = field(request.body, 'kind') === 'vacancies' ? 'vacancies' : 'workers';
    return done(request, reply, await forgetColumnChoices(app.db, { authorityCode: authority.code, kind }, actorOf(request)), 'columns');
  });
}
