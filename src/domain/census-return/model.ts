import { LEAVER_DESTINATIONS, LEAVING_REASONS, ROLE_CODES, START_ORIGINS, type LeaverDestination, type LeavingReason, type RoleCode, type StartOrigin } from '../codes.ts';
import type { IsoDate } from '../workforce.ts';
import type { CensusReturnSchema } from './schema.ts';
import { branch, childrenNamed, leaf, type XmlElement } from './xml.ts';

/**
 * A census return as the file holds it: each item an element name and its text exactly as
 * written, in the schema's order. Keeping the written text (not numbers or dates) means the
 * return checked is the return sent, and a file read back compares equal to the one written.
 */
export interface ReturnItem {
  name: string;
  value: string;
}

export interface CensusReturn {
  censusYear: number;
  header: {
    /** `CollectionDetails`: Collection, Year, ReferenceDate. */
    collection: ReturnItem[];
    /** `Source`: SourceLevel, LEA, SoftwareCode, DateTime; null when there is none. */
    source: ReturnItem[] | null;
  };
  /** The council-level items (`LALevelVacancies` or `LALevel`). */
  laLevel: ReturnItem[];
  /** One list of items per `CSWWWorker`, in file order. */
  workers: ReturnItem[][];
}

export function itemValue(items: readonly ReturnItem[], name: string): string | undefined {
  return items.find((item) => item.name === name)?.value;
}

/** The return as XML elements, for writeXml. */
export function returnToXml(censusReturn: CensusReturn, schema: CensusReturnSchema): XmlElement {
  const leaves = (items: readonly ReturnItem[]) => items.map((item) => leaf(item.name, item.value));
  const header: XmlElement[] = [branch('CollectionDetails', leaves(censusReturn.header.collection))];
  if (censusReturn.header.source) header.push(branch('Source', leaves(censusReturn.header.source)));
  return branch('Message', [branch('Header', header), branch(schema.laLevelElement, leaves(censusReturn.laLevel)), ...censusReturn.workers.map((items) => branch('CSWWWorker', leaves(items)))]);
}

/**
 * A return read from XML elements (readXml). Reads what is there without judging it: the schema
 * check (checkSchema) says what is wrong with the file. The council-level element is whichever of
 * `LALevel` or `LALevelVacancies` the file has.
 */
export function returnFromXml(root: XmlElement, censusYear: number): CensusReturn {
  const items = (element: XmlElement | undefined) => (element ? element.children.map((child) => ({ name: child.name, value: child.text })) : []);
  const header = childrenNamed(root, 'Header')[0];
  const source = header ? childrenNamed(header, 'Source')[0] : undefined;
  return {
    censusYear,
    header: {
      collection: items(header ? childrenNamed(header, 'CollectionDetails')[0] : undefined),
      source: source ? items(source) : null,
    },
    laLevel: items(root.children.find((child) => child.name === 'LALevel' || child.name === 'LALevelVacancies')),
    workers: childrenNamed(root, 'CSWWWorker').map((worker) => items(worker)),
  };
}

/** The census year a file says it is for (Header/CollectionDetails/Year), if it says. */
export function declaredCensusYear(root: XmlElement): number | null {
  const header = childrenNamed(root, 'Header')[0];
  const details = header ? childrenNamed(header, 'CollectionDetails')[0] : undefined;
  const year = details ? childrenNamed(details, 'Year')[0]?.text.trim() : undefined;
  return year && /^\d{4}$/.test(year) ? Number(year) : null;
}

// --- Codes both ways ---------------------------------------------------------------------------

/** DfE numbers each code list from 1 in the order src/domain/codes.ts lists them. */
export function dfeNumber(list: readonly string[], code: string): string {
  const index = list.indexOf(code);
  if (index < 0) throw new Error(`"${code}" is not in the code list`);
  return String(index + 1);
}

function fromDfeNumber<T extends string>(list: readonly T[], number: string | undefined): T | null {
  if (number === undefined || !/^\d+$/.test(number.trim())) return null;
  return list[Number(number.trim()) - 1] ?? null;
}

/** Retain's gender words and DfE's `GenderCurrent` numbers (to 2023) and `Sex` letters (from 2024). */
export const GENDER_CURRENT: Readonly<Record<string, string>> = { not_known: '0', male: '1', female: '2', not_specified: '9' };
export const SEX: Readonly<Record<string, string>> = { male: 'M', female: 'F' };

/**
 * What a return says of one worker, in Retain's words: the fields a round trip compares. Values
 * the file holds in a form Retain cannot read are null (the schema check reports them).
 */
export interface ReturnedWorker {
  agency: boolean;
  sweNumber: string | null;
  fte: number | null;
  dateOfBirth: IsoDate | null;
  gender: string | null;
  ethnicity: string | null;
  role: RoleCode | null;
  startDate: IsoDate | null;
  startOrigin: StartOrigin | null;
  endDate: IsoDate | null;
  leaverDestination: LeaverDestination | null;
  leavingReason: LeavingReason | null;
  fteOnReferenceDate: number | null;
  cases: number | null;
  workingDaysLost: number | null;
  salary: number | null;
  recruitmentAndRetentionPayments: number | null;
}

const numberOf = (text: string | undefined) => (text !== undefined && /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text.trim()) ? Number(text.trim()) : null);
const dateOf = (text: string | undefined) => (text !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? text.trim() : null);

export function returnedWorker(items: readonly ReturnItem[]): ReturnedWorker {
  const value = (name: string) => itemValue(items, name);
  const genderCode = value('GenderCurrent');
  const sex = value('Sex');
  const gender =
    genderCode !== undefined
      ? (Object.entries(GENDER_CURRENT).find(([, code]) => code === genderCode.trim())?.[0] ?? null)
      : sex !== undefined
        ? (Object.entries(SEX).find(([, code]) => code === sex.trim())?.[0] ?? null)
        : null;
  return {
    agency: value('AgencyWorker')?.trim() === '1',
    sweNumber: value('SWENo')?.trim() ?? null,
    fte: numberOf(value('FTE')),
    dateOfBirth: dateOf(value('PersonBirthDate')),
    gender,
    ethnicity: value('Ethnicity')?.trim() ?? null,
    role: fromDfeNumber(ROLE_CODES, value('OrgRole')),
    startDate: dateOf(value('RoleStartDate')),
    startOrigin: fromDfeNumber(START_ORIGINS, value('StartOrigin')),
    endDate: dateOf(value('RoleEndDate')),
    leaverDestination: fromDfeNumber(LEAVER_DESTINATIONS, value('LeaverDestination')),
    leavingReason: fromDfeNumber(LEAVING_REASONS, value('ReasonLeave')),
    fteOnReferenceDate: numberOf(value('FTE30')),
    cases: numberOf(value('Cases30')),
    workingDaysLost: numberOf(value('WorkingDaysLost')),
    salary: numberOf(value('BaseSalary')),
    recruitmentAndRetentionPayments: numberOf(value('RRPayments')),
  };
}
