// The fleet's tower under 1,000 simulated agents (one process, each with its own credential,
// holding long polls): the tower's CPU and memory, and the delay from issuing a command to its
// delivery to the agent (p99). Baseline, same server and run: `ping` latency before the agents
// connect, and while they poll. Then `benchFleetRollout`: a rolling deploy over simulated hosts
// (below).
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
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

/** Enrols a simulated agent per name: one host each (label `bench`), its own credential. */
async function enrolAgents(url: string, operator: IlotClient, names: string[]): Promise<TowerClient[]> {
  const tokens: string[] = [];
  for (const name of names) tokens.push((await operator.call('fleet.host.add', { name, labels: ['bench'] })).enrolToken);
  const towers: TowerClient[] = [];
  await inParallel(tokens, 16, async (token) => {
    const { credential } = await new TowerClient(url).enrol({ token, version: 'bench' });
    towers.push(new TowerClient(url).withCredential(credential));
  });
  return towers;
}

/**
 * The window in which the agents only poll (a long poll's length: each agent sends about one message
 * in it, whatever the phase of their polls), and one as long before with no agent: the tower's CPU
 * per message.
 */
const quietSeconds = longPollSeconds;

/** One command of the run: when the bench called, when the call returned, when the agent had it (ms, this machine's clock). */
interface Issued {
  id: string;
  calledAt: number;
  returnedAt: number;
  createdAt: number;
  receivedAt?: number;
}

/**
 * Where a command's delay goes, from the tower's own record of it (`createdAt`, `deliveredAt`: the
 * tower's clock, the same as this process's, to the ms) and the bench's: the issuing call's round
 * trip; from the call to the command's creation (the request's transit and the pipeline before the
 * transaction); from its creation to its delivery (the commit, the notice, the woken poll's
 * authentication and its transaction's start); from the delivery to the agent's receipt (the
 * delivering transaction, the reply, the bench process's event loop). Each stage's percentiles
 * are its own: they do not add up.
 */
