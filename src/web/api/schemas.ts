import { z } from 'zod';
import { MONITORING_STAGES, PROGRESS_STATUSES, RESPONSE_CLOCK_LABELS, TRACKER_STATUSES, type Rag, type ResponseClockState } from '../../domain/recommendation-tracking.ts';
import { EXPLANATION_IDS } from '../../domain/census-return/reconcile.ts';
import type { ImportKindName } from '../../db/imports.ts';
import { ROLE_CODES, SERVICES } from '../../domain/codes.ts';
import { MEASURE_FIELDS } from '../../domain/measures.ts';
import type { Severity } from '../../domain/census-return/rules.ts';
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
  ownerEmail: z.string().describe('Where reminders of it are sent. Officers only: empty for viewers, and when none is recorded.'),
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

const ProgressUpdate = named(
  'ProgressUpdate',
  z.object({
    date: isoDate,
    text: z.string(),
    status: z.enum(PROGRESS_STATUSES).optional().describe('Progress as the council reports it, when the update gave one.'),
    revisedDate: isoDate.nullable().optional().describe('Slipped: the date it is now expected by (the original target is kept on the recommendation).'),
    reason: z.string().optional().describe('Slipped: why.'),
    by: z.string().optional().describe('Who recorded it (an email, or "upload: file.csv"); officers only.'),
  }),
);

