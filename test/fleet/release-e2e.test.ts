import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { IlotClient } from '../../src/client/client.js';
import { MemoryStore } from '../../src/client/local-store.js';
import { catchUp, createNote, readNotes } from '../../src/client/notes.js';
import { describePostgres, sqliteEngine, tempDir } from '../support/engines.js';
import { spaceWithTreasurer, type Member } from '../support/members.js';
import { addressesIn, netnsOf, netnsUnavailable } from '../support/netns.js';
import { addedMigration, ilotFleet, packReleasesOnce, releaseVersions as versions, type IlotFleet } from '../support/release.js';
import { waitFor } from '../support/wait.js';

// Ilot deployed by its own fleet, for real: release archives made by `npm pack` of this checkout
// (test/support/release.ts), registered in a real tower and rolled out by three real `ilot agent`
// processes, each running a real Ilot node with the process driver, in a network namespace of its
// own with loopback addresses only where this machine lets the test make one (root), while members
// write notes through the SDK to each node. First each node on its own SQLite site (the tower's
// rollouts run on both engines in rollout.test.ts); then two nodes sharing one PostgreSQL database.

const work = tempDir();
const releases = packReleasesOnce(work, { migrating: true });
const netnsMissing = netnsUnavailable();

/** The notes of a member, as its node (or any node on its database) has them. */
async function notesOf(client: IlotClient): Promise<Set<string>> {
  const store = new MemoryStore();
  await catchUp(client, store);
  return new Set((await readNotes(client, store)).map((n) => n.text));
}

interface Writer {
  member: Member;
  acknowledged: string[];
  refused: number;
}

/**
 * A member per node writes notes one after the other until `stop`; a write refused (its node
 * restarting) is tried again once its node answers.
 */
async function writeToEveryNode(fleet: IlotFleet) {
  let writing = true;
  const writers = new Map<string, Writer>();
  for (const host of fleet.hosts)
    writers.set(host, { member: await spaceWithTreasurer(fleet.node(host).url), acknowledged: [], refused: 0 });
  const loops = [...writers.values()].map(async (writer) => {
    const avatar = writer.member.client.member.avatars[0]!.id;
    for (let n = 0; writing; n++) {
      const text = `note ${n}`;
      try {
        await createNote(writer.member.client, avatar, { text, hashtags: [] });
        writer.acknowledged.push(text);
      } catch {
        writer.refused++;
        await waitFor(
          async () =>
            !writing ||
            (await fetch(`${writer.member.client.url}/health/ready`).then(
              (r) => r.ok,
              () => false,
            )),
          { what: 'the node ready again', timeoutMs: 120_000 },
        );
      }
    }
  });
  await waitFor(() => [...writers.values()].every((w) => w.acknowledged.length >= 3), { what: 'notes written', timeoutMs: 30_000 });
  return {
    writers,
    /** Waits until every node took `more` writes beyond what it had, then stops writing. */
    async stopAfter(more: number, since: Map<string, number>) {
      await waitFor(() => fleet.hosts.every((host) => writers.get(host)!.acknowledged.length > since.get(host)! + more), {
        what: 'notes written after the rollout',
      });
      writing = false;
      await Promise.all(loops);
    },
    written: () => new Map([...writers].map(([host, w]) => [host, w.acknowledged.length])),
  };
}

