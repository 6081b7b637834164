/**
 * DfE's children's social work workforce (CSWW) census return, as Retain encodes its XML schema
 * for each census year: element order, how often each may occur, and each value's type
 * (enumerations, patterns, decimals and their places). This is the project's own encoding, written
 * from DfE's published schemas as the Social Finance LIIA pipeline keeps them
 * (github.com/SocialFinanceDigitalLabs/liia-tools-pipeline, liiatools/csww_pipeline/spec/
 * csww_schema_2021.xsd, _2023, _2024 and _2025), not a copy of them. The checker
 * (schema-check.ts) holds every exported file to it, and the tests hold each year to it.
 *
 * What changed between years (read from those files):
 * - 2021-2023: `LALevelVacancies` (vacancies, agency FTE and headcount); `GenderCurrent` 0/1/2/9;
 *   `QualInst` required (one or more); `CFKSSstatus` optional.
 * - 2024: as 2023, but `Sex` (M or F) replaces `GenderCurrent`.
 * - 2025: the council-level element is renamed `LALevel` and gains eight recruitment and retention
 *   incentive flags (0 no, 1 all LA-employed social workers eligible, 2 some) and `OtherAllowances`;
 *   `QualInst` and `CFKSSstatus` go; `BaseSalary`, `RRPayments` and `OtherPayments` arrive.
 *
 * Choices where the published files leave room:
 * - 2022: the repository holds no 2022 schema. The 2021 and 2023 schemas agree in every element,
 *   occurrence, type and enumeration (2023 only renames the FTE type), so 2022 is encoded as the
 *   same layout and marked `inferred`; exports for 2022 say so in their report.
 * - SWENo: the files write the pattern `[A-Za-z]{2}\d{1,10}$`. In XML Schema's regular expressions
 *   `$` is an ordinary character and every pattern must match the whole value, so read literally
 *   it would demand a dollar sign no registration number has. It is read as the end of the value
 *   the author meant: two letters then one to ten digits (e.g. SW123456). One 2023 revision wrote
 *   `\d{10}` (exactly ten digits, which real SWE numbers such as SW12345 do not have); the later
 *   revision's one to ten digits is used.
 * - `fractionDigits fixed="true"` fixes the facet for derived types; it limits the digits after the
 *   point (FTE at most 6, money and days at most 2, contract weeks at most 1), it does not demand
 *   exactly that many.
 */

import { RetainError } from '../../errors.ts';

export type SimpleType =
  | { kind: 'string'; minLength?: number }
  | { kind: 'enumeration'; values: ReadonlyArray<{ code: string; label: string }> }
  | { kind: 'pattern'; pattern: RegExp; description: string }
  | { kind: 'decimal'; fractionDigits: number; minInclusive?: number; maxInclusive?: number }
  | { kind: 'integer' }
  | { kind: 'date' }
  | { kind: 'gYear' }
  | { kind: 'dateTime' };

export interface ElementSpec {
  name: string;
  minOccurs: 0 | 1;
  maxOccurs: 1 | 'unbounded';
  /** A simple value, or the children of a complex element in the order they must appear. */
  type: SimpleType | ComplexType;
}

export interface ComplexType {
  kind: 'sequence';
  children: readonly ElementSpec[];
}

export interface CensusReturnSchema {
  /** The census year whose schema this is. */
  censusYear: number;
  /** Where the encoding was read from. */
  source: string;
  /** Set when no published schema was found for the year and the layout was inferred (say why). */
  inferred: string | null;
  /** The root element, `Message`. */
  root: ElementSpec;
  /** `LALevelVacancies` (to 2024) or `LALevel` (2025). */
  laLevelElement: string;
  /** The council-level items, in order. */
  laLevel: readonly ElementSpec[];
  /** A worker's items (`CSWWWorker`), in order. */
  worker: readonly ElementSpec[];
}

export const SUPPORTED_CENSUS_YEARS = [2021, 2022, 2023, 2024, 2025] as const;

export function isSupportedCensusYear(year: number): boolean {
  return (SUPPORTED_CENSUS_YEARS as readonly number[]).includes(year);
}

