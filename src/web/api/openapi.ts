import { MEASURE_FIELDS } from '../../domain/measures.ts';
import { ROLE_CODES } from '../../domain/codes.ts';
import { REGISTER_SORTS } from '../../db/register.ts';
import { ERROR_CODES as API_ERROR_CODES } from '../../errors.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './params.ts';

/**
 * The OpenAPI 3.1 description of /api/v1, served as JSON at /api/v1/openapi.json. Written by hand
 * as a typed object (no generator): the API test checks every /api/v1 route the app registers is
 * described here, and that the metrics schema lists exactly MEASURE_FIELDS.
 */

type Schema = Record<string, unknown>;

interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: Schema[];
  responses: Record<string, Schema>;
  security?: Record<string, string[]>[];
}

export interface OpenApiDocument {
  openapi: `3.1.${number}`;
  info: { title: string; version: string; description: string; license: { name: string; identifier: string } };
  servers: { url: string }[];
  security: Record<string, string[]>[];
  tags: { name: string; description: string }[];
  paths: Record<string, Partial<Record<'get' | 'post' | 'put' | 'patch' | 'delete', Operation>>>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, Schema>; parameters: Record<string, Schema>; responses: Record<string, Schema> };
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullableNumber = { type: ['number', 'null'] };
const nullableString = { type: ['string', 'null'] };
const isoDate = { type: 'string', format: 'date', examples: ['2024-09-30'] };

const json = (schema: Schema, description: string) => ({ description, content: { 'application/json': { schema } } });
const errorRef = (name: string) => ({ $ref: `#/components/responses/${name}` });

/** The answers every authority-scoped data route can give besides 200. */
const AUTHORITY_ERRORS = { '401': errorRef('Unauthenticated'), '403': errorRef('Forbidden') };

const authorityParameter = { $ref: '#/components/parameters/authority' };
const yearParameter = { $ref: '#/components/parameters/year' };

const SUPPRESSED_DESCRIPTION =
  'Fields withheld from this caller (viewers: any figure built from 1 to 4 people, and the rates derived from it). ' +
  'A withheld field is null and listed here; a null not listed is undefined (e.g. a rate whose denominator is zero). Always empty for analysts and admins.';

const measuresSchema: Schema = {
  type: 'object',
  description:
    "The DfE children's social work workforce census measures, named as the columns of DfE's published csww_indicators files, " +
    'in that order. Unrounded: rates are percentages (compare at one decimal place), FTE and counts as summed. ' +
    'null where undefined (a rate over zero, no vacancy return at the reference date) or withheld (see `suppressed`).',
  properties: Object.fromEntries(MEASURE_FIELDS.map((field) => [field, nullableNumber])),
  required: [...MEASURE_FIELDS],
  additionalProperties: false,
};

const suppressedSchema: Schema = {
  type: 'array',
  description: SUPPRESSED_DESCRIPTION,
  items: { type: 'string', enum: [...MEASURE_FIELDS] },
};

const rollingSchema: Schema = {
  type: 'object',
  description: 'Rolling 12-month turnover: employed leavers whose last day is in the 12 months to `to`, over employed FTE (headcount) in post on `to`.',
  properties: {
    from: isoDate,
    to: isoDate,
    leavers_fte: nullableNumber,
    leavers_headcount: nullableNumber,
    inpost_fte: nullableNumber,
    inpost_headcount: nullableNumber,
    turnover_rate_fte: nullableNumber,
    turnover_rate_headcount: nullableNumber,
  },
  required: ['from', 'to', 'leavers_fte', 'leavers_headcount', 'inpost_fte', 'inpost_headcount', 'turnover_rate_fte', 'turnover_rate_headcount'],
};

const stabilitySchema: Schema = {
  type: 'object',
  description: 'Stability index: of the workers in post a year earlier, the percentage still in post on the date.',
  properties: { inPostYearAgo: nullableNumber, stillInPost: nullableNumber, stability_index: nullableNumber },
  required: ['inPostYearAgo', 'stillInPost', 'stability_index'],
};

const serviceLengthSchema: Schema = {
  type: 'object',
  description: "Share of employed workers in post on the date with under two years' service (service starts at their earliest employed post).",
  properties: { inPost: nullableNumber, underTwoYears: nullableNumber, share_under_two_years: nullableNumber },
  required: ['inPost', 'underTwoYears', 'share_under_two_years'],
};

