import { z } from 'zod';
import { censusReturnQuery, metricsQuery, retentionQuery, trackerQuery, workersQuery, yearQuery } from './params.ts';
import {
  apiSchemas,
  AuthorityList,
  CensusReconciliation,
  CensusReturnValidation,
  Comparison,
  ImportList,
  Metrics,
  MetricsSeries,
  OpenApi,
  Problem,
  RecommendationTracking,
  Retention,
  Review,
  ReviewList,
  Tracker,
  WorkerHistory,
  WorkerPage,
} from './schemas.ts';

/**
 * The OpenAPI 3.1 description of /api/v1, served as JSON at /api/v1/openapi.json, generated from
 * the zod schemas the routes parse their queries with (params.ts) and type their replies by
 * (schemas.ts). What is written here is only what zod cannot know: each route's path, summary,
 * tags and the errors it can answer. The API test checks every /api/v1 route the app registers is
 * described here and no other; the contract test checks real replies against the document.
 */

type JsonSchema = Record<string, unknown>;
type Tag = 'Authorities' | 'Figures' | 'Data' | 'Reviews' | 'Census return' | 'Description';

interface Endpoint {
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: [Tag];
  /** Public routes need no credentials; the rest answer 401 without and 403 for another council or a role too low. */
  public?: boolean;
  pathParameters?: z.ZodObject;
  query?: z.ZodObject;
  /** A schema named in schemas.ts. */
  response: z.ZodType;
  /** Errors beyond 401 and 403; 400 is added for a route with a query. */
  errors?: 404[];
}

const authorityPath = z.object({ authority: z.string().describe('The authority code, as listed by /authorities.') });

