import type { CensusReturnSchema, ComplexType, ElementSpec, SimpleType } from './schema.ts';
import type { XmlElement } from './xml.ts';

/**
 * Holds a return (as the XML tree a file holds) to the year's schema (schema.ts): every element
 * known, in the schema's order, as often as allowed, required ones present, and every value of its
 * type. What an XML Schema validator would say, in the words a council officer reads, each with a
 * code (Retain's own, `XSD-...`: DfE publishes no codes for schema failures) and where it is.
 */

export const SCHEMA_CODES = {
  'XSD-ROOT': 'The root element is not Message.',
  'XSD-UNKNOWN': 'An element the schema does not have.',
  'XSD-ORDER': 'An element out of the schema’s order.',
  'XSD-REQUIRED': 'A required element is missing.',
  'XSD-TOO-MANY': 'An element appears more often than the schema allows.',
  'XSD-TEXT': 'Text where the schema expects only elements.',
  'XSD-VALUE': 'A value not of the element’s type (code, pattern, number, decimal places or date).',
} as const;
export type SchemaCode = keyof typeof SCHEMA_CODES;

export type ReturnLevel = 'message' | 'header' | 'la' | 'worker';

export interface SchemaViolation {
  code: SchemaCode;
  level: ReturnLevel;
  /** Which CSWWWorker (0-based, in file order) when the violation is inside one. */
  workerIndex: number | null;
  /** Where, e.g. `Message/CSWWWorker[3]/FTE` (positions 1-based among same-named siblings). */
  path: string;
  element: string;
  value: string | null;
  message: string;
}

/** XML Schema's `collapse`: what every non-string type does to its text before reading it. */
function collapse(text: string): string {
  return text.replace(/[\t\n\r ]+/g, ' ').trim();
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

const TIMEZONE = '(Z|[+-](?:0\\d|1[0-4]):[0-5]\\d)?';
const DATE = new RegExp(`^(-?\\d{4,})-(\\d{2})-(\\d{2})${TIMEZONE}$`);
const DATE_TIME = new RegExp(`^(-?\\d{4,})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?${TIMEZONE}$`);
const G_YEAR = new RegExp(`^-?\\d{4,}${TIMEZONE}$`);
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const INTEGER = /^[+-]?\d+$/;

/** Digits after the point that count: trailing zeros say nothing (1.500 has one). */
function fractionDigitsOf(lexical: string): number {
  const point = lexical.indexOf('.');
  return point < 0 ? 0 : lexical.slice(point + 1).replace(/0+$/, '').length;
}

/**
 * Why a value is not of a type, or null when it is. `element` names it in the message. Strings,
 * codes and patterns (all restrictions of xs:string, whose whitespace is preserved) are read as
 * written, so " 5" is not the code "5"; numbers and dates after XML Schema's whitespace collapse.
 */
export function valueProblem(type: SimpleType, raw: string, element: string): string | null {
  const value = type.kind === 'string' || type.kind === 'enumeration' || type.kind === 'pattern' ? raw : collapse(raw);
  switch (type.kind) {
    case 'string':
      return type.minLength !== undefined && value.length < type.minLength ? `${element} must not be empty` : null;
    case 'enumeration': {
      if (type.values.some((entry) => entry.code === value)) return null;
      return `${element} "${value}" is not one of its codes (${type.values.map((entry) => entry.code).join(', ')})`;
    }
    case 'pattern':
      return type.pattern.test(value) ? null : `${element} "${value}" is not ${type.description}`;
    case 'integer':
      return INTEGER.test(value) ? null : `${element} "${value}" is not a whole number`;
    case 'decimal': {
      if (!DECIMAL.test(value)) return `${element} "${value}" is not a number`;
      if (fractionDigitsOf(value) > type.fractionDigits) return `${element} "${value}" has more than ${type.fractionDigits} decimal place${type.fractionDigits === 1 ? '' : 's'}`;
      const number = Number(value);
      if (type.minInclusive !== undefined && number < type.minInclusive) return `${element} ${value} is below ${type.minInclusive}`;
      if (type.maxInclusive !== undefined && number > type.maxInclusive) return `${element} ${value} is above ${type.maxInclusive}`;
      return null;
    }
    case 'date': {
      const match = DATE.exec(value);
      if (!match || !isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) return `${element} "${value}" is not a date written YYYY-MM-DD`;
      return null;
    }
    case 'gYear':
      return G_YEAR.test(value) ? null : `${element} "${value}" is not a year written YYYY`;
    case 'dateTime': {
      const match = DATE_TIME.exec(value);
      const valid = match && isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3])) && Number(match[4]) < 24 && Number(match[5]) < 60 && Number(match[6]) < 60;
      return valid ? null : `${element} "${value}" is not a date and time written YYYY-MM-DDThh:mm:ss`;
    }
  }
}