/** A year without a schema: invalid input in the one error family (the CLI makes it a usage error, exit 2). */
export class UnsupportedCensusYearError extends RetainError {
  readonly censusYear: number;
  constructor(censusYear: number) {
    super('invalid_input', `Retain holds DfE's census return schema for ${SUPPORTED_CENSUS_YEARS[0]} to ${SUPPORTED_CENSUS_YEARS.at(-1)} only, not ${censusYear}.`, { censusYear });
    this.censusYear = censusYear;
    this.name = 'UnsupportedCensusYearError';
  }
}

// --- Simple types, named as the published files name them ------------------------------------

const codes = (pairs: ReadonlyArray<readonly [string, string]>): SimpleType => ({ kind: 'enumeration', values: pairs.map(([code, label]) => ({ code, label })) });

const twoDecimalPlaces: SimpleType = { kind: 'decimal', fractionDigits: 2 };
const oneDecimalPlace: SimpleType = { kind: 'decimal', fractionDigits: 1 };
const fteType: SimpleType = { kind: 'decimal', fractionDigits: 6, minInclusive: 0, maxInclusive: 1 };
const integer: SimpleType = { kind: 'integer' };
const date: SimpleType = { kind: 'date' };
const text: SimpleType = { kind: 'string' };

export const AGENCY_WORKER_TYPE = codes([
  ['0', 'Not an agency worker'],
  ['1', 'Agency worker'],
]);
export const SWE_TYPE: SimpleType = { kind: 'pattern', pattern: /^[A-Za-z]{2}\d{1,10}$/, description: 'two letters then 1 to 10 digits, e.g. SW123456' };
export const GENDER_CURRENT_TYPE = codes([
  ['0', 'Not known'],
  ['1', 'Male'],
  ['2', 'Female'],
  ['9', 'Not specified'],
]);
export const SEX_TYPE = codes([
  ['M', 'Male'],
  ['F', 'Female'],
]);
export const ETHNICITY_TYPE = codes([
  ['WBRI', 'White British'],
  ['WIRI', 'White Irish'],
  ['WOTH', 'Any other White background'],
  ['MWBC', 'White and Black Caribbean'],
  ['MWBA', 'White and Black African'],
  ['MWAS', 'White and Asian'],
  ['MOTH', 'Any other Mixed background'],
  ['AIND', 'Indian'],
  ['APKN', 'Pakistani'],
  ['ABAN', 'Bangladeshi'],
  ['AOTH', 'Any other Asian background'],
  ['BCRB', 'Black Caribbean'],
  ['BAFR', 'Black African'],
  ['BOTH', 'Any other Black background'],
  ['CHNE', 'Chinese'],
  ['OOTH', 'Any other ethnic group'],
  ['REFU', 'Declared not stated or refused'],
  ['NOBT', 'Information not yet obtained'],
]);
const QUAL_LEVEL_TYPE = codes([
  ['1', 'Undergraduate'],
  ['2', 'Postgraduate'],
  ['3', 'Other'],
]);
const YES_NO_TYPE = codes([
  ['0', 'No'],
  ['1', 'Yes'],
]);
export const NO_ALL_SOME_TYPE = codes([
  ['0', 'No'],
  ['1', 'Yes, all LA-employed social workers are eligible'],
  ['2', 'Yes, some LA-employed social workers are eligible'],
]);
export const ORG_ROLE_TYPE = codes([
  ['1', 'Senior manager'],
  ['2', 'Middle manager'],
  ['3', 'First line manager'],
  ['4', 'Senior practitioner'],
  ['5', 'Case holder'],
  ['6', 'Qualified without cases'],
]);
export const START_ORIGIN_TYPE = codes([
  ['1', 'Newly qualified social workers'],
  ['2', 'Social worker role in a different local authority in England'],
  ['3', 'Social worker role outside England'],
  ['4', 'Agency or consultancy in social work (in England)'],
  ['5', 'Other social work role non-local authority (in England)'],
  ['6', 'Other social care role in local authority or non-local authority (in England)'],
  ['7', 'Non-social care role, any role outside England, no employment or career break'],
  ['8', 'Other'],
  ['9', 'Not known'],
  ['10', 'Not yet collected'],
]);
export const LEAVER_DESTINATION_TYPE = codes([
  ['1', 'Social worker role in a different local authority in England'],
  ['2', 'Social worker role outside England'],
  ['3', 'Agency or consultancy in social work (in England)'],
  ['4', 'Other social work role non-local authority (in England)'],
  ['5', 'Other social care role in local authority or non-local authority (in England)'],
  ['6', 'Non-social care role, any role outside England, no employment or career break'],
  ['7', 'Other'],
  ['8', 'Not known'],
  ['9', 'Not yet collected'],
]);
export const REASON_LEAVE_TYPE = codes([
  ['1', 'Resignation'],
  ['2', 'Voluntary redundancy'],
  ['3', 'Compulsory redundancy'],
  ['4', 'Dismissed'],
  ['5', 'Retired'],
  ['6', 'Deceased'],
  ['7', 'Moved to a non-child and family social work role within the LA'],
  ['8', 'Other'],
  ['9', 'Not known'],
  ['10', 'Not yet collected'],
]);
const ABSENCE_TYPE = codes([
  ['MAT', 'Maternity or paternity leave'],
  ['OTH', 'Other paid authorised absence'],
  ['PUB', 'Paid absence for public duties'],
  ['SIC', 'Sick leave'],
  ['TRN', 'Training'],
  ['UNA', 'Unauthorised absence'],
  ['UNP', 'Unpaid authorised absence'],
]);
const CFKSS_TYPE = codes([
  ['1', 'Assessed and supported year in employment'],
  ['2', 'Frontline practitioner'],
  ['3', 'Practice supervisor'],
  ['4', 'Practice leader'],
]);

