import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { IlotClient } from '../../src/client/client.js';
import type { OutputOf } from '../../src/shared/operations/index.js';
import { endStates } from '../../src/tower/commands.js';
import { ilot } from './cli.js';
import type { TestEngine } from './engines.js';
import { freePort } from './fleet.js';
import { openNamespace, type Namespace } from './netns.js';
import { operatorClient, withOperatorsUnthrottled } from './operators.js';
import { startTestServer, type TestServer } from './server.js';
import { waitFor } from './wait.js';
import { compileDist, packRelease, releaseVersions, type Release } from './release-archives.js';

export { addedMigration, releaseVersions, type Release } from './release-archives.js';

/**
 * Packs, once per test file, A and B (both good) and a release that is never ready; with
 * `migrating`, B with a migration of its own too.
 */
export function packReleasesOnce(work: string, { migrating = false } = {}): Release[] {
  const releases: Release[] = [];
  beforeAll(async () => {
    const dist = await compileDist(work);
    releases.push(packRelease(work, dist, releaseVersions.a), packRelease(work, dist, releaseVersions.b));
    releases.push(packRelease(work, dist, releaseVersions.never, { neverReady: true }));
    if (migrating) releases.push(packRelease(work, dist, releaseVersions.migrating, { migrating: true }));
  }, 120_000);
  afterAll(() => {
    for (const entry of readdirSync(work))
      if (entry === 'dist' || entry.startsWith('stage-')) rmSync(join(work, entry), { recursive: true, force: true });
  }, 120_000);
  return releases;
}

export interface FleetOptions {
  /** How many hosts (2 unless said). */
  hosts?: number;
  /** Each agent, with its node, in a network namespace of its own (see netns.ts). */
  netns?: boolean;
  /** One database for every node, made once (a URL), rather than a SQLite site each. */
  sharedDatabase?: () => Promise<string>;
}

export interface IlotFleet {
  tower: TestServer;
  alice: IlotClient;
  hosts: string[];
  /**
   * The host's directory, its node's URL for the test, the port its node listens on (in its
   * namespace, if any) and its namespace.
   */
  node(host: string): { dir: string; url: string; port: number; namespace: Namespace | null };
  agent(host: string): ReturnType<typeof ilot>;
  /** The pid of the host's node, as its agent wrote it, or null before its first start. */
  nodePid(host: string): number | null;
  /** Starts the host's agent again (enrolled: no token needed). */
  restartAgent(host: string): void;
  /** The version the node's server says it is, or `down`. */
  serving(host: string): Promise<string>;
  /** The version `current` points to. */
  current(host: string): string;
  rolloutEnded(id: string): Promise<OutputOf<'fleet.rollout.show'>>;
  commandEnded(id: string): Promise<OutputOf<'fleet.command.show'>>;
}

/**
 * A tower (a real site on the engine) with the releases in its catalog and hosts labelled
 * `role=node`, each with a real `ilot agent` process in its own directory, whose Ilot node has its
 * own SQLite site there, or the shared database (the test's operators, light key derivation,
 * listening on a free port).
 */
