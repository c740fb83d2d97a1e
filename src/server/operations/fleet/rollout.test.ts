import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeEngines, tempDir } from '../../../../test/support/engines.js';
import { operatedSite } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';
import { ManualAgent, openOrganization, refusedWith } from '../../../../test/support/fleet.js';

// The tower's side of rolling deploys, with agents speaking the protocol by hand: batches wait for
// the previous one, a failed host stops the rollout, the migration is asked of the first batch only.
describeEngines('fleet.rollout.start, show and cancel', (engine) => {
  const site = operatedSite(engine, { tasks: { enabled: false }, fleet: { longPollSeconds: 0 } });
  const agents = new Map<string, ManualAgent>();
  const releases = new Map<string, string>();

  beforeAll(async () => {
    await openOrganization(site.server, 12, 'acme');
    await site.alice.call('fleet.app.add', { name: 'ilot', kind: 'ilot' });
    for (const version of ['1.0.0', '1.1.0', '1.2.0']) {
      const archive = join(tempDir(), `ilot-${version}.tgz`);
      writeFileSync(archive, `release ${version}`);
      releases.set(version, `release ${version}`);
      const sha256 = createHash('sha256').update(`release ${version}`).digest('hex');
      await site.alice.call('fleet.app.addVersion', { app: 'ilot', version, archivePath: archive, sha256 });
    }
    for (const name of ['node-1', 'node-2', 'node-3']) {
      const { enrolToken } = await site.alice.call('fleet.host.add', { name, labels: ['role=node'] });
      const agent = await ManualAgent.enrol(site.server.url, enrolToken);
      await agent.exchangeNow();
      agents.set(name, agent);
    }
    await site.alice.call('fleet.host.add', { name: 'acme-node', labels: ['role=node'], orgCode: 'acme' });
    await site.alice.call('fleet.host.add', { name: 'lonely', labels: ['role=lonely'] });
    await site.alice.call('fleet.permission.grant', { operator: 'alice', app: 'ilot', hosts: { label: 'role=node' } });
  });

  const agent = (name: string) => agents.get(name)!;
  const states = async (id: string) =>
    (await site.alice.call('fleet.rollout.show', { id })).batches.map((b) =>
      b.hosts.map((h) => [h.host, h.command.state, h.command.waitingFor]),
    );

  it('deploys batch after batch, the first one migrating; later batches wait for the previous one', async () => {
    const rollout = await site.alice.call('fleet.rollout.start', { app: 'ilot', version: '1.0.0', label: 'role=node', maxUnavailable: 2 });
    expect(rollout).toMatchObject({ state: 'running', currentBatch: 1, maxUnavailable: 2, owner: null });
    // The organization's host of the same label is not the provider's: it is not in the rollout.
    expect(await states(rollout.id)).toEqual([
      [
        ['node-1', 'pending', null],
        ['node-2', 'pending', null],
      ],
      [['node-3', 'pending', 'previous_batch']],
    ]);
    expect((await agent('node-3').exchange()).commands).toEqual([]);
    const [first] = (await agent('node-1').exchange()).commands;
    expect(first).toMatchObject({ spec: { type: 'deploy', version: '1.0.0', migrate: true }, release: { version: '1.0.0' } });
    // The archive is given to the agent that holds the deploy, and to no other.
    const archive = await agent('node-1').tower.release(first!.id, AbortSignal.timeout(10_000));
    expect(archive.toString()).toBe(releases.get('1.0.0'));
    expect(await refusedWith(agent('node-3').tower.release(first!.id, AbortSignal.timeout(10_000)))).toBe('AGENT_COMMAND_UNKNOWN');
    const [second] = (await agent('node-2').exchange()).commands;
    await agent('node-1').exchange([{ commandId: first!.id, state: 'succeeded', output: 'ready' }]);
    expect((await site.alice.call('fleet.rollout.show', { id: rollout.id })).currentBatch).toBe(1);
    expect((await site.alice.call('fleet.command.show', { id: `${rollout.id}-3` })).waitingFor).toBe('previous_batch');
    await agent('node-2').exchange([{ commandId: second!.id, state: 'succeeded' }]);
    expect((await site.alice.call('fleet.rollout.show', { id: rollout.id })).currentBatch).toBe(2);
    const [third] = (await agent('node-3').exchange()).commands;
    expect(third).toMatchObject({ spec: { type: 'deploy', version: '1.0.0', migrate: false } });
    await agent('node-3').exchange([{ commandId: third!.id, state: 'succeeded' }]);
    expect(await site.alice.call('fleet.rollout.show', { id: rollout.id })).toMatchObject({ state: 'succeeded', reason: null });
  });

  it('a failed host stops the rollout: the remaining deploys are cancelled with the reason', async () => {
    const rollout = await site.alice.call('fleet.rollout.start', { app: 'ilot', version: '1.1.0', label: 'role=node' });
    expect(rollout.batches.map((b) => b.hosts.map((h) => h.host))).toEqual([['node-1'], ['node-2'], ['node-3']]);
    expect((await refusal(site.alice.call('fleet.rollout.start', { app: 'ilot', version: '1.2.0', label: 'role=node' }))).code).toBe(
      'FLEET_ROLLOUT_BUSY',
    );
    const [deploy] = (await agent('node-1').exchange()).commands;
    await agent('node-1').exchange([
      { commandId: deploy!.id, state: 'failed', error: '1.1.0 was not ready within 60 s: rolled back to 1.0.0, ready again' },
    ]);
    const shown = await site.alice.call('fleet.rollout.show', { id: rollout.id });
    expect(shown.state).toBe('failed');
    expect(shown.reason).toContain('node-1: deploy failed (1.1.0 was not ready');
    expect(await states(rollout.id)).toEqual([
      [['node-1', 'failed', null]],
      [['node-2', 'cancelled', null]],
      [['node-3', 'cancelled', null]],
    ]);
    expect(shown.batches[1]!.hosts[0]!.command.error).toContain('the rollout stopped: node-1');
    expect((await agent('node-2').exchange()).commands).toEqual([]);
  });

  it('cancels a running rollout once, its running deploy too; refuses what would deploy nothing or what the operator may not command', async () => {
    const rollout = await site.alice.call('fleet.rollout.start', { app: 'ilot', version: '1.2.0', label: 'role=node' });
    const [deploy] = (await agent('node-1').exchange()).commands;
    const cancelled = await site.alice.call('fleet.rollout.cancel', { id: rollout.id });
    expect(cancelled).toMatchObject({ state: 'cancelled', reason: 'cancelled by alice' });
    expect(cancelled.batches.flatMap((b) => b.hosts.map((h) => [h.command.state, h.command.cancelRequested]))).toEqual([
      ['delivered', true],
      ['cancelled', false],
      ['cancelled', false],
    ]);
    // The agent holding the deploy is told to stop it (it puts its host back), and confirms.
    expect((await agent('node-1').exchange()).cancel).toEqual([deploy!.id]);
    await agent('node-1').exchange([{ commandId: deploy!.id, state: 'cancelled', error: 'cancelled by the tower: rolled back to 1.0.0' }]);
    expect((await site.alice.call('fleet.command.show', { id: deploy!.id })).state).toBe('cancelled');
    expect((await refusal(site.alice.call('fleet.rollout.cancel', { id: rollout.id }))).code).toBe('FLEET_ROLLOUT_ENDED');
    expect((await refusal(site.alice.call('fleet.rollout.show', { id: 'nosuchrollout' }))).code).toBe('FLEET_ROLLOUT_NOT_FOUND');
    expect((await refusal(site.alice.call('fleet.rollout.start', { app: 'ilot', version: '9.9.9', label: 'role=node' }))).code).toBe(
      'FLEET_VERSION_UNKNOWN',
    );
    expect((await refusal(site.alice.call('fleet.rollout.start', { app: 'ilot', version: '1.2.0', label: 'role=none' }))).code).toBe(
      'FLEET_ROLLOUT_NO_HOSTS',
    );
    expect((await refusal(site.alice.call('fleet.rollout.start', { app: 'ilot', version: '1.2.0', label: 'role=lonely' }))).code).toBe(
      'FLEET_COMMAND_FORBIDDEN',
    );
    expect(
      (await refusal(site.alice.call('fleet.rollout.start', { app: 'ilot', version: '1.2.0', label: 'role=node', orgCode: 'acme' }))).code,
    ).toBe('FLEET_COMMAND_FORBIDDEN');
    expect(
      (await refusal(site.alice.call('fleet.rollout.start', { app: 'ilot', version: '1.2.0', label: 'role=node', maxUnavailable: 0 })))
        .code,
    ).toBe('VALIDATION_FAILED');
  });

  it('lists the rollouts newest first; each host runs what its last successful deploy left (a failed or cancelled one does not count)', async () => {
    const { rollouts } = await site.alice.call('fleet.rollout.list', {});
    expect(rollouts.map((r) => [r.version, r.state, r.batchCount])).toEqual([
      ['1.2.0', 'cancelled', 3],
      ['1.1.0', 'failed', 3],
      ['1.0.0', 'succeeded', 2],
    ]);
    expect((await site.alice.call('fleet.rollout.list', { limit: 1 })).rollouts.map((r) => r.version)).toEqual(['1.2.0']);
    const { hosts } = await site.alice.call('fleet.host.list', {});
    expect(hosts.map((h) => [h.name, h.deployed.map((d) => `${d.app}@${d.version}`)])).toEqual([
      ['acme-node', []],
      ['lonely', []],
      ['node-1', ['ilot@1.0.0']],
      ['node-2', ['ilot@1.0.0']],
      ['node-3', ['ilot@1.0.0']],
    ]);
    expect((await site.alice.call('fleet.host.show', { name: 'node-1' })).host.deployed).toEqual(hosts[2]!.deployed);
    expect((await refusal(site.alice.call('fleet.rollout.list', { limit: 0 }))).code).toBe('VALIDATION_FAILED');
  });
});