// --- Elements ---------------------------------------------------------------------------------

const one = (name: string, type: SimpleType): ElementSpec => ({ name, minOccurs: 1, maxOccurs: 1, type });
const optional = (name: string, type: SimpleType): ElementSpec => ({ name, minOccurs: 0, maxOccurs: 1, type });
const many = (name: string, type: SimpleType, minOccurs: 0 | 1 = 0): ElementSpec => ({ name, minOccurs, maxOccurs: 'unbounded', type });

const HEADER: ElementSpec = {
  name: 'Header',
  minOccurs: 0,
  maxOccurs: 1,
  type: {
    kind: 'sequence',
    children: [
      {
        name: 'CollectionDetails',
        minOccurs: 0,
        maxOccurs: 1,
        type: { kind: 'sequence', children: [optional('Collection', codes([['CSWW', 'Children’s social work workforce']])), optional('Year', { kind: 'gYear' }), optional('ReferenceDate', date)] },
      },
      {
        name: 'Source',
        minOccurs: 0,
        maxOccurs: 'unbounded',
        type: {
          kind: 'sequence',
          children: [
            optional('SourceLevel', codes([['L', 'Local authority']])),
            one('LEA', { kind: 'pattern', pattern: /^\d{3}$/, description: 'the three-digit DfE LA code' }),
            optional('SoftwareCode', text),
            optional('DateTime', { kind: 'dateTime' }),
          ],
        },
      },
    ],
  },
};

/** The eight 2025 incentive flags, in the schema's order. */
export const INCENTIVE_FLAGS = ['RecruitmentBonus', 'RetentionBonus', 'PerformanceAward', 'CarAllowance', 'RelocationPackage', 'RegionalWeighting', 'CostSWE', 'CostDBS'] as const;
export type IncentiveFlag = (typeof INCENTIVE_FLAGS)[number];

const VACANCY_ITEMS: ElementSpec[] = [one('NumberOfVacancies', twoDecimalPlaces), one('NoAgencyFTE', twoDecimalPlaces), one('NoAgencyHeadcount', integer)];
const LA_LEVEL_2025: ElementSpec[] = [...VACANCY_ITEMS, ...INCENTIVE_FLAGS.map((flag) => one(flag, NO_ALL_SOME_TYPE)), one('OtherAllowances', text)];

type Layout = 'gender' | 'sex' | 'sex-pay';

