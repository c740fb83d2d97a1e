import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { IlotClient } from '../../src/client/client.js';
import { ilot } from '../support/cli.js';
import { describeEngines, tempDir } from '../support/engines.js';
import { fakeRelease, freePort } from '../support/fleet.js';
import { operatorClient, withOperators } from '../support/operators.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { waitFor } from '../support/wait.js';

// Rolling deploys end to end: a real tower, three real `ilot agent` processes with their own
// directories, each deploying a node it runs with the process driver. The releases are stand-in
// packages (test/support/fleet.ts) rather than `npm pack` archives of this checkout.
describeEngines('rolling deploys over three agents', (engine) => {
  let tower: TestServer;
  let alice: IlotClient;
  const work = tempDir();
  const hosts = ['node-1', 'node-2', 'node-3'];
  const nodes = new Map<string, { dir: string; port: number; kill: () => void }>();

  const serving = (host: string) =>
    fetch(`http://127.0.0.1:${nodes.get(host)!.port}/`).then(
      (r) => r.text(),
      () => 'down',
    );
  const rolloutEnded = async (id: string) =>
    (await waitFor(
      async () => {
        const shown = await alice.call('fleet.rollout.show', { id });
        return shown.state === 'running' ? null : shown;
      },
      { what: `rollout ${id} ended`, timeoutMs: 120_000, everyMs: 200 },
    ))!;

  beforeAll(async () => {
    tower = await startTestServer(engine, { ...(await withOperators()), fleet: { longPollSeconds: 5 } });
    alice = await operatorClient(tower.url, 'alice');
    await alice.call('fleet.app.add', { name: 'ilot', kind: 'ilot' });
    for (const [version, mode] of [
      ['1.0.0', 'ok'],
      ['1.1.0', 'ok'],
      ['1.2.0', 'not-ready'],
    ] as const) {
      const { file, sha256 } = fakeRelease(work, version, mode);
      await alice.call('fleet.app.addVersion', { app: 'ilot', version, archivePath: file, sha256 });
    }
    await alice.call('fleet.permission.grant', { operator: 'alice', app: 'ilot', hosts: { label: 'role=node' } });
    for (const host of hosts) {
      const dir = join(work, host);
      mkdirSync(dir, { recursive: true });
      const port = await freePort();
      writeFileSync(join(dir, 'site.json'), JSON.stringify({ listen: { host: '127.0.0.1', port } }));
      const { enrolToken } = await alice.call('fleet.host.add', { name: host, labels: ['role=node'] });
      const run = ilot(['agent', '--tower', tower.url, '--dir', dir], { ILOT_AGENT_TOKEN: enrolToken });
      nodes.set(host, { dir, port, kill: () => run.child.kill('SIGKILL') });
    }
    await waitFor(async () => (await alice.call('fleet.host.list', {})).hosts.every((h) => h.online), {
      what: 'agents online',
      timeoutMs: 60_000,
    });
  }, 120_000);

  afterAll(async () => {
    for (const { dir, kill } of nodes.values()) {
      kill();
      const pid = join(dir, 'apps', 'ilot', 'pid');
      if (existsSync(pid))
        try {
          process.kill(-Number(readFileSync(pid, 'utf8')), 'SIGKILL');
        } catch {
          // Already gone.
        }
    }
    await tower.stop();
  });

  it('deploys batch after batch, migrating once, then rolls to the next version two hosts at a time', async () => {
    const first = await alice.call('fleet.rollout.start', { app: 'ilot', version: '1.0.0', label: 'role=node' });
    expect((await rolloutEnded(first.id)).state).toBe('succeeded');
    for (const host of hosts) expect(await serving(host)).toBe('1.0.0');
    // The first batch migrated; the others only checked.
    expect(hosts.map((h) => existsSync(join(nodes.get(h)!.dir, 'migrations.log')))).toEqual([true, false, false]);

    const second = await alice.call('fleet.rollout.start', { app: 'ilot', version: '1.1.0', label: 'role=node', maxUnavailable: 2 });
    expect(second.batches.map((b) => b.hosts.map((h) => h.host))).toEqual([['node-1', 'node-2'], ['node-3']]);
    expect((await rolloutEnded(second.id)).state).toBe('succeeded');
    for (const host of hosts) expect(await serving(host)).toBe('1.1.0');
  }, 180_000);

  it('a version that never becomes ready rolls its host back and stops the rollout', async () => {
    const rollout = await alice.call('fleet.rollout.start', { app: 'ilot', version: '1.2.0', label: 'role=node', readySeconds: 2 });
    const ended = await rolloutEnded(rollout.id);
    expect(ended.state).toBe('failed');
    expect(ended.reason).toContain('node-1: deploy failed (1.2.0 was not ready within 2 s: rolled back to 1.1.0, ready again)');
    expect(ended.batches.map((b) => b.hosts.map((h) => h.command.state))).toEqual([['failed'], ['cancelled'], ['cancelled']]);
    for (const host of hosts) expect(await serving(host)).toBe('1.1.0');
  }, 120_000);
});