async function deliveryStages(operator: IlotClient, issued: Issued[]) {
  const received = issued.filter((c) => c.receivedAt !== undefined);
  const deliveredAt = new Map<string, number>();
  for (const { id } of received) deliveredAt.set(id, (await operator.call('fleet.command.show', { id })).deliveredAt!);
  const stage = (of: (c: Issued) => number) => latency(received.map(of));
  return {
    fromCommandCreated: stage((c) => c.receivedAt! - c.createdAt),
    issueCallRoundTrip: stage((c) => c.returnedAt - c.calledAt),
    callToCreated: stage((c) => c.createdAt - c.calledAt),
    createdToDelivered: stage((c) => deliveredAt.get(c.id)! - c.createdAt),
    deliveredToReceived: stage((c) => c.receivedAt! - deliveredAt.get(c.id)!),
  };
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
    const loadAtStart = loadavg();
    const idlePing = latency(await pingLatencies(url, 300));
    const rssIdleMb = rssMb(pid);
    // The tower's own CPU with no agent (timers, tasks): what the polling-only window counts besides the messages.
    const idleCpuBefore = cpuMs(pid);
    await sleep(quietSeconds * 1000);
    const idleCpu = cpuMs(pid) - idleCpuBefore;

    const names = Array.from({ length: agentCount }, (_, i) => `agent-${i}`);
    const towers = await enrolAgents(url, operator, names);

    // Each agent long-polls; a command is acknowledged at once in its next message.
    const issued = new Map<string, Issued>();
    let exchanges = 0;
    let errors = 0;
    const loops = towers.map(async (tower) => {
      let seq = 0;
      let reports: { commandId: string; state: 'succeeded' }[] = [];
      while (running) {
        try {
          const answer = await tower.exchange({ seq: ++seq, version: 'bench', reports });
          const receivedAt = Date.now();
          exchanges++;
          reports = [];
          for (const command of answer.commands) {
            const sent = issued.get(command.id);
            if (sent && sent.receivedAt === undefined) sent.receivedAt = receivedAt;
            reports.push({ commandId: command.id, state: 'succeeded' });
          }
        } catch {
          errors++;
          await sleep(500);
        }
      }
    });
    await sleep(3000);

    // The bench process (the agents, the operator, the pings) shares the 2 cores: its own load and lag.
    const clientLag = monitorEventLoopDelay({ resolution: 10 });
    clientLag.enable();
    const clientCpuBefore = cpuMs(process.pid);
    const cpuBefore = cpuMs(pid);
    const exchangesBefore = exchanges;
    const started = performance.now();
    let peakMb = rssMb(pid);
    const sampler = setInterval(() => (peakMb = Math.max(peakMb, rssMb(pid))), 250);
    const commands = 300;
    const delivered = () => [...issued.values()].filter((c) => c.receivedAt !== undefined).length;
    const issuing = (async () => {
      for (let i = 0; i < commands; i++) {
        const id = `bench-command-${i}`;
        const calledAt = Date.now();
        const command: Issued = { id, calledAt, returnedAt: calledAt, createdAt: calledAt };
        issued.set(id, command);
        const { createdAt } = await operator.call('fleet.command.issue', {
          host: names[(i * 7919) % names.length]!,
          command: { type: 'inventory' },
          id,
        });
        Object.assign(command, { returnedAt: Date.now(), createdAt });
        await sleep(50);
      }
    })();
    const busyPing = latency(await pingLatencies(url, 600));
    await issuing;
    const deadline = Date.now() + 60_000;
    while (delivered() < commands && Date.now() < deadline) await sleep(100);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const cpu = cpuMs(pid) - cpuBefore;
    const clientCpu = cpuMs(process.pid) - clientCpuBefore;
    clientLag.disable();
    const windowExchanges = exchanges - exchangesBefore;

    // The agents only poll: the tower's CPU per message, with nothing else asked of it.
    const quietCpuBefore = cpuMs(pid);
    const quietExchangesBefore = exchanges;
    await sleep(quietSeconds * 1000);
    const quietCpu = cpuMs(pid) - quietCpuBefore;
    const quietExchanges = exchanges - quietExchangesBefore;

    const all = [...issued.values()];
    const stages = await deliveryStages(operator, all);
    const loadAtEnd = loadavg();
    running = false;
    await server.stop();
    await Promise.race([Promise.all(loops), sleep(5000)]);

    return {
      benchmark: 'fleet',
      machine: machine(),
      engine: 'sqlite',
      agents: towers.length,
      longPollSeconds,
      loadAverage: { atStart: loadAtStart.map(round), atEnd: loadAtEnd.map(round) },
      window: { seconds: round(seconds), exchanges: windowExchanges, agentErrors: errors },
      tower: {
        cpuPercentOfOneCore: round((cpu / (seconds * 1000)) * 100),
        rssIdleMb,
        rssPeakWithAgentsMb: peakMb,
        pollingOnly: {
          seconds: quietSeconds,
          exchanges: quietExchanges,
          cpuPercentOfOneCore: round((quietCpu / (quietSeconds * 1000)) * 100),
          cpuMsPerMessage: quietExchanges ? round((quietCpu - idleCpu) / quietExchanges) : null,
        },
        idleWithoutAgents: { seconds: quietSeconds, cpuPercentOfOneCore: round((idleCpu / (quietSeconds * 1000)) * 100) },
      },
      benchProcess: {
        cpuPercentOfOneCore: round((clientCpu / (seconds * 1000)) * 100),
        eventLoopDelayMs: { p99: round(clientLag.percentile(99) / 1e6), max: round(clientLag.max / 1e6) },
      },
      // From the issuing call's start to the agent's receipt (the figure measured before), then by stage.
      delivery: {
        commands,
        delivered: delivered(),
        ...latency(all.flatMap((c) => (c.receivedAt === undefined ? [] : [c.receivedAt - c.calledAt]))),
        goal: 'p99 < 200 ms with long polls',
      },
      deliveryStages: stages,
      baselinePing: { idle: idlePing, withAgentsPolling: busyPing },
    };
  } finally {
    running = false;
    rmSync(dir, { recursive: true, force: true });
  }
}

const rolloutHosts = Number(process.env.ILOT_BENCH_FLEET_ROLLOUT_HOSTS ?? 100);
const rolloutMaxUnavailable = Number(process.env.ILOT_BENCH_FLEET_ROLLOUT_BATCH ?? 10);
/** What a simulated deploy takes on its host (unpack, migrate, restart, health gate), the same for every host. */
const simulatedDeployMs = 500;

/**
 * A rollout over simulated hosts (in this process, each with its own credential, long-polling):
 * a deploy holds its agent `simulatedDeployMs`, then succeeds. Measured: each batch's time from its
 * first delivery to its last report, what the tower adds to the deploy itself, and the tower's CPU.
 * Baselines in the same run: the same deploys issued as plain commands to every host at once (no
 * batches: the tower's cost per deploy without the rollout's bookkeeping), and the tower's CPU with
 * the agents only polling, over a window as long as the rollout.
 */
