import { z } from 'zod';
import { PROGRESS_STATUSES } from '../../domain/recommendation-tracking.ts';
import type { ImportKindName } from '../../db/imports.ts';
import { ROLE_CODES, SERVICES } from '../../domain/codes.ts';
import { MEASURE_FIELDS } from '../../domain/measures.ts';
import { ACTION_STATUSES, FINDING_STATUSES, FOCUS_GROUPS, IMPLEMENTATION_STATUSES, INDICATOR_MEASURES, METHODS, RESPONSES, SWOT } from '../../domain/reviews.ts';
import { ERROR_CODES } from '../../errors.ts';

/**
 * What the API answers, as zod schemas: the routes' replies are typed from them (routes.ts), the
 * OpenAPI document's components are generated from them (openapi.ts), and the contract test checks
 * real replies against that document (api-contract.test.ts). Each schema named here becomes
 * `#/components/schemas/<name>`; descriptions say what a client needs beyond the field's name.
 */
export const apiSchemas = z.registry<{ id: string }>();

function named<S extends z.ZodType>(id: string, schema: S): S {
  apiSchemas.add(schema, { id });
  return schema;
}

/** Every kind of file an import can be; a compile error below when db/imports.ts gains one not listed. */
const IMPORT_KINDS = ['workers', 'vacancies', 'agency', 'price_caps', 'applications', 'caseloads', 'pay_scales', 'supplements', 'exit_interviews'] as const;
const allImportKindsListed: [Exclude<ImportKindName, (typeof IMPORT_KINDS)[number]>] extends [never] ? true : never = true;
void allImportKindsListed;

const isoDate = z.iso.date();
const dateTime = z.iso.datetime();
const count = z.int().min(0);
const nullableNumber = z.number().nullable();

const SUPPRESSED_DESCRIPTION =
  'Fields withheld from this caller (viewers: any figure built from 1 to 4 people, and the rates derived from it). ' +
  'A withheld field is null and listed here; a null not listed is undefined (e.g. a rate whose denominator is zero). Always empty for analysts and admins.';

export const Problem = named(
  'Problem',
  z
    .object({
      type: z.string().describe('`/api#problem-CODE`: a reference to the /api page, which lists the codes.'),
      title: z.string().describe('The same for every problem of this code.'),
      status: z.int().describe('The HTTP status.'),
      detail: z.string().describe('What went wrong this time, for people.'),
      code: z
        .string()
        .meta({ examples: [...ERROR_CODES] })
        .describe('Stable: clients branch on this, never on the text. New codes may be added; the /api page lists those the API answers with.'),
    })
    .describe('An error, as RFC 9457 problem details (application/problem+json).'),
);

export const Authority = named('Authority', z.object({ code: z.string(), name: z.string() }));
export const AuthorityList = named('AuthorityList', z.object({ authorities: z.array(Authority).describe('The authorities, by name.') }));

export const Measures = named(
  'Measures',
  z
    .object(Object.fromEntries(MEASURE_FIELDS.map((field) => [field, nullableNumber])) as Record<(typeof MEASURE_FIELDS)[number], typeof nullableNumber>)
    .describe(
      "The DfE children's social work workforce census measures, named as the columns of DfE's published csww_indicators files, " +
        'in that order. Unrounded: rates are percentages (compare at one decimal place), FTE and counts as summed. ' +
        'null where undefined (a rate over zero, no vacancy return at the reference date) or withheld (see `suppressed`).',
    ),
);

export const Suppressed = named('Suppressed', z.array(z.enum(MEASURE_FIELDS)).describe(SUPPRESSED_DESCRIPTION));

export const MetricsYear = named('MetricsYear', z.object({ authorityCode: z.string(), censusYear: z.int(), measures: Measures, suppressed: Suppressed }));

export const MetricsByGroup = named(
  'MetricsByGroup',
  z.object({
    authorityCode: z.string(),
    censusYear: z.int(),
    by: z.enum(['team', 'role']),
    groups: z.array(
      z.object({
        group: z.string().describe('The team (records with none: "(no team)") or role code.'),
        measures: Measures,
        suppressed: Suppressed,
      }),
    ),
  }),
);

export const Metrics = named(
  'Metrics',
  z
    .union([MetricsYear, MetricsByGroup])
    .describe(
      'Without `by`: a MetricsYear (`measures` equals `retain metrics --year Y --json`). With `by=team` or `by=role`: a MetricsByGroup, ' +
        'one entry per team or role (by role, vacancy figures are null: vacancy returns carry no role).',
    ),
);

