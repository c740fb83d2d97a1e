// The fleet's tower under 1,000 simulated agents (one process, each with its own credential,
// holding long polls): the tower's CPU and memory, and the delay from issuing a command to its
// delivery to the agent (p99). Baseline, same server and run: `ping` latency before the agents
// connect, and while they poll.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IlotClient } from '../src/client/index.js';
import { TowerClient } from '../src/agent/tower-client.js';
import { benchOperatorPhrase, cpuMs, machine, percentile, round, rssMb, sleep, startBenchServerWithOperator } from './support.js';

const agentCount = Number(process.env.ILOT_BENCH_FLEET_AGENTS ?? 1000);
const longPollSeconds = 20;

async function pingLatencies(url: string, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await fetch(`${url}/api/ops/ping`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await response.arrayBuffer();
    samples.push(performance.now() - started);
    await sleep(10);
  }
  return samples;
}

const latency = (samples: number[]) => ({
  p50Ms: round(percentile(samples, 0.5)),
  p99Ms: round(percentile(samples, 0.99)),
  samples: samples.length,
});

/** Runs `body` on `items`, `width` at a time. */
async function inParallel<T>(items: T[], width: number, body: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await body(items[next++]!);
    }),
  );
}

export async function benchFleet() {
  const dir = mkdtempSync(join(tmpdir(), 'ilot-bench-fleet-'));
  const { server } = await startBenchServerWithOperator(dir, undefined, undefined, { fleet: { longPollSeconds } });
  const pid = server.child.pid!;
  const url = server.urls.ilot;
  let running = true;
  try {
    const operator = new IlotClient(url);
    await operator.signInOperator(benchOperatorPhrase);
    await operator.call('fleet.app.add', { name: 'clock', kind: 'process', command: ['node', 'clock.js'] });
    await operator.call('fleet.permission.grant', { operator: 'bench', app: 'clock', hosts: { label: 'bench' } });
    const idlePing = latency(await pingLatencies(url, 300));
    const rssIdleMb = rssMb(pid);

    // Enrol every agent: one host each, its own credential.
    const names = Array.from({ length: agentCount }, (_, i) => `agent-${i}`);
    const tokens: string[] = [];
    for (const name of names) tokens.push((await operator.call('fleet.host.add', { name, labels: ['bench'] })).enrolToken);
    const towers: TowerClient[] = [];
    await inParallel(tokens, 16, async (token) => {
      const { credential } = await new TowerClient(url).enrol({ token, version: 'bench' });
      towers.push(new TowerClient(url).withCredential(credential));
    });

    // Each agent long-polls; a command is acknowledged at once in its next message.
    const issuedAt = new Map<string, number>();
    const delays: number[] = [];
    let exchanges = 0;
    let errors = 0;
    const loops = towers.map(async (tower) => {
      let seq = 0;
      let reports: { commandId: string; state: 'succeeded' }[] = [];
      while (running) {
        try {
          const answer = await tower.exchange({ seq: ++seq, version: 'bench', reports });
          exchanges++;
          reports = [];
          for (const command of answer.commands) {
            const at = issuedAt.get(command.id);
            if (at !== undefined) {
              delays.push(performance.now() - at);
              issuedAt.delete(command.id);
            }
            reports.push({ commandId: command.id, state: 'succeeded' });
          }
        } catch {
          errors++;
          await sleep(500);
        }
      }
    });
    await sleep(3000);

    const cpuBefore = cpuMs(pid);
    const started = performance.now();
    let peakMb = rssMb(pid);
    const sampler = setInterval(() => (peakMb = Math.max(peakMb, rssMb(pid))), 250);
    const commands = 300;
    const issuing = (async () => {
      for (let i = 0; i < commands; i++) {
        const id = `bench-command-${i}`;
        issuedAt.set(id, performance.now());
        await operator.call('fleet.command.issue', { host: names[(i * 7919) % names.length]!, command: { type: 'inventory' }, id });
        await sleep(50);
      }
    })();
    const busyPing = latency(await pingLatencies(url, 600));
    await issuing;
    const deadline = Date.now() + 60_000;
    while (delays.length < commands && Date.now() < deadline) await sleep(100);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const cpu = cpuMs(pid) - cpuBefore;
    running = false;
    await server.stop();
    await Promise.race([Promise.all(loops), sleep(5000)]);

    return {
      benchmark: 'fleet',
      machine: machine(),
      engine: 'sqlite',
      agents: towers.length,
      longPollSeconds,
      window: { seconds: round(seconds), exchanges, agentErrors: errors },
      tower: { cpuPercentOfOneCore: round((cpu / (seconds * 1000)) * 100), rssIdleMb, rssPeakWithAgentsMb: peakMb },
      delivery: { commands, delivered: delays.length, ...latency(delays), goal: 'p99 < 200 ms with long polls' },
      baselinePing: { idle: idlePing, withAgentsPolling: busyPing },
    };
  } finally {
    running = false;
    rmSync(dir, { recursive: true, force: true });
  }
}
