// A rolling deploy over 3 real agents: the tower (a bench server) rolls Ilot from A to B over
// three `ilot agent` processes, each running a real Ilot node (its own directory and SQLite site)
// from release archives packed from this checkout (test/support/release-archives.ts). Measured:
// the rollout's total time, and the longest unavailability of any node, as a prober that asks each
// node's `/health/ready` every 50 ms sees it. Baseline in the same run: a bare restart of each
// node (the `restart` command, no unpack, no switch), with the same prober.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IlotClient } from '../src/client/index.js';
import { freePort } from '../test/support/fleet.js';
import { packRelease, releaseVersions } from '../test/support/release-archives.js';
import { benchArgon2, benchOperatorPhrase, machine, round, sleep, startBenchServerWithOperator } from './support.js';

const hostCount = 3;
const probeEveryMs = 50;
const root = new URL('..', import.meta.url).pathname;

/** Asks a node's readiness every `probeEveryMs`; keeps its outages (from the first failed probe to the next good one). */
function probe(url: string) {
  const outages: { from: number; to: number }[] = [];
  let down: number | null = null;
  let lastUpAt = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const at = performance.now();
      const ok = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(1000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (!ok && down === null) down = at;
      if (ok) {
        lastUpAt = performance.now();
        if (down !== null) outages.push({ from: down, to: lastUpAt });
        down = null;
      }
      await sleep(probeEveryMs);
    }
  })();
  return {
    /** The longest outage that began at or after `since`, in ms (0 when none). */
    longestSince: (since: number) => Math.max(0, ...outages.filter((o) => o.from >= since).map((o) => o.to - o.from)),
    /** Resolves once a probe started after `at` found the node ready (its outage before then is kept). */
    upAfter: async (at: number) => {
      while (lastUpAt <= at + probeEveryMs) await sleep(probeEveryMs);
    },
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

export async function benchFleetRealRollout() {
  const dir = mkdtempSync(join(tmpdir(), 'ilot-bench-fleet-real-'));
  const { server } = await startBenchServerWithOperator(dir, undefined, undefined, { fleet: { longPollSeconds: 5 } });
  const agents: ChildProcess[] = [];
  const nodePids: string[] = [];
  try {
    const operator = new IlotClient(server.urls.ilot);
    await operator.signInOperator(benchOperatorPhrase);
    await operator.call('fleet.app.add', { name: 'ilot', kind: 'ilot' });
    // dist/ is `npm run build`'s (the bench builds first).
    for (const version of [releaseVersions.a, releaseVersions.b]) {
      const { file, sha256 } = packRelease(dir, join(root, 'dist'), version);
      await operator.call('fleet.app.addVersion', { app: 'ilot', version, archivePath: file, sha256 });
    }
    await operator.call('fleet.permission.grant', { operator: 'bench', app: 'ilot', hosts: { label: 'role=node' } });

    const hosts = Array.from({ length: hostCount }, (_, i) => `node-${i + 1}`);
    const urls: string[] = [];
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ILOT_')));
    for (const host of hosts) {
      const hostDir = join(dir, host);
      mkdirSync(hostDir);
      const port = await freePort();
      const site = {
        listen: { host: '127.0.0.1', port },
        database: { url: `sqlite:${join(hostDir, 'ilot.db')}` },
        files: { dir: join(hostDir, 'files') },
        crypto: { argon2: benchArgon2 },
      };
      writeFileSync(join(hostDir, 'site.json'), JSON.stringify(site));
      const { enrolToken } = await operator.call('fleet.host.add', { name: host, labels: ['role=node'] });
      agents.push(
        spawn(process.execPath, [join(root, 'bin', 'ilot.js'), 'agent', '--tower', server.urls.ilot, '--dir', hostDir], {
          env: { ...clean, ILOT_AGENT_TOKEN: enrolToken },
          stdio: 'ignore',
        }),
      );
      nodePids.push(join(hostDir, 'apps', 'ilot', 'pid'));
      urls.push(`http://127.0.0.1:${port}`);
    }
    while (!(await operator.call('fleet.host.list', {})).hosts.every((h) => h.online)) await sleep(200);

    const rolledOut = async (version: string, maxUnavailable: number) => {
      const { id } = await operator.call('fleet.rollout.start', { app: 'ilot', version, label: 'role=node', maxUnavailable });
      for (;;) {
        const shown = await operator.call('fleet.rollout.show', { id });
        if (shown.state !== 'running') {
          if (shown.state !== 'succeeded') throw new Error(`the rollout to ${version} ended ${shown.state}: ${shown.reason}`);
          return;
        }
        await sleep(100);
      }
    };
    await rolledOut(releaseVersions.a, hostCount);
    const probes = urls.map(probe);

    // Baseline: each node restarted in turn, waiting until it is ready again.
    const restarts: { seconds: number; unavailableMs: number }[] = [];
    for (const [i, host] of hosts.entries()) {
      const started = performance.now();
      const { id } = await operator.call('fleet.command.issue', { host, command: { type: 'restart', app: 'ilot' } });
      while ((await operator.call('fleet.command.show', { id })).state !== 'succeeded') await sleep(100);
      await probes[i]!.upAfter(performance.now());
      restarts.push({ seconds: round((performance.now() - started) / 1000), unavailableMs: round(probes[i]!.longestSince(started)) });
    }

    const started = performance.now();
    await rolledOut(releaseVersions.b, 1);
    const seconds = (performance.now() - started) / 1000;
    await Promise.all(probes.map((p) => p.upAfter(performance.now())));
    const unavailableMs = probes.map((p) => round(p.longestSince(started)));
    await Promise.all(probes.map((p) => p.stop()));

    const restartSeconds = restarts.reduce((sum, r) => sum + r.seconds, 0);
    const restartUnavailableMs = Math.max(...restarts.map((r) => r.unavailableMs));
    return {
      benchmark: 'fleet-real-rollout',
      machine: machine(),
      loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
      hosts: hostCount,
      rollout: {
        seconds: round(seconds),
        maxUnavailable: 1,
        longestUnavailableMs: Math.max(...unavailableMs),
        unavailableMsByNode: unavailableMs,
      },
      baseline: { bareRestarts: restarts, restartsInTurnSeconds: round(restartSeconds), longestUnavailableMs: restartUnavailableMs },
      ratios: {
        rolloutToRestartsInTurn: round(seconds / restartSeconds),
        unavailabilityToBareRestart: round(Math.max(...unavailableMs) / restartUnavailableMs),
      },
    };
  } finally {
    for (const agent of agents) agent.kill('SIGKILL');
    for (const file of nodePids)
      try {
        process.kill(-Number(readFileSync(file, 'utf8')), 'SIGKILL');
      } catch {
        // Never started, or gone.
      }
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