export const MetricsSeries = named(
  'MetricsSeries',
  z.object({
    authorityCode: z.string(),
    censusYears: z.array(z.int()),
    series: z.array(z.object({ censusYear: z.int(), measures: Measures, suppressed: Suppressed })).describe('One entry per census year, oldest first.'),
  }),
);

const ComparisonRow = named(
  'ComparisonRow',
  z.object({
    field: z.enum(MEASURE_FIELDS),
    ours: nullableNumber.describe("Our figure, from the council's own records (null when withheld: see `suppressed`)."),
    england: nullableNumber.describe('Published figure for England.'),
    region: nullableNumber.describe("Published figure for the authority's region."),
    neighbourMedian: nullableNumber.describe("Median of the statistical neighbours' published figures."),
    neighbourCount: count.describe('How many neighbours published a figure.'),
    published: nullableNumber.describe("The authority's own published figure."),
    symbols: z
      .object({ england: z.string().nullable(), region: z.string().nullable(), published: z.string().nullable() })
      .describe('The suppression symbol DfE printed in place of a figure (c, x, z, u, low, :), when it did.'),
  }),
);

export const Comparison = named(
  'Comparison',
  z
    .object({
      authorityCode: z.string(),
      censusYear: z.int(),
      benchmarkYear: z.int().nullable().describe('The published year the benchmarks come from: the census year, or null when that year is not published.'),
      releaseId: z.int().nullable(),
      latestPublishedYear: z.int().nullable(),
      region: z.object({ code: z.string().nullable(), name: z.string().nullable() }),
      neighbours: z.object({
        named: z.array(z.string()).describe('The LA codes the authority named.'),
        found: z.array(z.string()).describe('Of those, the ones with a published row in the benchmark year.'),
        missing: z.array(z.string()),
      }),
      ownPublished: z.boolean(),
      rows: z.array(ComparisonRow).describe('One row per measure, in DfE’s column order.'),
      suppressed: Suppressed,
    })
    .describe('Benchmarks come from the imported DfE release for the same year only; when that year is not published they are null and `benchmarkYear` is null.'),
);

const RollingTurnover = named(
  'RollingTurnover',
  z
    .object({
      from: isoDate,
      to: isoDate,
      leavers_fte: nullableNumber,
      leavers_headcount: nullableNumber,
      inpost_fte: nullableNumber,
      inpost_headcount: nullableNumber,
      turnover_rate_fte: nullableNumber,
      turnover_rate_headcount: nullableNumber,
    })
    .describe('Rolling 12-month turnover: employed leavers whose last day is in the 12 months to `to`, over employed FTE (headcount) in post on `to`.'),
);

const StabilityIndex = named(
  'StabilityIndex',
  z
    .object({ inPostYearAgo: nullableNumber, stillInPost: nullableNumber, stability_index: nullableNumber })
    .describe('Stability index: of the workers in post a year earlier, the percentage still in post on the date.'),
);

const ServiceLength = named(
  'ServiceLength',
  z
    .object({ inPost: nullableNumber, underTwoYears: nullableNumber, share_under_two_years: nullableNumber })
    .describe("Share of employed workers in post on the date with under two years' service (service starts at their earliest employed post)."),
);

const retentionSuppressed = z.array(z.string().meta({ examples: ['rolling.turnover_rate_fte'] })).describe(`${SUPPRESSED_DESCRIPTION} Named as part.field.`);

const RetentionGroup = named('RetentionGroup', z.object({ group: z.string(), rolling: RollingTurnover, stability: StabilityIndex, serviceLength: ServiceLength, suppressed: retentionSuppressed }));

export const Retention = named(
  'Retention',
  z.object({
    authorityCode: z.string(),
    date: isoDate,
    rolling: RollingTurnover,
    stability: StabilityIndex,
    serviceLength: ServiceLength,
    suppressed: retentionSuppressed,
    byTeam: z.array(RetentionGroup),
    byRole: z.array(RetentionGroup),
  }),
);

const ReviewSummary = named(
  'ReviewSummary',
  z.object({
    id: z.int(),
    title: z.string(),
    createdAt: dateTime,
    updatedAt: dateTime,
    meetings: count,
    openActions: count,
    overdueActions: count,
    recommendations: count,
  }),
);

export const ReviewList = named('ReviewList', z.object({ authorityCode: z.string(), reviews: z.array(ReviewSummary).describe('Newest first.') }));