const retentionSuppressed: Schema = {
  type: 'array',
  items: { type: 'string', examples: ['rolling.turnover_rate_fte'] },
  description: `${SUPPRESSED_DESCRIPTION} Named as part.field.`,
};

const retentionGroupSchema: Schema = {
  type: 'object',
  properties: { group: { type: 'string' }, rolling: ref('RollingTurnover'), stability: ref('StabilityIndex'), serviceLength: ref('ServiceLength'), suppressed: retentionSuppressed },
  required: ['group', 'rolling', 'stability', 'serviceLength', 'suppressed'],
};

const comparisonRowSchema: Schema = {
  type: 'object',
  properties: {
    field: { type: 'string', enum: [...MEASURE_FIELDS] },
    ours: { ...nullableNumber, description: "Our figure, from the council's own records (null when withheld: see `suppressed`)." },
    england: { ...nullableNumber, description: 'Published figure for England.' },
    region: { ...nullableNumber, description: "Published figure for the authority's region." },
    neighbourMedian: { ...nullableNumber, description: "Median of the statistical neighbours' published figures." },
    neighbourCount: { type: 'integer', description: 'How many neighbours published a figure.' },
    published: { ...nullableNumber, description: "The authority's own published figure." },
    symbols: {
      type: 'object',
      description: 'The suppression symbol DfE printed in place of a figure (c, x, z, u, low, :), when it did.',
      properties: { england: nullableString, region: nullableString, published: nullableString },
      required: ['england', 'region', 'published'],
    },
  },
  required: ['field', 'ours', 'england', 'region', 'neighbourMedian', 'neighbourCount', 'published', 'symbols'],
};

const REGISTER_FIELDS: Record<string, Schema> = {
  worker_id: { type: 'string' },
  swe_number: nullableString,
  agency: { type: 'boolean' },
  role: { type: 'string', enum: [...ROLE_CODES] },
  local_role: { ...nullableString, description: 'The role as the council wrote it.' },
  team: nullableString,
  service: { type: 'string', enum: ['children', 'adults'] },
  fte: { type: 'number' },
  start_date: isoDate,
  end_date: { type: ['string', 'null'], format: 'date' },
  leaving_reason: nullableString,
  cases: { type: ['integer', 'null'] },
  import_id: { type: ['integer', 'null'], description: 'The import that last wrote the row.' },
};

const workerRowSchema: Schema = {
  type: 'object',
  description: "One worker in one post (a worker with two posts has two rows), with the workers file's column names. Personal data: analysts and admins only.",
  properties: REGISTER_FIELDS,
  required: Object.keys(REGISTER_FIELDS),
};

const POST_FIELDS: Record<string, Schema> = {
  ...REGISTER_FIELDS,
  leaver_destination: nullableString,
  start_origin: nullableString,
  working_days_lost: nullableNumber,
  date_of_birth: { type: ['string', 'null'], format: 'date' },
  gender: nullableString,
  ethnicity: nullableString,
  salary: nullableNumber,
  grade: nullableString,
  qualified_date: { type: ['string', 'null'], format: 'date' },
  updated_at: { type: 'string', format: 'date-time' },
};

const importStampSchema: Schema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    file_name: { type: 'string' },
    checksum_sha256: { type: 'string' },
    imported_by: nullableString,
    imported_at: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'file_name', 'checksum_sha256', 'imported_by', 'imported_at'],
};

const workerPostSchema: Schema = {
  type: 'object',
  description: 'One post of a worker, every column, with the import that last wrote it.',
  properties: { ...POST_FIELDS, import: { oneOf: [ref('ImportStamp'), { type: 'null' }] } },
  required: [...Object.keys(POST_FIELDS), 'import'],
};

const importSchema: Schema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    kind: { type: 'string', enum: ['workers', 'vacancies'] },
    file_name: { type: 'string' },
    checksum_sha256: { type: 'string', description: 'SHA-256 of the file as uploaded, hex.' },
    row_count: { type: 'integer' },
    inserted: { type: 'integer' },
    updated: { type: 'integer' },
    unchanged: { type: 'integer' },
    warnings: { type: 'array', items: { type: 'string' } },
    imported_by: nullableString,
    imported_at: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'kind', 'file_name', 'checksum_sha256', 'row_count', 'inserted', 'updated', 'unchanged', 'warnings', 'imported_by', 'imported_at'],
};