describe('real release archives rolled out over three agents', () => {
  const fleet = ilotFleet(sqliteEngine, work, releases, { hosts: 3, netns: !netnsMissing });
  const { hosts } = fleet;

  it('deploys A, then rolls to B while a member writes notes to every node: no acknowledged note is lost', async () => {
    // A first deploy, on every host at once: no one uses the nodes yet.
    const first = await fleet.alice.call('fleet.rollout.start', {
      app: 'ilot',
      version: versions.a,
      label: 'role=node',
      maxUnavailable: 3,
    });
    expect(await fleet.rolloutEnded(first.id)).toMatchObject({ state: 'succeeded', reason: null });
    for (const host of hosts) expect(await fleet.serving(host)).toBe(versions.a);

    const writing = await writeToEveryNode(fleet);
    const before = writing.written();
    const second = await fleet.alice.call('fleet.rollout.start', { app: 'ilot', version: versions.b, label: 'role=node' });
    expect(await fleet.rolloutEnded(second.id)).toMatchObject({ state: 'succeeded', reason: null });
    // Each node takes writes again after its restart.
    await writing.stopAfter(3, before);

    for (const host of hosts) {
      expect(await fleet.serving(host)).toBe(versions.b);
      expect(fleet.current(host)).toBe(versions.b);
      const { member, acknowledged, refused } = writing.writers.get(host)!;
      // Its restart refused some writes: the node was really replaced.
      expect(refused).toBeGreaterThan(0);
      const stored = await notesOf(member.client);
      expect(acknowledged.filter((text) => !stored.has(text))).toEqual([]);
    }
  }, 300_000);

  it.skipIf(netnsMissing)(
    `each agent and its node run in a network namespace of their own, with loopback addresses only${netnsMissing ? ` (skipped: ${netnsMissing}; the agents run as plain processes)` : ''}`,
    async () => {
      const seen = new Set([netnsOf('self')]);
      for (const host of hosts) {
        const { namespace, port } = fleet.node(host);
        expect(addressesIn(namespace!.name)).toEqual(['lo 127.0.0.1/8', 'lo ::1/128']);
        const agent = netnsOf(fleet.agent(host).child.pid!);
        seen.add(agent);
        expect(netnsOf(fleet.nodePid(host)!)).toBe(agent);
        // What the node listens on is in its namespace only.
        await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
      }
      expect(seen.size).toBe(hosts.length + 1);
    },
  );

  it('a release that never becomes ready rolls its host back to B and stops the rollout', async () => {
    const rollout = await fleet.alice.call('fleet.rollout.start', {
      app: 'ilot',
      version: versions.never,
      label: 'role=node',
      readySeconds: 3,
    });
    const ended = await fleet.rolloutEnded(rollout.id);
    expect(ended.state).toBe('failed');
    expect(ended.reason).toContain(
      `node-1: deploy failed (${versions.never} was not ready within 3 s: rolled back to ${versions.b}, ready again)`,
    );
    expect(ended.batches.map((b) => b.hosts.map((h) => h.command.state))).toEqual([['failed'], ['cancelled'], ['cancelled']]);
    for (const host of hosts) expect(await fleet.serving(host)).toBe(versions.b);
  }, 150_000);
});

describePostgres('two nodes on one database, rolled out', (engine) => {
  let database = '';
  const fleet = ilotFleet(engine, work, releases, {
    netns: !netnsMissing,
    sharedDatabase: async () => (database = await engine.freshUrl()),
  });
  const { hosts } = fleet;

  it('rolls A, then B with a migration: migrated once, by the first batch, while both nodes serve and no acknowledged note is lost', async () => {
    // Both nodes at once: their migrations to A meet on the database, under its lock.
    const first = await fleet.alice.call('fleet.rollout.start', {
      app: 'ilot',
      version: versions.a,
      label: 'role=node',
      maxUnavailable: 2,
    });
    expect(await fleet.rolloutEnded(first.id)).toMatchObject({ state: 'succeeded', reason: null });

    const writing = await writeToEveryNode(fleet);
    const before = writing.written();
    const second = await fleet.alice.call('fleet.rollout.start', { app: 'ilot', version: versions.migrating, label: 'role=node' });
    const ended = await fleet.rolloutEnded(second.id);
    expect(ended.state).toBe('succeeded');
    // The first batch migrated; the second only checked that its version runs on the database.
    expect(ended.batches.map((b) => b.hosts.map((h) => h.command.spec.type === 'deploy' && h.command.spec.migrate))).toEqual([
      [true],
      [false],
    ]);
    await writing.stopAfter(3, before);

    const db = new pg.Client({ connectionString: database });
    await db.connect();
    try {
      const { rows } = await db.query<{ name: string }>('select name from ilot_migrations where name = $1', [addedMigration]);
      expect(rows).toHaveLength(1);
      expect((await db.query('select * from test_release')).rowCount).toBe(0);
    } finally {
      await db.end();
    }
    for (const [index, host] of hosts.entries()) {
      expect(await fleet.serving(host)).toBe(versions.migrating);
      // Both nodes serve the one database: each member's notes, read through the other node.
      const { member, acknowledged, refused } = writing.writers.get(host)!;
      expect(refused).toBeGreaterThan(0);
      const other = new IlotClient(fleet.node(hosts[1 - index]!).url);
      await other.signIn(member.orgCode, member.passphrase);
      const stored = await notesOf(other);
      expect(acknowledged.filter((text) => !stored.has(text))).toEqual([]);
    }

    // Back to B, which the migrated database is too new for: the first host refuses it before
    // anything changes, the rollout stops, and both nodes still serve the migrated release.
    const back = await fleet.alice.call('fleet.rollout.start', { app: 'ilot', version: versions.b, label: 'role=node' });
    const refused = await fleet.rolloutEnded(back.id);
    expect(refused.state).toBe('failed');
    expect(refused.batches[0]!.hosts[0]!.command).toMatchObject({
      state: 'failed',
      error: expect.stringContaining(`${versions.b} cannot run on this database`),
    });
    expect(refused.batches[1]!.hosts[0]!.command.state).toBe('cancelled');
    for (const host of hosts) {
      expect(fleet.current(host)).toBe(versions.migrating);
      expect(await fleet.serving(host)).toBe(versions.migrating);
    }
  }, 300_000);
});