const ENDPOINTS: Endpoint[] = [
  { path: '/openapi.json', operationId: 'getOpenApi', summary: 'This OpenAPI document', tags: ['Description'], public: true, response: OpenApi },
  { path: '/authorities', operationId: 'listAuthorities', summary: 'Authorities the caller may see', tags: ['Authorities'], response: AuthorityList },
  {
    path: '/authorities/{authority}/metrics',
    operationId: 'getMetrics',
    summary: 'Census measures for one year, for the council or by team or role',
    tags: ['Figures'],
    pathParameters: authorityPath,
    query: metricsQuery,
    response: Metrics,
  },
  {
    path: '/authorities/{authority}/metrics/series',
    operationId: 'getMetricsSeries',
    summary: 'Census measures for every year the data covers',
    tags: ['Figures'],
    pathParameters: authorityPath,
    response: MetricsSeries,
  },
  {
    path: '/authorities/{authority}/compare',
    operationId: 'getComparison',
    summary: 'Our measures beside England, the region, the neighbours’ median and our own published row',
    tags: ['Figures'],
    pathParameters: authorityPath,
    query: yearQuery,
    response: Comparison,
  },
  {
    path: '/authorities/{authority}/retention',
    operationId: 'getRetention',
    summary: 'Rolling turnover, stability index and length of service at a date, for the council and by team and role',
    tags: ['Figures'],
    pathParameters: authorityPath,
    query: retentionQuery,
    response: Retention,
  },
  {
    path: '/authorities/{authority}/reviews',
    operationId: 'listReviews',
    summary: 'The authority’s scrutiny reviews, newest first, with counts of meetings, open and overdue actions and recommendations',
    tags: ['Reviews'],
    pathParameters: authorityPath,
    response: ReviewList,
  },
  {
    path: '/authorities/{authority}/reviews/{reviewId}',
    operationId: 'getReview',
    summary: 'One scrutiny review whole: scope, meetings and minutes, actions, evidence packs issued, other evidence, findings, recommendations and evaluation',
    description:
      'Each indicator of success is evaluated against the council’s figures for the latest census year ended today. For viewers a figure built from fewer than 5 people is withheld (outcome `withheld`).',
    tags: ['Reviews'],
    pathParameters: authorityPath.extend({ reviewId: z.int().min(1) }),
    response: Review,
    errors: [404],
  },
  {
    path: '/authorities/{authority}/imports',
    operationId: 'listImports',
    summary: 'Files imported for the authority, newest first (analysts and admins)',
    tags: ['Data'],
    pathParameters: authorityPath,
    response: ImportList,
  },
  {
    path: '/authorities/{authority}/workers',
    operationId: 'listWorkers',
    summary: 'Worker records, a page at a time (analysts and admins; personal data)',
    tags: ['Data'],
    pathParameters: authorityPath,
    query: workersQuery,
    response: WorkerPage,
  },
  {
    path: '/authorities/{authority}/workers/{workerId}',
    operationId: 'getWorker',
    summary: "One worker's posts over time, each with the import that last wrote it (analysts and admins; personal data)",
    tags: ['Data'],
    pathParameters: authorityPath.extend({ workerId: z.string() }),
    response: WorkerHistory,
    errors: [404],
  },
  {
    path: '/authorities/{authority}/tracker',
    operationId: 'getTracker',
    summary: 'Every recommendation of every review, with its status, RAG colour and dates, filtered as on the tracker page; and the executive’s response clocks',
    description: 'For viewers any figure built from fewer than 5 people in the words is [c], and lead officers’ emails and who recorded an update are left out.',
    tags: ['Reviews'],
    pathParameters: authorityPath,
    query: trackerQuery,
    response: Tracker,
  },
  {
    path: '/authorities/{authority}/reviews/{reviewId}/recommendations/{recommendationId}',
    operationId: 'getRecommendationTracking',
    summary: 'One recommendation followed to the end: status, RAG colour, timeline of updates, the executive’s response clock, the 6- and 12-month reviews and its actions',
    tags: ['Reviews'],
    pathParameters: authorityPath.extend({ reviewId: z.int().min(1), recommendationId: z.int().min(1) }),
    response: RecommendationTracking,
    errors: [404],
  },
  {
    path: '/authorities/{authority}/census-return/validation',
    operationId: 'getCensusReturnValidation',
    summary: 'The DfE census return’s validation for a year: errors and queries per worker, year-on-year queries, items not held (analysts and admins; personal data)',
    tags: ['Census return'],
    pathParameters: authorityPath,
    query: censusReturnQuery,
    response: CensusReturnValidation,
  },
  {
    path: '/authorities/{authority}/census-return/reconciliation',
    operationId: 'getCensusReconciliation',
    summary: 'Our census measures beside DfE’s published row for the year, the differences and what explains them',
    description: 'Viewers get council-level figures only, any built from fewer than 5 people withheld (status `withheld`), and no explanations, which name records.',
    tags: ['Census return'],
    pathParameters: authorityPath,
    query: censusReturnQuery,
    response: CensusReconciliation,
  },
];

/**
 * zod's JSON Schema, without what belongs to a standalone document, without the safe-integer
 * bounds every z.int() carries, and without the long pattern zod writes beside `format: date`
 * (the format says it, and validators check it).
 */
function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { io: 'output', override: tidy }) as JsonSchema;
  return rest;
}

function tidy(context: { jsonSchema: JsonSchema }): void {
  const node = context.jsonSchema;
  if (node.minimum === Number.MIN_SAFE_INTEGER) delete node.minimum;
  if (node.maximum === Number.MAX_SAFE_INTEGER) delete node.maximum;
  if (node.format === 'date' || node.format === 'date-time') delete node.pattern;
}

function componentSchemas(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(apiSchemas, { io: 'output', uri: (id) => `#/components/schemas/${id}`, override: tidy });
  return Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => {
      const { $schema: _schema, $id: _id, ...rest } = schema as JsonSchema;
      return [name, rest];
    }),
  );
}

