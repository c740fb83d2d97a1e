import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import autocannon from 'autocannon';

/** Resident memory of a process, in MB, from /proc. */
export function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

export function openFiles(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

export function machine() {
  return { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version };
}

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  errors: number;
  non2xx: number;
}

/** POSTs `{}` to a URL with autocannon, for a duration or a number of requests. */
export async function load(url: string, options: { connections: number; duration?: number; amount?: number }): Promise<LoadResult> {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? 10 }),
  });
  return {
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

export interface BenchServer {
  child: ChildProcess;
  urls: { ilot: string; bare: string };
  stop(): Promise<void>;
}

/** Starts bench/server.mjs (compiled code) in its own process and waits for its URLs. */
export async function startBenchServer(dir: string, env: Record<string, string> = {}, config: object = {}): Promise<BenchServer> {
  // The same V8 flags as `npm start`.
  const child = fork(new URL('./server.mjs', import.meta.url).pathname, [dir, JSON.stringify(config)], { execArgv: ['--max-semi-space-size=4', ...(process.env.ILOT_BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.ILOT_BENCH_PROF] : [])], env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const urls = await new Promise<{ ilot: string; bare: string }>((resolve, reject) => {
    child.once('message', (message) => resolve(message as { ilot: string; bare: string }));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return {
    child,
    urls,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export function median(values: number[]): number {
  return percentile(values, 0.5);
}

/** Nearest-rank percentile (p in 0–1). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
}
