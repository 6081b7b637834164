/**
 * Today as 'YYYY-MM-DD' (UTC), for the routes that judge by date: who is in post, which actions
 * are overdue, which census year has ended. One place, so every page agrees on what day it is.
 */
export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}