function refTo(schema: z.ZodType): { $ref: string } {
  const id = apiSchemas.get(schema)?.id;
  if (!id) throw new Error('An API response schema must be named in schemas.ts');
  return { $ref: `#/components/schemas/${id}` };
}

/** One parameter per field of a zod object: its description moves up to the parameter, as OpenAPI has it. */
function parameters(place: 'path' | 'query', object: z.ZodObject | undefined): JsonSchema[] {
  if (!object) return [];
  return Object.entries(object.shape).map(([name, field]) => {
    const { description, ...schema } = jsonSchema(field as z.ZodType);
    const required = place === 'path' || !(field as z.ZodType).safeParse(undefined).success;
    return { name, in: place, required, ...(description ? { description } : {}), schema };
  });
}

const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: refTo(Problem) } } });

const ERROR_RESPONSES = {
  '400': problemResponse('A query parameter is missing or not valid (invalid_year, invalid_date, invalid_parameter).'),
  '401': problemResponse('No session and no valid API token (unauthenticated).'),
  '403': problemResponse('The caller’s role may not use this route, or they are not bound to the authority (forbidden).'),
  '404': problemResponse('No such record (not_found).'),
};

interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: Tag[];
  parameters?: JsonSchema[];
  responses: Record<string, JsonSchema>;
  security?: Record<string, string[]>[];
}

export interface OpenApiDocument {
  openapi: `3.1.${number}`;
  info: { title: string; version: string; description: string; license: { name: string; identifier: string } };
  servers: { url: string }[];
  security: Record<string, string[]>[];
  tags: { name: Tag; description: string }[];
  paths: Record<string, { get: Operation }>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
}

function operation(endpoint: Endpoint): Operation {
  const parameterList = [...parameters('path', endpoint.pathParameters), ...parameters('query', endpoint.query)];
  const errors = endpoint.public ? [] : ([...(endpoint.query ? ['400'] : []), '401', '403', ...(endpoint.errors ?? []).map(String)] as (keyof typeof ERROR_RESPONSES)[]);
  return {
    operationId: endpoint.operationId,
    summary: endpoint.summary,
    ...(endpoint.description ? { description: endpoint.description } : {}),
    tags: endpoint.tags,
    ...(endpoint.public ? { security: [] } : {}),
    ...(parameterList.length > 0 ? { parameters: parameterList } : {}),
    responses: {
      '200': { description: 'OK', content: { 'application/json': { schema: refTo(endpoint.response) } } },
      ...Object.fromEntries(errors.sort().map((status) => [status, ERROR_RESPONSES[status]])),
    },
  };
}

function buildDocument(): OpenApiDocument {
  return {
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
        'Errors are RFC 9457 problem details (application/problem+json) with a stable `code`; the /api page lists the codes.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/api/v1' }],
    security: [{ apiToken: [] }, { session: [] }],
    tags: [
      { name: 'Authorities', description: 'Councils the caller may see.' },
      { name: 'Figures', description: 'Census measures, comparisons and retention. Viewers get small numbers withheld.' },
      { name: 'Data', description: 'Imports and worker records. Analysts and admins only.' },
      { name: 'Reviews', description: 'Scrutiny reviews: scope, meetings, actions, findings, recommendations and the evaluation of each indicator; the recommendations tracker.' },
      { name: 'Census return', description: 'DfE’s census return: its validation (analysts and admins) and the reconciliation with DfE’s published figures.' },
      { name: 'Description', description: 'This document.' },
    ],
    paths: Object.fromEntries(ENDPOINTS.map((endpoint) => [endpoint.path, { get: operation(endpoint) }])),
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        apiToken: { type: 'http', scheme: 'bearer', description: 'A personal API token from Your account → API tokens. It acts as you, with your role and authorities.' },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: '__Host-retain_session',
          description: 'The browser session after signing in (named retain_session where cookies are not secure, RETAIN_INSECURE_COOKIES=1).',
        },
      },
    },
  };
}

export const openApiDocument: OpenApiDocument = buildDocument();
