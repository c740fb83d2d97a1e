// The daily time of the site, in its time zone: when daily tasks are due next.

// Making a formatter costs ~0.15 ms, using one ~5 µs: every write asks the month (automatic
// restrictions), so each time zone's formatter is made once.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The offset of a time zone at an instant, in ms (local time minus UTC). */
function offsetAt(instant: number, timeZone: string): number {
  const parts = formatterOf(timeZone).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The local calendar date of an instant in a time zone. */
function localDate(instant: number, timeZone: string): { year: number; month: number; day: number } {
  const local = new Date(instant + offsetAt(instant, timeZone));
  return { year: local.getUTCFullYear(), month: local.getUTCMonth(), day: local.getUTCDate() };
}

/** The instant when the wall clock of `timeZone` shows `hh:mm` on a local date. */
function atLocalTime(date: { year: number; month: number; day: number }, hours: number, minutes: number, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month, date.day, hours, minutes);
  // The offset at the wall time read as UTC is right except across a change of offset: check again.
  const first = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(first, timeZone);
}

/** The first instant after `now` at which the site's clock shows `dailyAt` (HH:MM) in `timeZone`. */
export function nextDailyRun(now: number, dailyAt: string, timeZone: string): number {
  const [hours, minutes] = dailyAt.split(':').map(Number) as [number, number];
  const today = localDate(now, timeZone);
  for (let days = 0; days < 3; days++) {
    const candidate = atLocalTime({ ...today, day: today.day + days }, hours, minutes, timeZone);
    if (candidate > now) return candidate;
  }
  throw new Error(`no daily run found after ${new Date(now).toISOString()}`);
}

/** The month (`YYYY-MM`) of an instant in a time zone, and the instant it started. */
export function monthOf(now: number, timeZone: string): { month: string; startedAt: number } {
  const { year, month } = localDate(now, timeZone);
  return { month: `${year}-${String(month + 1).padStart(2, '0')}`, startedAt: atLocalTime({ year, month, day: 1 }, 0, 0, timeZone) };
}

/** The month `count` months before `month` (both `YYYY-MM`). */
export function monthsBefore(month: string, count: number): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + number - 1 - count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