function isComplex(type: SimpleType | ComplexType): type is ComplexType {
  return type.kind === 'sequence';
}

/** Every way the tree breaks the year's schema, in document order; empty when it conforms. */
export function checkSchema(root: XmlElement, schema: CensusReturnSchema): SchemaViolation[] {
  const violations: SchemaViolation[] = [];
  const levelOf = (name: string): ReturnLevel => (name === 'Header' ? 'header' : name === schema.laLevelElement ? 'la' : name === 'CSWWWorker' ? 'worker' : 'message');
  if (root.name !== schema.root.name) {
    violations.push({
      code: 'XSD-ROOT',
      level: 'message',
      workerIndex: null,
      path: root.name,
      element: root.name,
      value: null,
      message: `The root element is <${root.name}>; a census return's is <Message>`,
    });
    return violations;
  }
  let workerCount = 0;

  const visit = (element: XmlElement, spec: ElementSpec, path: string, level: ReturnLevel, workerIndex: number | null) => {
    const add = (code: SchemaCode, element: string, where: string, message: string, value: string | null = null) => violations.push({ code, level, workerIndex, path: where, element, value, message });
    const type = spec.type;
    if (!isComplex(type)) {
      if (element.children.length > 0) add('XSD-TEXT', spec.name, path, `${spec.name} holds elements; it should hold a value only`);
      const problem = valueProblem(type, element.text, spec.name);
      if (problem) add('XSD-VALUE', spec.name, path, problem, element.text);
      return;
    }
    if (element.text.trim() !== '') add('XSD-TEXT', spec.name, path, `${spec.name} holds text "${element.text.trim().slice(0, 40)}"; it should hold elements only`, element.text);
    const specs = type.children;
    const counts = new Array<number>(specs.length).fill(0);
    const seen = new Map<string, number>();
    let furthest = 0;
    for (const child of element.children) {
      const position = (seen.get(child.name) ?? 0) + 1;
      seen.set(child.name, position);
      const childLevel = level === 'message' ? levelOf(child.name) : level;
      const childWorker = level === 'message' && child.name === 'CSWWWorker' ? workerCount++ : workerIndex;
      const childPath = `${path}/${child.name}${position > 1 || specs.find((s) => s.name === child.name)?.maxOccurs === 'unbounded' ? `[${position}]` : ''}`;
      const index = specs.findIndex((candidate) => candidate.name === child.name);
      if (index < 0) {
        violations.push({
          code: 'XSD-UNKNOWN',
          level: childLevel,
          workerIndex: childWorker,
          path: childPath,
          element: child.name,
          value: null,
          message: `<${child.name}> is not an element of <${spec.name}> in the ${schema.censusYear} schema`,
        });
        continue;
      }
      if (index < furthest) {
        violations.push({
          code: 'XSD-ORDER',
          level: childLevel,
          workerIndex: childWorker,
          path: childPath,
          element: child.name,
          value: null,
          message: `<${child.name}> comes after <${specs[furthest]!.name}>; the schema puts it before`,
        });
      } else furthest = index;
      counts[index]! += 1;
      const childSpec = specs[index]!;
      if (childSpec.maxOccurs === 1 && counts[index]! === 2) {
        violations.push({
          code: 'XSD-TOO-MANY',
          level: childLevel,
          workerIndex: childWorker,
          path: childPath,
          element: child.name,
          value: null,
          message: `<${spec.name}> may hold one <${child.name}> only`,
        });
      }
      visit(child, childSpec, childPath, childLevel, childWorker);
    }
    specs.forEach((childSpec, index) => {
      if (childSpec.minOccurs === 1 && counts[index] === 0) {
        const childLevel = level === 'message' ? levelOf(childSpec.name) : level;
        add('XSD-REQUIRED', childSpec.name, `${path}/${childSpec.name}`, `${childSpec.name} is required in <${spec.name}> and is missing`);
        if (childLevel !== level) violations[violations.length - 1]!.level = childLevel;
      }
    });
  };

  visit(root, schema.root, root.name, 'message', null);
  return violations;
}
