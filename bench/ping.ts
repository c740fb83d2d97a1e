// `ping` through the whole pipeline versus a bare Fastify route of the same process; resident
// memory idle and under load; and a soak of 1,000,000 pings (memory and open files must stay flat).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load, machine, openFiles, rssMb, sleep, startBenchServer } from './support.js';

export async function benchPing(options: { seconds: number; soakRequests: number }) {
  const dir = mkdtempSync(join(tmpdir(), 'ilot-bench-'));
  const server = await startBenchServer(dir);
  const pid = server.child.pid!;
  try {
    await sleep(1000);
    const idleMb = rssMb(pid);
    let peakMb = idleMb;
    const sampler = setInterval(() => (peakMb = Math.max(peakMb, rssMb(pid))), 250);
    const connections = 64;
    // Warm both paths so that neither pays for JIT compilation in its measured run.
    await load(`${server.urls.bare}/bare`, { connections, duration: 2 });
    await load(`${server.urls.ilot}/api/ops/ping`, { connections, duration: 2 });
    const bare = await load(`${server.urls.bare}/bare`, { connections, duration: options.seconds });
    const pipeline = await load(`${server.urls.ilot}/api/ops/ping`, { connections, duration: options.seconds });
    await load(`${server.urls.ilot}/api/ops/bench.siteRead`, { connections, duration: 2 });
    const pipelineWithRead = await load(`${server.urls.ilot}/api/ops/bench.siteRead`, { connections, duration: options.seconds });
    clearInterval(sampler);

    const first = await load(`${server.urls.ilot}/api/ops/ping`, { connections, amount: Math.round(options.soakRequests / 10) });
    const afterFirst = { rssMb: rssMb(pid), openFiles: openFiles(pid) };
    const rest = await load(`${server.urls.ilot}/api/ops/ping`, { connections, amount: options.soakRequests - first.requests });
    const atEnd = { rssMb: rssMb(pid), openFiles: openFiles(pid) };

    return {
      benchmark: 'ping',
      machine: machine(),
      engine: 'sqlite',
      connections,
      seconds: options.seconds,
      bareFastify: bare,
      pipeline,
      throughputRatio: Math.round((pipeline.requestsPerSecond / bare.requestsPerSecond) * 1000) / 1000,
      throughputGoal: '>= 0.6',
      // For comparison: an operation that opens a read transaction and reads one row.
      pipelineWithRead,
      readThroughputRatio: Math.round((pipelineWithRead.requestsPerSecond / bare.requestsPerSecond) * 1000) / 1000,
      memory: { idleMb, peakUnderLoadMb: peakMb, idleGoalMb: '< 120' },
      soak: {
        requests: first.requests + rest.requests,
        errors: first.errors + rest.errors,
        non2xx: first.non2xx + rest.non2xx,
        afterFirstTenth: afterFirst,
        atEnd,
        rssGrowth: Math.round((atEnd.rssMb / afterFirst.rssMb - 1) * 1000) / 1000,
        rssGrowthGoal: '<= 0.2',
      },
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
