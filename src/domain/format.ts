/**
 * How Retain writes dates, money, percentages and counts, in one place so the web pages, the
 * command line and the documents print the same figure the same way. British English throughout.
 *
 * One time zone: Europe/London. A calendar date ('YYYY-MM-DD': a start date, a census reference
 * date) names a day, not an instant, and is printed as that day wherever the server runs. A moment
 * (a Date, or an ISO timestamp such as when a pack was issued) is printed as the day or time it was
 * in the UK, so a pack issued at 00:30 on 1 July BST is "1 July", not the UTC "30 June".
 *
 * Each formatter is built once: Number#toLocaleString builds a new one per call, and a dashboard
 * or a national table formats thousands of cells. Pure: no clock, no I/O.
 */

const LONDON = 'Europe/London';
const LONG_DATE_UTC = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const LONG_DATE_LONDON = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: LONDON });
const DATE_TIME_LONDON = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: LONDON });
const MONTH_YEAR_UTC = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const WHOLE = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const ONE_DECIMAL = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const UP_TO_ONE_DECIMAL = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const TWO_DECIMALS = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });
const POUNDS_AND_PENCE = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: 2, maximumFractionDigits: 2 });

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A date in words: `longDate('2026-01-14')` is "14 January 2026". A calendar date prints as that
 * day; a timestamp or Date prints as the day it was in the UK
 * (`longDate('2025-06-30T23:30:00Z')` is "1 July 2025", as London was on BST).
 */
export function longDate(value: string | Date): string {
  if (typeof value === 'string' && CALENDAR_DATE.test(value)) return LONG_DATE_UTC.format(new Date(`${value}T00:00:00Z`));
  return LONG_DATE_LONDON.format(typeof value === 'string' ? new Date(value) : value);
}

/** A moment in UK time, the GOV.UK style: "24 November 2026 at 09:54". */
export function dateTime(value: string | Date): string {
  return DATE_TIME_LONDON.format(typeof value === 'string' ? new Date(value) : value).replace(', ', ' at ');
}

/** A month of a calendar date, for chart axes: `monthYear('2025-03-31')` is "Mar 2025". */
export function monthYear(date: string): string {
  return MONTH_YEAR_UTC.format(new Date(`${date.slice(0, 10)}T00:00:00Z`));
}

/** Whole pounds, as reports quote budgets: `pounds(180000)` is "£180,000". */
export function pounds(amount: number): string {
  return POUNDS.format(amount);
}

/** Pounds and pence, as rates and salaries are quoted: `poundsAndPence(41.5)` is "£41.50". */
export function poundsAndPence(amount: number): string {
  return POUNDS_AND_PENCE.format(amount);
}

/** A count with thousands separators: `count(12345)` is "12,345". */
export function count(value: number): string {
  return WHOLE.format(value);
}

/** One decimal place always, as DfE publishes rates: `oneDecimal(16)` is "16.0". */
export function oneDecimal(value: number): string {
  return ONE_DECIMAL.format(value);
}

/** Up to one decimal place, for FTE: `upToOneDecimal(12.0)` is "12", `upToOneDecimal(12.46)` is "12.5". */
export function upToOneDecimal(value: number): string {
  return UP_TO_ONE_DECIMAL.format(value);
}

/** Two decimal places always: `twoDecimals(1.5)` is "1.50". */
export function twoDecimals(value: number): string {
  return TWO_DECIMALS.format(value);
}

/** A percentage to one decimal place: `percent(16)` is "16.0%". The value is already a percentage, not a fraction. */
export function percent(value: number): string {
  return `${ONE_DECIMAL.format(value)}%`;
}