export async function benchFleetRollout() {
  const dir = mkdtempSync(join(tmpdir(), 'ilot-bench-fleet-rollout-'));
  const { server } = await startBenchServerWithOperator(dir, undefined, undefined, { fleet: { longPollSeconds } });
  const pid = server.child.pid!;
  const url = server.urls.ilot;
  let running = true;
  try {
    const operator = new IlotClient(url);
    await operator.signInOperator(benchOperatorPhrase);
    await operator.call('fleet.app.add', { name: 'ilot', kind: 'ilot' });
    // The agents never fetch the archive: any file with its SHA-256 makes a version of the catalog.
    const archive = join(dir, 'release.tgz');
    writeFileSync(archive, 'a release archive the simulated agents do not fetch');
    const sha256 = createHash('sha256').update(readFileSync(archive)).digest('hex');
    for (const version of ['1.0.0', '1.1.0'])
      await operator.call('fleet.app.addVersion', { app: 'ilot', version, archivePath: archive, sha256 });
    await operator.call('fleet.permission.grant', { operator: 'bench', app: 'ilot', hosts: { label: 'bench' } });
    const names = Array.from({ length: rolloutHosts }, (_, i) => `host-${String(i).padStart(4, '0')}`);
    const towers = await enrolAgents(url, operator, names);

    // Each deploy's delivery and end, by command id.
    const deliveredAt = new Map<string, number>();
    const endedAt = new Map<string, number>();
    let errors = 0;
    const loops = towers.map(async (tower) => {
      let seq = 0;
      let reports: { commandId: string; state: 'succeeded' }[] = [];
      while (running) {
        try {
          const answer = await tower.exchange({ seq: ++seq, version: 'bench', reports });
          reports = [];
          for (const command of answer.commands) {
            if (deliveredAt.has(command.id)) continue;
            deliveredAt.set(command.id, performance.now());
            await sleep(simulatedDeployMs);
            endedAt.set(command.id, performance.now());
            reports.push({ commandId: command.id, state: 'succeeded' });
          }
        } catch {
          errors++;
          await sleep(500);
        }
      }
    });
    await sleep(2000);

    /** Runs `body` and returns its seconds and the tower's CPU over them. */
    const measured = async (body: () => Promise<void>) => {
      const cpuBefore = cpuMs(pid);
      const started = performance.now();
      await body();
      const seconds = (performance.now() - started) / 1000;
      return { seconds: round(seconds), towerCpuPercentOfOneCore: round(((cpuMs(pid) - cpuBefore) / (seconds * 1000)) * 100) };
    };
    const allEnded = async (ids: string[]) => {
      while (!ids.every((id) => endedAt.has(id))) await sleep(50);
    };

    // Baseline: version 1.0.0 to every host as plain commands, all at once.
    const direct = names.map((host, i) => ({ host, id: `direct-${i}` }));
    const baseline = await measured(async () => {
      await inParallel(direct, 16, async ({ host, id }) => {
        await operator.call('fleet.command.issue', { host, id, command: { type: 'deploy', app: 'ilot', version: '1.0.0' } });
      });
      await allEnded(direct.map((c) => c.id));
    });
    const idle = await measured(async () => {
      await sleep(baseline.seconds * 1000);
    });

    // The rollout of 1.1.0, batch after batch.
    let rolloutId = '';
    const rollout = await measured(async () => {
      rolloutId = (
        await operator.call('fleet.rollout.start', { app: 'ilot', version: '1.1.0', label: 'bench', maxUnavailable: rolloutMaxUnavailable })
      ).id;
      for (;;) {
        const state = (await operator.call('fleet.rollout.show', { id: rolloutId })).state;
        if (state !== 'running') {
          if (state !== 'succeeded') throw new Error(`the rollout ended ${state}`);
          break;
        }
        await sleep(100);
      }
    });
    const shown = await operator.call('fleet.rollout.show', { id: rolloutId });
    const batchMs = shown.batches.map((batch) => {
      const ids = batch.hosts.map((h) => h.command.id);
      return Math.max(...ids.map((id) => endedAt.get(id)!)) - Math.min(...ids.map((id) => deliveredAt.get(id)!));
    });
    // Between batches: from a batch's last report to the next one's first delivery (the tower's own step).
    const gapsMs = shown.batches.slice(1).map((batch, i) => {
      const previous = shown.batches[i]!.hosts.map((h) => endedAt.get(h.command.id)!);
      return Math.min(...batch.hosts.map((h) => deliveredAt.get(h.command.id)!)) - Math.max(...previous);
    });
    running = false;
    await server.stop();
    await Promise.race([Promise.all(loops), sleep(5000)]);

    return {
      benchmark: 'fleet-rollout',
      machine: machine(),
      engine: 'sqlite',
      hosts: rolloutHosts,
      maxUnavailable: rolloutMaxUnavailable,
      simulatedDeployMs,
      agentErrors: errors,
      rollout: {
        ...rollout,
        batches: shown.batches.length,
        batchMs: { p50: round(percentile(batchMs, 0.5)), max: round(Math.max(...batchMs)) },
        betweenBatchesMs: gapsMs.length ? { p50: round(percentile(gapsMs, 0.5)), max: round(Math.max(...gapsMs)) } : null,
        floorSeconds: round((shown.batches.length * simulatedDeployMs) / 1000),
      },
      baseline: { directCommandsAllAtOnce: baseline, agentsPollingOnly: idle },
    };
  } finally {
    running = false;
    rmSync(dir, { recursive: true, force: true });
  }
}
