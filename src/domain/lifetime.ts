/** End of the month `months` months after `now` (UTC): how long a sign-in keeps an account alive. */
export function lifetimeEnd(now: number, months: number): number {
  const date = new Date(now);
  // Day 1 of the month after the target month, minus one millisecond.
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months + 1, 1) - 1;
}

/** The first instant of the month of `now` (UTC): a time that says no more than its month. */
export function monthStart(now: number): number {
  const date = new Date(now);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}
