/** The lifetime choices a space may set (`nbmi`, in months). */
export const lifetimeChoices = [3, 6, 12, 18, 24] as const;

/** End of the month `months` months after `now` (UTC): how long a sign-in keeps an account alive. */
export function lifetimeEnd(now: number, months: number): number {
  const date = new Date(now);
  // Day 1 of the month after the target month, minus one millisecond.
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months + 1, 1) - 1;
}