export const openApiDocument: OpenApiDocument = {
  openapi: '3.1.1',
  info: {
    title: 'Retain API',
    version: '1.0.0',
    description:
      "The figures Retain shows on its pages, as JSON: DfE children's social work workforce census measures, the comparison " +
      'with England, region and statistical neighbours, retention measures, imports and (for analysts) the workforce register. ' +
      'Figures are the same objects the CLI prints with `retain metrics --json`, computed by the same functions, unrounded. ' +
      'Authenticate with your browser session, or send a personal API token (create one under Your account → API tokens) as ' +
      '`Authorization: Bearer <token>`. A caller sees only the authorities they are bound to (admins see all). ' +
      'Errors are `{ "error": { "code", "message" } }` with a stable `code`.',
    license: { name: 'MIT', identifier: 'MIT' },
  },
  servers: [{ url: '/api/v1' }],
  security: [{ apiToken: [] }, { session: [] }],
  tags: [
    { name: 'Authorities', description: 'Councils the caller may see.' },
    { name: 'Figures', description: 'Census measures, comparisons and retention. Viewers get small numbers withheld.' },
    { name: 'Data', description: 'Imports and worker records. Analysts and admins only.' },
    { name: 'Reviews', description: 'Scrutiny reviews: scope, meetings, actions, findings, recommendations and the evaluation of each indicator.' },
    { name: 'Description', description: 'This document.' },
  ],
  paths: {
    '/openapi.json': {
      get: {
        operationId: 'getOpenApi',
        summary: 'This OpenAPI document',
        tags: ['Description'],
        security: [],
        responses: { '200': json({ type: 'object' }, 'The OpenAPI 3.1 document.') },
      },
    },
    '/authorities': {
      get: {
        operationId: 'listAuthorities',
        summary: 'Authorities the caller may see',
        tags: ['Authorities'],
        responses: {
          '200': json({ type: 'object', properties: { authorities: { type: 'array', items: ref('Authority') } }, required: ['authorities'] }, 'The authorities, by name.'),
          '401': errorRef('Unauthenticated'),
        },
      },
    },
    '/authorities/{authority}/metrics': {
      get: {
        operationId: 'getMetrics',
        summary: 'Census measures for one year, for the council or by team or role',
        description:
          'Without `by`: a MetricsYear (`measures` equals `retain metrics --year Y --json`). With `by=team` or `by=role`: a MetricsByGroup, ' +
          'one entry per team or role (by role, vacancy figures are null: vacancy returns carry no role).',
        tags: ['Figures'],
        parameters: [
          authorityParameter,
          yearParameter,
          { name: 'by', in: 'query', required: false, description: 'Break the figures down by team or by role.', schema: { type: 'string', enum: ['team', 'role'] } },
        ],
        responses: {
          '200': json({ oneOf: [ref('MetricsYear'), ref('MetricsByGroup')] }, 'The measures.'),
          '400': errorRef('BadRequest'),
          ...AUTHORITY_ERRORS,
        },
      },
    },
    '/authorities/{authority}/metrics/series': {
      get: {
        operationId: 'getMetricsSeries',
        summary: 'Census measures for every year the data covers',
        tags: ['Figures'],
        parameters: [authorityParameter],
        responses: { '200': json(ref('MetricsSeries'), 'One entry per census year, oldest first.'), ...AUTHORITY_ERRORS },
      },
    },
    '/authorities/{authority}/compare': {
      get: {
        operationId: 'getComparison',
        summary: 'Our measures beside England, the region, the neighbours’ median and our own published row',
        description: 'Benchmarks come from the imported DfE release for the same year only; when that year is not published they are null and `benchmarkYear` is null.',
        tags: ['Figures'],
        parameters: [authorityParameter, yearParameter],
        responses: { '200': json(ref('Comparison'), 'One row per measure, in DfE’s column order.'), '400': errorRef('BadRequest'), ...AUTHORITY_ERRORS },
      },
    },
    '/authorities/{authority}/retention': {
      get: {
        operationId: 'getRetention',
        summary: 'Rolling turnover, stability index and length of service at a date, for the council and by team and role',
        tags: ['Figures'],
        parameters: [
          authorityParameter,
          { name: 'date', in: 'query', required: true, description: 'The date, YYYY-MM-DD.', schema: isoDate },
        ],
        responses: { '200': json(ref('Retention'), 'The retention measures.'), '400': errorRef('BadRequest'), ...AUTHORITY_ERRORS },
      },
    },
    '/authorities/{authority}/reviews': {
      get: {
        operationId: 'listReviews',
        summary: 'The authority’s scrutiny reviews, newest first, with counts of meetings, open and overdue actions and recommendations',
        tags: ['Reviews'],
        parameters: [authorityParameter],
        responses: {
          '200': json({ type: 'object', properties: { authorityCode: { type: 'string' }, reviews: { type: 'array', items: ref('ReviewSummary') } }, required: ['authorityCode', 'reviews'] }, 'The reviews.'),
          ...AUTHORITY_ERRORS,
        },
      },
    },
    '/authorities/{authority}/reviews/{reviewId}': {
      get: {
        operationId: 'getReview',
        summary: 'One scrutiny review whole: scope, meetings and minutes, actions, evidence packs issued, other evidence, findings, recommendations and evaluation',
        description: 'Each indicator of success is evaluated against the council’s figures for the latest census year ended today. For viewers a figure built from fewer than 5 people is withheld (outcome `withheld`).',
        tags: ['Reviews'],
        parameters: [authorityParameter, { name: 'reviewId', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
        responses: {
          '200': json(ref('Review'), 'The review.'),
          '404': errorRef('NotFound'),
          ...AUTHORITY_ERRORS,
        },
      },
    },
    '/authorities/{authority}/imports': {
      get: {
        operationId: 'listImports',
        summary: 'Files imported for the authority, newest first (analysts and admins)',
        tags: ['Data'],
        parameters: [authorityParameter],
        responses: {
          '200': json({ type: 'object', properties: { authorityCode: { type: 'string' }, imports: { type: 'array', items: ref('Import') } }, required: ['authorityCode', 'imports'] }, 'The imports.'),
          ...AUTHORITY_ERRORS,
        },
      },
    },
    '/authorities/{authority}/workers': {
      get: {
        operationId: 'listWorkers',
        summary: 'Worker records, a page at a time (analysts and admins; personal data)',
        tags: ['Data'],
        parameters: [
          authorityParameter,
          { name: 'q', in: 'query', required: false, description: 'Part of a worker id, SWE number, team or local role name (case-insensitive, taken literally).', schema: { type: 'string', maxLength: 100 } },
          { name: 'team', in: 'query', required: false, description: 'Only this team; empty for rows with no team.', schema: { type: 'string' } },
          { name: 'role', in: 'query', required: false, description: 'Only this role.', schema: { type: 'string', enum: [...ROLE_CODES] } },
          { name: 'contract', in: 'query', required: false, description: 'Only agency or only employed records.', schema: { type: 'string', enum: ['agency', 'employed'] } },
          { name: 'service', in: 'query', required: false, schema: { type: 'string', enum: ['children', 'adults'] } },
          { name: 'status', in: 'query', required: false, description: 'Only rows in post on `on`, or only rows that had left by it. Default: all rows.', schema: { type: 'string', enum: ['in_post', 'left'] } },
          { name: 'on', in: 'query', required: false, description: 'The date `status` is judged on (default today).', schema: isoDate },
          { name: 'sort', in: 'query', required: false, schema: { type: 'string', enum: [...REGISTER_SORTS], default: 'worker_id' } },
          { name: 'direction', in: 'query', required: false, schema: { type: 'string', enum: ['asc', 'desc'], default: 'asc' } },
          { name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1, default: 1 } },
          { name: 'pageSize', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE } },
        ],
        responses: { '200': json(ref('WorkerPage'), 'A page of post records.'), '400': errorRef('BadRequest'), ...AUTHORITY_ERRORS },
      },
    },
    '/authorities/{authority}/workers/{workerId}': {
      get: {
        operationId: 'getWorker',
        summary: "One worker's posts over time, each with the import that last wrote it (analysts and admins; personal data)",
        tags: ['Data'],
        parameters: [authorityParameter, { name: 'workerId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': json(ref('WorkerHistory'), 'The worker.'), ...AUTHORITY_ERRORS, '404': errorRef('NotFound') },
      },
    },
  },
  components: {
    securitySchemes: {
      apiToken: { type: 'http', scheme: 'bearer', description: 'A personal API token from Your account → API tokens. It acts as you, with your role and authorities.' },
      session: { type: 'apiKey', in: 'cookie', name: '__Host-retain_session', description: 'The browser session after signing in (named retain_session where cookies are not secure, RETAIN_INSECURE_COOKIES=1).' },
    },
    parameters: {
      authority: { name: 'authority', in: 'path', required: true, description: 'The authority code, as listed by /authorities.', schema: { type: 'string' } },
      year: {
        name: 'year',
        in: 'query',
        required: true,
        description: 'Census year Y: 1 October Y-1 to 30 September Y (reference date 30 September Y).',
        schema: { type: 'integer', minimum: 1900, maximum: 2999, examples: [2024] },
      },
    },
    responses: {
      BadRequest: json(ref('Error'), 'A query parameter is missing or not valid (invalid_year, invalid_date, invalid_parameter).'),
      Unauthenticated: json(ref('Error'), 'No session and no valid API token (unauthenticated).'),
      Forbidden: json(ref('Error'), 'The caller’s role may not use this route, or they are not bound to the authority (forbidden).'),
      NotFound: json(ref('Error'), 'No such record (not_found).'),
    },
    schemas: {
      ReviewSummary: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          title: { type: 'string' },
          createdAt: { type: 'string', format: 'date-time' },
          updatedAt: { type: 'string', format: 'date-time' },
          meetings: { type: 'integer' },
          openActions: { type: 'integer' },
          overdueActions: { type: 'integer' },
          recommendations: { type: 'integer' },
        },
        required: ['id', 'title', 'createdAt', 'updatedAt', 'meetings', 'openActions', 'overdueActions', 'recommendations'],
      },
      Review: {
        type: 'object',
        description: 'The records of one review, as the review pages show them. Dates are YYYY-MM-DD.',
        properties: {
          authorityCode: { type: 'string' },
          review: {
            type: 'object',
            description: 'Title, contact officer, when the recommendations were agreed, the evaluation date, and `scope`: every section of the scoping document (objectives, indicators with measure, baseline and target, in scope, excluded, linked strategies, methods, focus groups, risks with how each is managed, equality implications, key dates, anticipated meetings, scrutiny board, cabinet portfolios, reporting date and route, report of, communications).',
            properties: { id: { type: 'integer' }, title: { type: 'string' }, scope: { type: 'object' }, recommendationsAgreedOn: nullableString, evaluationDate: nullableString, contactOfficer: { type: 'string' } },
            required: ['id', 'title', 'scope'],
          },
          meetings: { type: 'array', description: 'Number, date, subject, information required (item and officer), officers attending, minutes or null.', items: { type: 'object' } },
          actions: { type: 'array', description: 'Description, owner, due date, status (open, in_progress, done) and whether overdue.', items: { type: 'object' } },
          findings: { type: 'array', description: 'Statement, evidence, SWOT heading, status (proposed, accepted, rejected) and the rule that proposed it.', items: { type: 'object' } },
          recommendations: { type: 'array', description: 'Text, addressed to, response and reasons, decision date, owner, financial implications, investment per year, implementation status, dated updates, progress review date.', items: { type: 'object' } },
          evidence: { type: 'array', description: 'Other evidence attached (titles, kinds, file names; download the files in the web app).', items: { type: 'object' } },
          packs: { type: 'array', description: 'Evidence packs issued: title, census year, as-of date, when and by whom.', items: { type: 'object' } },
          evaluation: {
            type: 'object',
            description: 'The evaluation date, whether it has come, the census year of the current figures, and each indicator with its current figure, change and outcome (met, not_met, no_target, no_figure, withheld).',
            properties: { date: nullableString, due: { type: 'boolean' }, censusYear: { type: ['integer', 'null'] }, indicators: { type: 'array', items: { type: 'object' } } },
            required: ['date', 'due', 'censusYear', 'indicators'],
          },
        },
        required: ['authorityCode', 'review', 'meetings', 'actions', 'findings', 'recommendations', 'evidence', 'packs', 'evaluation'],
      },
      Error: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: { code: { type: 'string', examples: [...API_ERROR_CODES] }, message: { type: 'string' } },
            required: ['code', 'message'],
          },
        },
        required: ['error'],
      },
      Authority: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' } }, required: ['code', 'name'] },
      Measures: measuresSchema,
      Suppressed: suppressedSchema,
      MetricsYear: {
        type: 'object',
        properties: { authorityCode: { type: 'string' }, censusYear: { type: 'integer' }, measures: ref('Measures'), suppressed: ref('Suppressed') },
        required: ['authorityCode', 'censusYear', 'measures', 'suppressed'],
      },
      MetricsByGroup: {
        type: 'object',
        properties: {
          authorityCode: { type: 'string' },
          censusYear: { type: 'integer' },
          by: { type: 'string', enum: ['team', 'role'] },
          groups: {
            type: 'array',
            items: {
              type: 'object',
              properties: { group: { type: 'string', description: 'The team (records with none: "(no team)") or role code.' }, measures: ref('Measures'), suppressed: ref('Suppressed') },
              required: ['group', 'measures', 'suppressed'],
            },
          },
        },
        required: ['authorityCode', 'censusYear', 'by', 'groups'],
      },
      MetricsSeries: {
        type: 'object',
        properties: {
          authorityCode: { type: 'string' },
          censusYears: { type: 'array', items: { type: 'integer' } },
          series: {
            type: 'array',
            items: {
              type: 'object',
              properties: { censusYear: { type: 'integer' }, measures: ref('Measures'), suppressed: ref('Suppressed') },
              required: ['censusYear', 'measures', 'suppressed'],
            },
          },
        },
        required: ['authorityCode', 'censusYears', 'series'],
      },
      ComparisonRow: comparisonRowSchema,
      Comparison: {
        type: 'object',
        properties: {
          authorityCode: { type: 'string' },
          censusYear: { type: 'integer' },
          benchmarkYear: { type: ['integer', 'null'] },
          releaseId: { type: ['integer', 'null'] },
          latestPublishedYear: { type: ['integer', 'null'] },
          region: { type: 'object', properties: { code: nullableString, name: nullableString }, required: ['code', 'name'] },
          neighbours: {
            type: 'object',
            properties: {
              named: { type: 'array', items: { type: 'string' } },
              found: { type: 'array', items: { type: 'string' } },
              missing: { type: 'array', items: { type: 'string' } },
            },
            required: ['named', 'found', 'missing'],
          },
          ownPublished: { type: 'boolean' },
          rows: { type: 'array', items: ref('ComparisonRow') },
          suppressed: ref('Suppressed'),
        },
        required: ['authorityCode', 'censusYear', 'benchmarkYear', 'releaseId', 'latestPublishedYear', 'region', 'neighbours', 'ownPublished', 'rows', 'suppressed'],
      },
      RollingTurnover: rollingSchema,
      StabilityIndex: stabilitySchema,
      ServiceLength: serviceLengthSchema,
      RetentionGroup: retentionGroupSchema,
      Retention: {
        type: 'object',
        properties: {
          authorityCode: { type: 'string' },
          date: isoDate,
          rolling: ref('RollingTurnover'),
          stability: ref('StabilityIndex'),
          serviceLength: ref('ServiceLength'),
          suppressed: retentionSuppressed,
          byTeam: { type: 'array', items: ref('RetentionGroup') },
          byRole: { type: 'array', items: ref('RetentionGroup') },
        },
        required: ['authorityCode', 'date', 'rolling', 'stability', 'serviceLength', 'suppressed', 'byTeam', 'byRole'],
      },
      Import: importSchema,
      ImportStamp: importStampSchema,
      WorkerRow: workerRowSchema,
      WorkerPost: workerPostSchema,
      WorkerHistory: {
        type: 'object',
        properties: {
          authorityCode: { type: 'string' },
          worker_id: { type: 'string' },
          posts: { type: 'array', items: ref('WorkerPost'), description: 'Every post, earliest start first.' },
          imports: { type: 'array', items: ref('ImportStamp'), description: 'Imports that wrote the rows, newest first.' },
        },
        required: ['authorityCode', 'worker_id', 'posts', 'imports'],
      },
      WorkerPage: {
        type: 'object',
        properties: {
          authorityCode: { type: 'string' },
          page: { type: 'integer' },
          pageSize: { type: 'integer' },
          total: { type: 'integer', description: 'Post rows matching the filters, over all pages.' },
          totalWorkers: { type: 'integer', description: 'Distinct workers among them.' },
          totalFte: { type: 'number', description: 'Sum of their FTE.' },
          workers: { type: 'array', items: ref('WorkerRow') },
        },
        required: ['authorityCode', 'page', 'pageSize', 'total', 'totalWorkers', 'totalFte', 'workers'],
      },
    },
  },
};
