// The site's /metrics (Prometheus text format), read in the browser: the console needs a few sums,
// not a client library.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const line = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const label = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The samples of an exposition; comments, and lines that are not samples, are skipped. */
export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const raw of text.split('\n')) {
    if (raw.startsWith('#')) continue;
    const found = line.exec(raw.trim());
    if (!found) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (found[2] ?? '').matchAll(label))
      labels[key!] = value!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    const value = Number(found[3]);
    if (!Number.isNaN(value)) samples.push({ name: found[1]!, labels, value });
  }
  return samples;
}

/** The sum of a metric's samples (those `where` keeps); null when the site has none. */
export function total(samples: Sample[], name: string, where: (labels: Record<string, string>) => boolean = () => true): number | null {
  const matching = samples.filter((s) => s.name === name && where(s.labels));
  return matching.length ? matching.reduce((sum, s) => sum + s.value, 0) : null;
}

/** What the console shows of one reading, and what two readings in a row give. */
export interface Reading {
  at: number;
  requests: number;
  serverErrors: number;
  durationSum: number;
  durationCount: number;
  residentBytes: number | null;
  heapUsedBytes: number | null;
  eventLoopLagP99: number | null;
  startedAt: number | null;
  taskFailures: number | null;
  lastGoodBackupAt: number | null;
}

export function readingOf(samples: Sample[], at: number): Reading {
  const seconds = (name: string) => {
    const value = total(samples, name);
    return value === null || value === 0 ? null : value * 1000;
  };
  return {
    at,
    requests: total(samples, 'ilot_http_requests_total') ?? 0,
    serverErrors: total(samples, 'ilot_http_requests_total', (l) => l.status?.startsWith('5') ?? false) ?? 0,
    durationSum: total(samples, 'ilot_http_request_duration_seconds_sum') ?? 0,
    durationCount: total(samples, 'ilot_http_request_duration_seconds_count') ?? 0,
    residentBytes: total(samples, 'ilot_process_resident_memory_bytes'),
    heapUsedBytes: total(samples, 'ilot_nodejs_heap_size_used_bytes'),
    eventLoopLagP99: total(samples, 'ilot_nodejs_eventloop_lag_p99_seconds'),
    startedAt: seconds('ilot_process_start_time_seconds'),
    taskFailures: total(samples, 'ilot_task_runs_total', (l) => l.result === 'error'),
    lastGoodBackupAt: seconds('ilot_backup_last_good_timestamp_seconds'),
  };
}

/** Between two readings: requests per second and their mean latency (ms; null when none were served). */
export function rates(before: Reading, after: Reading): { perSecond: number; latencyMs: number | null } {
  const elapsed = (after.at - before.at) / 1000;
  const served = after.durationCount - before.durationCount;
  return {
    perSecond: elapsed > 0 ? Math.max(0, after.requests - before.requests) / elapsed : 0,
    latencyMs: served > 0 ? ((after.durationSum - before.durationSum) / served) * 1000 : null,
  };
}