const SuccessIndicator = z.object({
  description: z.string(),
  measure: z.enum(INDICATOR_MEASURES).nullable().describe('The measure it is tracked by; baseline and target are in its units.'),
  baseline: nullableNumber,
  target: nullableNumber,
});

const ReviewScope = z
  .object({
    objectives: z.array(z.string()),
    indicators: z.array(SuccessIndicator),
    evaluationDate: isoDate.nullable(),
    inScope: z.string(),
    excluded: z.string(),
    linkedStrategies: z.string(),
    methods: z.array(z.enum(METHODS)),
    focusGroups: z.array(z.enum(FOCUS_GROUPS)),
    otherMethods: z.string(),
    risks: z.array(z.object({ risk: z.string(), management: z.string().describe('How it is managed or mitigated.') })),
    equalityImplications: z.string(),
    keyDates: z.array(z.object({ date: isoDate, event: z.string() })),
    anticipatedMeetings: z.int().nullable(),
    scrutinyBoard: z.string(),
    cabinetPortfolios: z.string(),
    reportingDate: isoDate.nullable(),
    reportingRoute: z.string(),
    reportOf: z.string(),
    communications: z.string(),
  })
  .describe('Every section of the scoping document. Text sections are free text.');

const Meeting = z.object({
  id: z.int(),
  reviewId: z.int(),
  number: z.int(),
  date: isoDate,
  subject: z.string(),
  informationRequired: z.array(z.object({ item: z.string(), officer: z.string() })),
  officersAttending: z.array(z.string()),
  minutes: z
    .object({
      present: z.array(z.string()),
      officers: z.array(z.string()),
      apologies: z.array(z.string()),
      items: z.array(z.object({ title: z.string(), notes: z.string(), resolutions: z.string() })),
    })
    .nullable(),
});

const ReviewAction = z.object({
  id: z.int(),
  reviewId: z.int(),
  meetingId: z.int().nullable(),
  description: z.string(),
  owner: z.string(),
  dueDate: isoDate,
  status: z.enum(ACTION_STATUSES),
  overdue: z.boolean(),
});

const Finding = z.object({
  id: z.int(),
  reviewId: z.int(),
  ruleId: z.string().nullable().describe('The rule that proposed it; null for a finding an officer wrote.'),
  swot: z.enum(SWOT),
  statement: z.string(),
  evidence: z.string(),
  status: z.enum(FINDING_STATUSES),
});

const Recommendation = z.object({
  id: z.int(),
  reviewId: z.int(),
  number: z.int(),
  text: z.string(),
  addressedTo: z.string(),
  response: z.enum(RESPONSES),
  responseReasons: z.string(),
  decisionDate: isoDate.nullable(),
  owner: z.string(),
  financialImplications: z.string(),
  investmentPerYear: nullableNumber.describe('Investment approved per year, in pounds.'),
  implementationStatus: z.enum(IMPLEMENTATION_STATUSES),
  updates: z.array(
    z.object({
      date: isoDate,
      text: z.string(),
      status: z.enum(PROGRESS_STATUSES).optional().describe('Progress as the council reports it, when the update gave one.'),
      revisedDate: isoDate.nullable().optional().describe('Slipped: the date it is now expected by (the original target is kept on the recommendation).'),
      reason: z.string().optional().describe('Slipped: why.'),
      by: z.string().optional().describe('Who recorded it (an email, or "upload: file.csv"); officers only.'),
    }),
  ),
  progressReviewDate: isoDate.nullable(),
});

const EvidenceItem = z.object({
  id: z.int(),
  reviewId: z.int(),
  kind: z.enum(['document', 'focus_group', 'other_council_policy', 'survey', 'other']),
  title: z.string(),
  notes: z.string(),
  fileName: z.string().nullable(),
  contentType: z.string().nullable(),
  size: count.nullable(),
  checksumSha256: z.string().nullable(),
  addedBy: z.string().nullable(),
  addedAt: dateTime,
});

const PackIssued = z.object({
  id: z.int(),
  reviewId: z.int(),
  meetingId: z.int().nullable(),
  asOf: isoDate,
  censusYear: z.int(),
  title: z.string(),
  issuedBy: z.string().nullable(),
  issuedAt: dateTime,
});

const IndicatorEvaluation = z.object({
  indicator: SuccessIndicator,
  current: nullableNumber,
  outcome: z.enum(['met', 'not_met', 'no_target', 'no_figure', 'withheld']),
  change: nullableNumber.describe('Change from the baseline, in the measure’s units (positive = went up).'),
});

