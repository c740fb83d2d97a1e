import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, expect, it } from 'vitest';
import type { Run } from '../support/cli.js';
import { describeEngines, tempDir } from '../support/engines.js';
import { ilotFleet, packReleasesOnce, releaseVersions as versions } from '../support/release.js';
import { waitFor } from '../support/wait.js';

// Deploys of real release archives that stop midway, once the host was switched to the new
// version (a release never ready, so that its deploy waits there): a rollout cancelled, a deploy
// past its timeout, an agent SIGKILLed. Each leaves its host on the version it ran before, and its
// command in a final state, run once.

const work = tempDir();
const releases = packReleasesOnce(work);
const neverReady = { type: 'deploy', app: 'ilot', version: versions.never, migrate: false, readySeconds: 600 } as const;

describeEngines('deploys interrupted midway', (engine) => {
  const fleet = ilotFleet(engine, work, releases);

  /** Waits until a deploy of the never-ready release has switched the host to it. */
  const switchedToNever = (host: string) =>
    waitFor(() => existsSync(join(fleet.node(host).dir, 'current')) && fleet.current(host) === versions.never, {
      what: `${host} switched to ${versions.never}`,
      timeoutMs: 90_000,
      everyMs: 50,
    });

  beforeAll(async () => {
    const rollout = await fleet.alice.call('fleet.rollout.start', {
      app: 'ilot',
      version: versions.b,
      label: 'role=node',
      maxUnavailable: 2,
    });
    expect((await fleet.rolloutEnded(rollout.id)).state).toBe('succeeded');
  }, 150_000);

  it('a rollout cancelled while its deploy waits for readiness puts the host back', async () => {
    const rollout = await fleet.alice.call('fleet.rollout.start', {
      app: 'ilot',
      version: versions.never,
      label: 'role=node',
      readySeconds: 600,
    });
    await switchedToNever('node-1');
    expect((await fleet.alice.call('fleet.rollout.cancel', { id: rollout.id })).state).toBe('cancelled');
    const deploy = await fleet.commandEnded(rollout.batches[0]!.hosts[0]!.command.id);
    expect(deploy).toMatchObject({ state: 'cancelled', error: expect.stringContaining(`rolled back to ${versions.b}, ready again`) });
    expect(fleet.current('node-1')).toBe(versions.b);
    expect(await fleet.serving('node-1')).toBe(versions.b);
    expect((await fleet.alice.call('fleet.rollout.show', { id: rollout.id })).batches[1]!.hosts[0]!.command.state).toBe('cancelled');
  }, 120_000);

  it('a deploy that runs past its timeout once switched puts the host back', async () => {
    const command = await fleet.alice.call('fleet.command.issue', { host: 'node-1', command: neverReady, timeoutSeconds: 15 });
    await switchedToNever('node-1');
    const ended = await fleet.commandEnded(command.id);
    expect(ended).toMatchObject({ state: 'timed_out', error: expect.stringContaining(`rolled back to ${versions.b}, ready again`) });
    expect(fleet.current('node-1')).toBe(versions.b);
    expect(await fleet.serving('node-1')).toBe(versions.b);
  }, 120_000);

  it('an agent SIGKILLed mid-deploy puts its host back when it starts again, and never runs the deploy twice', async () => {
    const command = await fleet.alice.call('fleet.command.issue', { host: 'node-2', command: neverReady, id: `killed-${engine.name}` });
    await switchedToNever('node-2');
    fleet.agent('node-2').child.kill('SIGKILL');
    const killed: Run = await fleet.agent('node-2');
    expect(killed.code).toBe(null);
    // The half-done deploy left a marker: the agent starting again finds it.
    expect(existsSync(join(fleet.node('node-2').dir, 'deploying.json'))).toBe(true);
    fleet.restartAgent('node-2');
    const ended = await fleet.commandEnded(command.id);
    expect(ended).toMatchObject({
      state: 'lost',
      error: expect.stringContaining(`the agent stopped while it ran the command; rolled back to ${versions.b}, ready again`),
    });
    expect(fleet.current('node-2')).toBe(versions.b);
    expect(await fleet.serving('node-2')).toBe(versions.b);
    const journal = new Database(join(fleet.node('node-2').dir, 'journal.db'), { readonly: true });
    expect(journal.prepare('SELECT count(*) AS n, min(state) AS state FROM commands WHERE id = ?').get(command.id)).toEqual({
      n: 1,
      state: 'lost',
    });
    journal.close();
    // Given again, the id is the same ended command: nothing runs.
    const again = await fleet.alice.call('fleet.command.issue', { host: 'node-2', command: neverReady, id: command.id });
    expect(again).toMatchObject({ state: 'lost', endedAt: ended.endedAt });
    expect(fleet.current('node-2')).toBe(versions.b);
  }, 150_000);
});
