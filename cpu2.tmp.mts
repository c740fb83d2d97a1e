import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
const fire = (url: string, amount: number) =>
  autocannon({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', connections: 32, amount });
const { startBenchServer, cpuMs } = await import('/work/wt/pipeline/bench/support.ts');
const results: Record<string, number[]> = { scoped: [], unscoped: [] };
for (let round = 0; round < 5; round++) {
  for (const side of ['scoped', 'unscoped']) {
    const dir = mkdtempSync(join(tmpdir(), 'ilot-cpu-'));
    const server = await startBenchServer(dir, side === 'unscoped' ? { NO_SCOPE: '1' } : {});
    const pid = server.child.pid!;
    try {
      await fire(server.urls.ilot + '/api/ops/bench.siteRead', 5000);
      const before = cpuMs(pid);
      await fire(server.urls.ilot + '/api/ops/bench.siteRead', 30000);
      results[side]!.push(Math.round(((cpuMs(pid) - before) / 30000) * 10000) / 10);
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
console.log(JSON.stringify(results));
