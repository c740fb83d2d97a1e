/** What a long export or import reports as it goes: bytes done out of an expected total. */
export interface Progress {
  /** `done` bytes of `total` (an estimate that may grow) in the current step. */
  update(step: string, done: number, total: number): void;
  /** Clears the bar: the caller then prints its summary line. */
  finish(): void;
}

const units = ['B', 'kB', 'MB', 'GB', 'TB'];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  const hours = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return hours ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** One line of the bar: step, bar, bytes, rate and time left. */
export function barLine(step: string, done: number, total: number, elapsedMs: number, width = 24): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(ratio * width);
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const left = rate > 0 ? Math.max(0, total - done) / rate : Infinity;
  return `${step.padEnd(10)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}%  ${formatBytes(done)} / ${formatBytes(total)}  ${formatBytes(rate)}/s  ${formatDuration(left)} left`;
}

/**
 * A progress bar redrawn in place on a terminal (at most ten times a second); nothing when the
 * stream is not one (a log, a pipe), where the caller's summary line is enough.
 */
export function progressOn(stream: NodeJS.WriteStream, clock: () => number = Date.now): Progress {
  const started = clock();
  let drawn = 0;
  let shown = false;
  return {
    update(step, done, total) {
      if (!stream.isTTY) return;
      const now = clock();
      if (now - drawn < 100 && done < total) return;
      drawn = now;
      shown = true;
      stream.write(`\r${barLine(step, done, total, now - started).slice(0, Math.max(20, (stream.columns || 100) - 1))}\x1b[K`);
    },
    finish() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}

/** Reports nothing (library callers, tests). */
export const noProgress: Progress = { update: () => undefined, finish: () => undefined };
