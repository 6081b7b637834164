/**
 * GOV.UK's date input (issue 15, item 7): a date asked as three boxes, day, month and year, named
 * `NAME-day`, `NAME-month`, `NAME-year`. Before a form is validated their parts are joined into
 * `NAME` as DD/MM/YYYY, so the one date parser every form uses (src/imports/values.ts parseDate)
 * reads them, and a form posted with `NAME` typed whole ("14 January 2026", "2026-01-14"), as
 * before, is still read. The month may be typed as a name or its first three letters ("Jan"),
 * as GOV.UK's pattern asks services to accept. All three empty is an empty date.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const PART = /^(.+)-(day|month|year)$/;

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : Array.isArray(value) && typeof value[0] === 'string' ? value[0].trim() : '';
}

/** A month as typed: "3", "03", "March", "mar" -> "3"; anything else as typed, for the parser to refuse. */
export function monthNumber(typed: string): string {
  const index = MONTHS.indexOf(typed.slice(0, 3).toLowerCase());
  if (
    index >= 0 &&
    /^[a-z]+$/i.test(typed) &&
    ('january february march april may june july august september october november december'.split(' ')[index]!.startsWith(typed.toLowerCase()) || typed.length === 3)
  ) {
    return String(index + 1);
  }
  return typed;
}

/** The body with each three-box date joined into its field; other fields untouched. A non-object body is returned as it is. */
export function joinDateParts<T>(body: T): T {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const source = body as Record<string, unknown>;
  const bases = new Set<string>();
  for (const key of Object.keys(source)) {
    const match = PART.exec(key);
    if (match) bases.add(match[1]!);
  }
  if (bases.size === 0) return body;
  const joined: Record<string, unknown> = { ...source };
  for (const base of bases) {
    const day = text(source[`${base}-day`]);
    const month = text(source[`${base}-month`]);
    const year = text(source[`${base}-year`]);
    if (!day && !month && !year) {
      // Empty boxes: an empty date, unless the date was also typed whole.
      if (joined[base] === undefined) joined[base] = '';
      continue;
    }
    joined[base] = `${day || '?'}/${monthNumber(month) || '?'}/${year || '?'}`;
  }
  return joined as T;
}

/** The three boxes' values for a date: from what was typed (a form shown again with errors), else from the stored ISO date. */
export function dateParts(iso: unknown, raw?: Record<string, unknown> | null, name?: string): { day: string; month: string; year: string } {
  if (raw && name && (raw[`${name}-day`] !== undefined || raw[`${name}-month`] !== undefined || raw[`${name}-year`] !== undefined)) {
    return { day: text(raw[`${name}-day`]), month: text(raw[`${name}-month`]), year: text(raw[`${name}-year`]) };
  }
  const value = typeof iso === 'string' ? iso : '';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match) return { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1]! };
  // A date typed whole as DD/MM/YYYY (a form posted before the three boxes), shown back in them.
  const typed = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value.trim());
  if (typed) return { day: typed[1]!, month: typed[2]!, year: typed[3]! };
  return { day: '', month: '', year: '' };
}