const Recommendation = z.object({
  id: z.int(),
  reviewId: z.int(),
  number: z.int(),
  reference: z.string().describe('The council’s reference for it, e.g. "CYP 2025/26-03", as the tracker and the committee documents print it.'),
  text: z.string(),
  addressedTo: z.string(),
  response: z.enum(RESPONSES),
  responseReasons: z.string(),
  decisionDate: isoDate.nullable(),
  owner: z.string(),
  financialImplications: z.string(),
  investmentPerYear: nullableNumber.describe('Investment approved per year, in pounds.'),
  implementationStatus: z.enum(IMPLEMENTATION_STATUSES),
  updates: z.array(ProgressUpdate),
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

// ---- The recommendations tracker (issue 15) ---------------------------------------------------

const RAGS = ['green', 'amber', 'red', 'grey'] as const satisfies readonly Rag[];
const RESPONSE_CLOCK_STATES = Object.keys(RESPONSE_CLOCK_LABELS) as [ResponseClockState, ...ResponseClockState[]];
const TrackerStatus = z.enum(TRACKER_STATUSES).describe('Its progress status; else `awaiting` (no response from the executive yet), else `not_reported` (accepted, no progress reported yet).');

const trackerRecommendationFields = {
  id: z.int(),
  reviewId: z.int(),
  reviewTitle: z.string(),
  committee: z.string().describe('The originating committee: the review’s scrutiny board.'),
  number: z.int().describe('Its number within the review.'),
  reference: z.string().describe('The council’s reference: prefix, municipal year and number, e.g. "CYP 2025/26-03".'),
  municipalYear: z.int().describe('The municipal year of the reference, as the calendar year it starts in (2025 for 2025/26).'),
  municipalYearText: z.string().meta({ examples: ['2025/26'] }),
  text: z.string(),
  executiveMember: z.string().describe('The executive member it is addressed to.'),
  response: z.enum(RESPONSES),
  responseText: z.string(),
  responseReasons: z.string(),
  decisionDate: isoDate.nullable(),
  decisionReference: z.string(),
  leadOfficer: z.string(),
  leadOfficerEmail: z.string().nullable().describe('Officers (analysts and admins) only: null for viewers, and when none is recorded.'),
  status: z.enum(PROGRESS_STATUSES).nullable().describe('Progress as last reported; null before any.'),
  trackerStatus: TrackerStatus,
  statusText: z.string(),
  rag: z.enum(RAGS).nullable().describe('The RAG colour of the status (green: achieved or on track; amber: slipped; red: not achieved; grey: no longer monitored).'),
  implementationStatus: z.enum(IMPLEMENTATION_STATUSES),
  targetDate: isoDate.nullable().describe('The date it was to be achieved by when agreed: kept whatever slips.'),
  revisedDate: isoDate.nullable().describe('The latest revised date, once it has slipped.'),
  dueBy: isoDate.nullable().describe('The date it is now due by: the revised date once slipped, else the target date.'),
  slipReason: z.string(),
  latestUpdate: ProgressUpdate.nullable(),
};

const TrackerRecommendation = named(
  'TrackerRecommendation',
  z
    .object(trackerRecommendationFields)
    .describe('One recommendation as the tracker lists it. For viewers, any figure built from fewer than 5 people in the words is [c], and who recorded an update is left out.'),
);

const responseClockFields = {
  state: z.enum(RESPONSE_CLOCK_STATES),
  stateText: z.string(),
  sentOn: isoDate.nullable().describe('The day the committee’s report went to the executive.'),
  dueDate: isoDate.nullable().describe('The day the executive’s response is due (two months later, unless the council set another period).'),
  respondedOn: isoDate.nullable(),
  daysLeft: z.int().nullable().describe('Days until due, negative once overdue; null when not sent or responded.'),
  awaiting: count.describe('Recommendations still awaiting a response.'),
};

const ReviewResponseClock = named('ReviewResponseClock', z.object({ reviewId: z.int(), reviewTitle: z.string(), ...responseClockFields }));

export const Tracker = named(
  'Tracker',
  z
    .object({
      authorityCode: z.string(),
      filter: z
        .object({ committee: z.string().nullable(), status: TrackerStatus.nullable(), year: z.int().nullable(), owner: z.string().nullable() })
        .describe('The filters applied; null where none.'),
      total: count.describe('Recommendations of every review, before filtering.'),
      counts: z.record(TrackerStatus, count).describe('Recommendations of every review by tracker status, before filtering.'),
      recommendations: z.array(TrackerRecommendation).describe('Those passing the filters, in reference order.'),
      responseClocks: z.array(ReviewResponseClock).describe('The executive’s response clock of each review whose report has gone to it.'),
    })
    .describe('Every recommendation of every review of the council, as the tracker page shows it.'),
);

export const RecommendationTracking = named(
  'RecommendationTracking',
  z
    .object({
      authorityCode: z.string(),
      recommendation: z.object({ ...trackerRecommendationFields, updates: z.array(ProgressUpdate).describe('The timeline: every progress update, oldest first.') }),
      responseClock: z.object(responseClockFields).describe('The response clock of the review it belongs to.'),
      monitoring: z
        .array(
          z.object({
            stage: z.enum(MONITORING_STAGES as ['six_month', 'twelve_month']),
            label: z.string(),
            dueDate: isoDate.nullable(),
            since: isoDate.nullable().describe('Updates given after this day count towards it.'),
            heldOn: isoDate.nullable(),
            conclusion: z.string().describe('The committee’s conclusion, in its words.'),
          }),
        )
        .describe('The committee’s 6- and 12-month reviews of the review’s recommendations.'),
      actions: z.array(
        z.object({
          id: z.int(),
          description: z.string(),
          owner: z.string(),
          ownerEmail: z.string().nullable().describe('Where reminders of it are sent. Officers only: null for viewers, and when none is recorded.'),
          dueDate: isoDate,
          status: z.enum(ACTION_STATUSES),
          overdue: z.boolean(),
        }),
      ),
    })
    .describe('One recommendation followed to the end, as its progress page shows it.'),
);

// ---- The DfE census return (issue 16) ---------------------------------------------------------

const SEVERITIES = ['error', 'query'] as const satisfies readonly Severity[];

export const CensusReturnValidation = named(
  'CensusReturnValidation',
  z
    .object({
      authorityCode: z.string(),
      censusYear: z.int(),
      schemaSource: z.string().describe('Where the year’s schema comes from.'),
      errors: count,
      queries: count,
      failures: z
        .array(
          z.object({
            code: z.string().describe('The rule (DfE’s validation rule number, or XSD-... for the schema).'),
            severity: z.enum(SEVERITIES),
            workerId: z.string().nullable().describe('The worker’s id in Retain; null for a council-level failure.'),
            startDate: isoDate.nullable().describe('The start date of the post.'),
            record: z.int().nullable().describe('Which CSWWWorker in the file (1-based); null for a council-level failure.'),
            items: z.string().describe('The items of the return it is about, comma-separated.'),
            values: z.string().nullable(),
            message: z.string(),
          }),
        )
        .describe('Errors first, then queries.'),
      yearOnYear: z.object({
        previousYear: z.int().nullable(),
        comparedWith: z.enum(['published', 'retain']).nullable().describe('Last year as DfE published it, else from Retain’s own records.'),
        checks: z.array(
          z.object({
            code: z.string(),
            check: z.string(),
            measure: z.string(),
            thisYear: nullableNumber,
            lastYear: nullableNumber,
            changePercent: nullableNumber,
            raised: z.boolean().describe('True when the check raises a query.'),
            message: z.string(),
          }),
        ),
      }),
      notHeld: z
        .array(z.object({ element: z.string(), level: z.enum(['header', 'la', 'worker']), required: z.boolean(), records: count.nullable(), reason: z.string() }))
        .describe('Items the schema asks for that Retain does not hold, and why: left out of the return, never invented.'),
    })
    .describe('The census return’s validation for a year, as `retain census-return validate --json` gives it. Worker-level: analysts and admins only.'),
);

export const CensusReconciliation = named(
  'CensusReconciliation',
  z
    .object({
      authorityCode: z.string(),
      censusYear: z.int(),
      published: z.boolean().describe('Whether DfE’s published row for the council and year is loaded.'),
      releaseId: z.int().nullable(),
      measures: z.array(
        z.object({
          field: z.enum(MEASURE_FIELDS),
          ours: nullableNumber.describe('Our figure, unrounded (null when withheld: see `suppressed`).'),
          published: nullableNumber,
          symbol: z.string().nullable().describe('DfE’s symbol for a figure it did not publish (c, x, z, u, low, :).'),
          difference: nullableNumber.describe('Ours minus published, unrounded.'),
          status: z.enum(['agrees', 'differs', 'not_published', 'not_ours', 'withheld']).describe('`agrees` at the precision DfE publishes.'),
          explainedBy: z.array(z.enum(EXPLANATION_IDS)).describe('Explanations that alone account for the difference.'),
          affectedBy: z.array(z.enum(EXPLANATION_IDS)).describe('Explanations that move this measure, or may.'),
        }),
      ),
      explanations: z
        .array(
          z.object({
            id: z.enum(EXPLANATION_IDS),
            title: z.string(),
            description: z.string(),
            effects: z.partialRecord(z.enum(MEASURE_FIELDS), nullableNumber).describe('How far counting this way moves each measure (theirs minus ours).'),
            mayAffect: z.array(z.enum(MEASURE_FIELDS)),
            accountsFor: z.array(z.enum(MEASURE_FIELDS)),
            records: z.array(
              z.object({
                worker_id: z.string(),
                start_date: isoDate,
                end_date: isoDate.nullable(),
                agency: z.boolean(),
                fte: z.number(),
                role: z.string(),
                team: z.string().nullable(),
                swe_number: z.string().nullable(),
              }),
            ),
          }),
        )
        .describe('The ways the return may have been counted differently, with the records behind each. Analysts and admins only: empty for viewers.'),
      accountedForTogether: z.array(z.enum(MEASURE_FIELDS)).describe('Measures that agree once every explanation is counted its way together; empty for viewers.'),
      suppressed: Suppressed,
    })
    .describe('Our census measures beside DfE’s published row for the council and year, the difference, and what explains it.'),
);
