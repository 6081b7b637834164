import type { IsoDate } from './workforce.ts';

/**
 * Whole calendar days on ISO dates, computed at UTC midnight so no clock change moves a day.
 * `addDays('2024-02-28', 2)` is '2024-03-01'; `daysBetween('2024-01-01', '2024-12-31')` is 365.
 */

const DAY_MS = 86_400_000;

export function dayNumber(date: IsoDate): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

export function fromDayNumber(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** `to - from` in days (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}