/** A worker's items for a layout: the three layouts differ only where the comment at the top says. */
function workerItems(layout: Layout): ElementSpec[] {
  const until2024 = layout !== 'sex-pay';
  return [
    one('AgencyWorker', AGENCY_WORKER_TYPE),
    one('SWENo', SWE_TYPE),
    optional('FTE', fteType),
    optional('PersonBirthDate', date),
    layout === 'gender' ? optional('GenderCurrent', GENDER_CURRENT_TYPE) : optional('Sex', SEX_TYPE),
    optional('Ethnicity', ETHNICITY_TYPE),
    ...(until2024 ? [many('QualInst', text, 1)] : []),
    optional('QualLevel', QUAL_LEVEL_TYPE),
    optional('StepUpGrad', YES_NO_TYPE),
    optional('OrgRole', ORG_ROLE_TYPE),
    optional('RoleStartDate', date),
    optional('StartOrigin', START_ORIGIN_TYPE),
    optional('RoleEndDate', date),
    optional('LeaverDestination', LEAVER_DESTINATION_TYPE),
    optional('ReasonLeave', REASON_LEAVE_TYPE),
    optional('FTE30', fteType),
    optional('Cases30', integer),
    optional('WorkingDaysLost', twoDecimalPlaces),
    many('ContractWeeks', oneDecimalPlace),
    optional('FrontlineGrad', YES_NO_TYPE),
    many('Absat30Sept', YES_NO_TYPE),
    many('ReasonAbsence', ABSENCE_TYPE),
    ...(until2024 ? [many('CFKSSstatus', CFKSS_TYPE)] : [optional('BaseSalary', twoDecimalPlaces), optional('RRPayments', twoDecimalPlaces), optional('OtherPayments', twoDecimalPlaces)]),
  ];
}

const SOURCE_REPO = 'SocialFinanceDigitalLabs/liia-tools-pipeline, liiatools/csww_pipeline/spec';

function build(censusYear: number, layout: Layout, inferred: string | null = null): CensusReturnSchema {
  const laLevelElement = layout === 'sex-pay' ? 'LALevel' : 'LALevelVacancies';
  const laLevel = layout === 'sex-pay' ? LA_LEVEL_2025 : VACANCY_ITEMS;
  const worker = workerItems(layout);
  return {
    censusYear,
    source: inferred ? `${SOURCE_REPO}/csww_schema_2021.xsd and csww_schema_2023.xsd` : `${SOURCE_REPO}/csww_schema_${censusYear}.xsd`,
    inferred,
    root: {
      name: 'Message',
      minOccurs: 1,
      maxOccurs: 1,
      type: {
        kind: 'sequence',
        children: [
          HEADER,
          { name: laLevelElement, minOccurs: 1, maxOccurs: 1, type: { kind: 'sequence', children: laLevel } },
          { name: 'CSWWWorker', minOccurs: 1, maxOccurs: 'unbounded', type: { kind: 'sequence', children: worker } },
        ],
      },
    },
    laLevelElement,
    laLevel,
    worker,
  };
}

const SCHEMAS: ReadonlyMap<number, CensusReturnSchema> = new Map([
  [2021, build(2021, 'gender')],
  [2022, build(2022, 'gender', 'No published 2022 schema was found; the 2021 and 2023 schemas are the same in every element, type and code, so 2022 uses that layout.')],
  [2023, build(2023, 'gender')],
  [2024, build(2024, 'sex')],
  [2025, build(2025, 'sex-pay')],
]);

/** The schema for a census year; throws UnsupportedCensusYearError for a year Retain holds none for. */
export function schemaFor(censusYear: number): CensusReturnSchema {
  const schema = SCHEMAS.get(censusYear);
  if (!schema) throw new UnsupportedCensusYearError(censusYear);
  return schema;
}

/** A worker or council-level element's spec by name, for a year. */
export function elementSpec(schema: CensusReturnSchema, level: 'worker' | 'la', name: string): ElementSpec | undefined {
  return (level === 'worker' ? schema.worker : schema.laLevel).find((spec) => spec.name === name);
}

/** The label of a code in an enumerated element ("5" -> "Case holder"), or the code itself. */
export function codeLabel(spec: ElementSpec | undefined, code: string): string {
  if (spec?.type.kind !== 'enumeration') return code;
  return spec.type.values.find((value) => value.code === code)?.label ?? code;
}