export const Review = named(
  'Review',
  z
    .object({
      authorityCode: z.string(),
      review: z.object({
        id: z.int(),
        authorityCode: z.string(),
        title: z.string(),
        scope: ReviewScope,
        recommendationsAgreedOn: isoDate.nullable(),
        contactOfficer: z.string(),
        createdAt: dateTime,
        updatedAt: dateTime,
        evaluationDate: isoDate.nullable().describe('Twelve months after the recommendations were agreed, unless the scope names a date.'),
      }),
      meetings: z.array(Meeting),
      actions: z.array(ReviewAction),
      findings: z.array(Finding).describe('For viewers, accepted findings only, any small figure they quote withheld as [c].'),
      recommendations: z.array(Recommendation),
      evidence: z.array(EvidenceItem).describe('Other evidence attached (download the files in the web app).'),
      packs: z.array(PackIssued).describe('Evidence packs issued.'),
      evaluation: z.object({
        date: isoDate.nullable(),
        due: z.boolean().describe('True on or after the evaluation date.'),
        censusYear: z.int().nullable().describe('The census year of the current figures (the latest loaded); null with no data.'),
        indicators: z.array(IndicatorEvaluation),
      }),
    })
    .describe('The records of one review, as the review pages show them. Dates are YYYY-MM-DD.'),
);

const ImportStamp = named('ImportStamp', z.object({ id: z.int(), file_name: z.string(), checksum_sha256: z.string(), imported_by: z.string().nullable(), imported_at: dateTime }));

const Import = named(
  'Import',
  z.object({
    id: z.int(),
    kind: z.enum(IMPORT_KINDS),
    file_name: z.string(),
    checksum_sha256: z.string().describe('SHA-256 of the file as uploaded, hex.'),
    row_count: count,
    inserted: count,
    updated: count,
    unchanged: count,
    warnings: z.array(z.string()),
    imported_by: z.string().nullable(),
    imported_at: dateTime,
  }),
);

export const ImportList = named('ImportList', z.object({ authorityCode: z.string(), imports: z.array(Import).describe('Newest first.') }));

const registerFields = {
  worker_id: z.string(),
  swe_number: z.string().nullable(),
  agency: z.boolean(),
  role: z.enum(ROLE_CODES),
  local_role: z.string().nullable().describe('The role as the council wrote it.'),
  team: z.string().nullable(),
  service: z.enum(SERVICES),
  fte: z.number(),
  start_date: isoDate,
  end_date: isoDate.nullable(),
  leaving_reason: z.string().nullable(),
  cases: z.int().nullable(),
  import_id: z.int().nullable().describe('The import that last wrote the row.'),
};

export const WorkerRow = named(
  'WorkerRow',
  z.object(registerFields).describe("One worker in one post (a worker with two posts has two rows), with the workers file's column names. Personal data: analysts and admins only."),
);

const WorkerPost = named(
  'WorkerPost',
  z
    .object({
      ...registerFields,
      leaver_destination: z.string().nullable(),
      start_origin: z.string().nullable(),
      working_days_lost: nullableNumber,
      date_of_birth: isoDate.nullable(),
      gender: z.string().nullable(),
      ethnicity: z.string().nullable(),
      salary: nullableNumber,
      grade: z.string().nullable(),
      qualified_date: isoDate.nullable(),
      updated_at: dateTime,
      import: ImportStamp.nullable(),
    })
    .describe('One post of a worker, every column, with the import that last wrote it.'),
);

export const WorkerHistory = named(
  'WorkerHistory',
  z.object({
    authorityCode: z.string(),
    worker_id: z.string(),
    posts: z.array(WorkerPost).describe('Every post, earliest start first.'),
    imports: z.array(ImportStamp).describe('Imports that wrote the rows, newest first.'),
  }),
);

export const WorkerPage = named(
  'WorkerPage',
  z.object({
    authorityCode: z.string(),
    page: z.int(),
    pageSize: z.int(),
    total: count.describe('Post rows matching the filters, over all pages.'),
    totalWorkers: count.describe('Distinct workers among them.'),
    totalFte: z.number().describe('Sum of their FTE.'),
    workers: z.array(WorkerRow),
  }),
);

export const OpenApi = named('OpenApi', z.looseObject({ openapi: z.string() }).describe('The OpenAPI 3.1 document.'));