export function ilotFleet(engine: TestEngine, work: string, releases: Release[], options: FleetOptions = {}): IlotFleet {
  const nodes = new Map<string, ReturnType<IlotFleet['node']> & { agent: ReturnType<typeof ilot> }>();
  const namespaces: Namespace[] = [];
  const startAgent = (dir: string, namespace: Namespace | null, env: Record<string, string> = {}) =>
    ilot(['agent', '--tower', fleet.tower.url, '--dir', dir], env, undefined, undefined, namespace?.within);
  const fleet: IlotFleet = {
    tower: null!,
    alice: null!,
    hosts: Array.from({ length: options.hosts ?? 2 }, (_, i) => `node-${i + 1}`),
    node: (host) => nodes.get(host)!,
    agent: (host) => nodes.get(host)!.agent,
    nodePid(host) {
      const file = join(nodes.get(host)!.dir, 'apps', 'ilot', 'pid');
      return existsSync(file) ? Number(readFileSync(file, 'utf8')) : null;
    },
    restartAgent(host) {
      const node = nodes.get(host)!;
      node.agent = startAgent(node.dir, node.namespace);
    },
    serving: (host) =>
      fetch(`${nodes.get(host)!.url}/api/ops/ping`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then(
        async (r) => (r.ok ? ((await r.json()) as { version: string }).version : `HTTP ${r.status}`),
        () => 'down',
      ),
    current: (host) => basename(readlinkSync(join(nodes.get(host)!.dir, 'current'))),
    rolloutEnded: async (id) =>
      (await waitFor(
        async () => {
          const shown = await fleet.alice.call('fleet.rollout.show', { id });
          return shown.state === 'running' ? null : shown;
        },
        { what: `rollout ${id} ended`, timeoutMs: 150_000, everyMs: 200 },
      ))!,
    commandEnded: async (id) =>
      (await waitFor(
        async () => {
          const shown = await fleet.alice.call('fleet.command.show', { id });
          return endStates.includes(shown.state) ? shown : null;
        },
        { what: `command ${id} ended`, timeoutMs: 150_000, everyMs: 200 },
      ))!,
  };

  beforeAll(async () => {
    const values = await withOperatorsUnthrottled();
    // A rollback on a busy machine can outlast the default minute the tower waits past a timeout:
    // its report, not the reaper, must end the command these tests look at.
    fleet.tower = await startTestServer(engine, { ...values, fleet: { longPollSeconds: 5, offlineAfterSeconds: 600 } });
    fleet.alice = await operatorClient(fleet.tower.url, 'alice');
    await fleet.alice.call('fleet.app.add', { name: 'ilot', kind: 'ilot' });
    for (const { version, file, sha256 } of releases)
      await fleet.alice.call('fleet.app.addVersion', { app: 'ilot', version, archivePath: file, sha256 });
    await fleet.alice.call('fleet.permission.grant', { operator: 'alice', app: 'ilot', hosts: { label: 'role=node' } });
    const shared = await options.sharedDatabase?.();
    // From a namespace, the tower and a shared PostgreSQL are reached at their ports of its 127.0.0.1.
    const reach: { port: number; host?: string }[] = [{ port: Number(new URL(fleet.tower.url).port) }];
    let database = shared;
    if (shared?.startsWith('postgres') && options.netns) {
      const url = new URL(shared);
      reach.push({ port: Number(url.port || 5432), host: url.hostname });
      url.hostname = '127.0.0.1';
      database = url.toString();
    }
    for (const host of fleet.hosts) {
      const dir = join(work, engine.name, host);
      mkdirSync(dir, { recursive: true });
      const port = await freePort();
      // In a namespace, the node's port is reached from the test through a port of its own.
      const outside = options.netns ? await freePort() : port;
      const namespace = options.netns
        ? await openNamespace(`ilot-${process.pid}-${engine.name}-${host}`, dir, {
            reach,
            expose: [{ inside: port, outside }],
          })
        : null;
      if (namespace) namespaces.push(namespace);
      const site = {
        ...values,
        listen: { host: '127.0.0.1', port },
        database: { url: database ?? `sqlite:${join(dir, 'ilot.db')}` },
        files: { dir: join(dir, 'files') },
      };
      writeFileSync(join(dir, 'site.json'), JSON.stringify(site));
      const { enrolToken } = await fleet.alice.call('fleet.host.add', { name: host, labels: ['role=node'] });
      const agent = startAgent(dir, namespace, { ILOT_AGENT_TOKEN: enrolToken });
      nodes.set(host, { dir, url: `http://127.0.0.1:${outside}`, port, namespace, agent });
    }
    await waitFor(async () => (await fleet.alice.call('fleet.host.list', {})).hosts.every((h) => h.online), {
      what: 'agents online',
      timeoutMs: 60_000,
    });
  }, 120_000);

  afterAll(async () => {
    for (const [host, { agent }] of nodes) {
      agent.child.kill('SIGKILL');
      const pid = fleet.nodePid(host);
      if (pid !== null)
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
    }
    for (const namespace of namespaces) namespace.close();
    await fleet.tower.stop();
    // Thousands of files (a version unpacked per host): removed here, with time, rather than in the
    // file's shared clean-up, which a busy machine makes overrun its 30 s.
    rmSync(join(work, engine.name), { recursive: true, force: true });
  }, 120_000);
  return fleet;
}
