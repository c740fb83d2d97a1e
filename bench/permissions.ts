// The cost of the permission matrix on the ping-like path of a member operation (a read that does
// nothing itself), on SQLite and PostgreSQL: the server process's CPU time per request of a
// signed-in treasurer (robust to a loaded machine, unlike throughput, also given):
// - `fixed`: the permission checked against the defaults in code alone (the fixed rules before
//   per-space matrices): the baseline;
// - `matrix`: the space's matrix (one override), as Ilot runs it: cached per space, reloaded when
//   the space's matrix version moves;
// - `uncached`: the matrix read in every request's transaction (what the cache saves);
// - `noPermission`: the same read asking no permission at all.
// One server process, told which matrix source to use before each round; rounds alternate the
// variants so that a noisy machine weighs on all alike, and the median round of each is kept.
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IlotClient } from '../src/client/index.js';
import { benchOperatorPhrase, cpuMs, machine, median, onEachEngine, startBenchServerWithOperator } from './support.js';

const quotas = { documents: 1000, volumeBytes: 1e9, monthlyCents: 1000, maxAccounts: 100 };
const variants = [
  { name: 'fixed', source: 'fixed', operation: 'bench.adminPing' },
  { name: 'matrix', source: 'cached', operation: 'bench.adminPing' },
  { name: 'uncached', source: 'uncached', operation: 'bench.adminPing' },
  { name: 'noPermission', source: 'cached', operation: 'bench.memberPing' },
] as const;

async function runOn(engine: 'sqlite' | 'postgres', databaseUrl: string | undefined, options: { rounds: number; requests: number }) {
  const dir = mkdtempSync(join(tmpdir(), 'ilot-bench-'));
  const { server } = await startBenchServerWithOperator(dir, databaseUrl);
  try {
    const url = server.urls.ilot;
    const operator = new IlotClient(url);
    await operator.signInOperator(benchOperatorPhrase);
    await operator.openSpace('perm', quotas, 'sponsoring the treasurer of perm');
    await new IlotClient(url).createTreasurer('perm', 'sponsoring the treasurer of perm', 'the treasurer of the permission benchmark');
    const treasurer = new IlotClient(url);
    await treasurer.signIn('perm', 'the treasurer of the permission benchmark');
    await treasurer.call('permissions.set', { role: 'delegate', permission: 'space.options', allowed: true });
    const token = treasurer.sessionToken!;

    const pid = server.child.pid!;
    /** Has the server's permission stage use this source from now on. */
    const use = (source: string) =>
      new Promise<void>((done) => {
        const acknowledged = (message: unknown) => {
          if ((message as { permissions?: string }).permissions !== source) return;
          server.child.off('message', acknowledged);
          done();
        };
        server.child.on('message', acknowledged);
        server.child.send({ permissions: source });
      });
    const perRound = new Map<string, { cpuMsPerRequest: number; rps: number; p50: number }[]>(variants.map((v) => [v.name, []]));
    for (let round = 0; round < options.rounds + 1; round++) {
      for (const variant of variants) {
        await use(variant.source);
        const cpuBefore = cpuMs(pid);
        const result = await autocannon({
          url: `${url}/api/ops/${variant.operation}`,
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: '{}',
          connections: 4,
          amount: options.requests,
        });
        const cpu = cpuMs(pid) - cpuBefore;
        if (result.non2xx > 0 || result.errors > 0) throw new Error(`${variant.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
        // The first round warms every server up and is not kept.
        if (round > 0)
          perRound
            .get(variant.name)!
            .push({ cpuMsPerRequest: cpu / options.requests, rps: result.requests.average, p50: result.latency.p50 });
      }
    }
    const figures = Object.fromEntries(
      [...perRound].map(([name, rounds]) => [
        name,
        {
          serverCpuUsPerRequest: Math.round(median(rounds.map((r) => r.cpuMsPerRequest)) * 1000),
          requestsPerSecond: Math.round(median(rounds.map((r) => r.rps))),
          latencyP50Ms: median(rounds.map((r) => r.p50)),
        },
      ]),
    );
    const cpu = (name: string) => (figures[name] as { serverCpuUsPerRequest: number }).serverCpuUsPerRequest;
    const overhead = (name: string) => Math.round((cpu(name) / cpu('fixed') - 1) * 1000) / 10;
    return {
      engine,
      rounds: options.rounds,
      requestsPerRound: options.requests,
      ...figures,
      matrixOverheadPercent: overhead('matrix'),
      uncachedOverheadPercent: overhead('uncached'),
      goal: "matrix overhead ≤ 5 % of the fixed rules' server CPU per request",
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchPermissions(options: { rounds: number; requests: number }) {
  return { benchmark: 'permissions', machine: machine(), results: await onEachEngine((engine, url) => runOn(engine, url, options)) };
}
