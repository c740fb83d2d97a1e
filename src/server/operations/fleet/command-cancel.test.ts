import { beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatedSite } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';
import { ManualAgent } from '../../../../test/support/fleet.js';
import { reapCommands } from '../../../tower/commands.js';

describeEngines('fleet.command.cancel and the reaper', (engine) => {
  const site = operatedSite(engine, { tasks: { enabled: false }, fleet: { longPollSeconds: 0, offlineAfterSeconds: 60 } });
  let agent: ManualAgent;

  beforeAll(async () => {
    await site.alice.call('fleet.app.add', { name: 'clock', kind: 'process', command: ['node', 'clock.js'] });
    await site.alice.call('fleet.permission.grant', { operator: 'alice', app: 'clock', hosts: { label: 'all' } });
    agent = await ManualAgent.enrol(
      site.server.url,
      (await site.alice.call('fleet.host.add', { name: 'c-1', labels: ['all'] })).enrolToken,
    );
  });

  const issue = (extra: object = {}) =>
    site.alice.call('fleet.command.issue', { host: 'c-1', command: { type: 'stop', app: 'clock' }, ...extra });
  const show = (id: string) => site.alice.call('fleet.command.show', { id });
  const reap = (at: number) => site.server.store.transaction((tx) => reapCommands(tx, at, 60_000));

  it('cancels a pending command at once, and a held one through the agent', async () => {
    const pending = await issue({ expiresInSeconds: 3600 });
    const held = await issue();
    expect((await site.alice.call('fleet.command.cancel', { id: held.id })).state).toBe('cancelled');
    expect((await refusal(site.alice.call('fleet.command.cancel', { id: held.id }))).code).toBe('FLEET_COMMAND_ENDED');
    await agent.exchange();
    await agent.exchange([{ commandId: pending.id, state: 'running' }]);
    const asked = await site.alice.call('fleet.command.cancel', { id: pending.id, graceSeconds: 5 });
    expect(asked).toMatchObject({ state: 'running', cancelRequested: true });
    expect((await agent.exchange()).cancel).toEqual([pending.id]);
    await agent.exchange([{ commandId: pending.id, state: 'cancelled' }]);
    expect((await show(pending.id)).state).toBe('cancelled');
  });

  it('ends an unconfirmed cancellation, an overrun, an expired and a lost command', async () => {
    const unconfirmed = await issue();
    await agent.exchange();
    await agent.exchange([{ commandId: unconfirmed.id, state: 'running' }]);
    await site.alice.call('fleet.command.cancel', { id: unconfirmed.id, graceSeconds: 1 });
    await reap(Date.now() + 2_000);
    expect(await show(unconfirmed.id)).toMatchObject({ state: 'cancelled', error: expect.stringContaining('did not confirm') });

    const overrun = await issue({ timeoutSeconds: 1 });
    await agent.exchange();
    await agent.exchange([{ commandId: overrun.id, state: 'running' }]);
    await reap(Date.now() + 30_000);
    expect((await show(overrun.id)).state).toBe('running');
    await agent.exchange();
    await reap(Date.now() + 62_000);
    expect(await show(overrun.id)).toMatchObject({ state: 'timed_out' });

    const expired = await issue({ expiresInSeconds: 1 });
    await reap(Date.now() + 2_000);
    expect(await show(expired.id)).toMatchObject({ state: 'timed_out', error: expect.stringContaining('expired') });

    const lost = await issue();
    await agent.exchange();
    await reap(Date.now() + 61_000);
    expect(await show(lost.id)).toMatchObject({ state: 'lost' });
    // Its agent comes back late: the end stays, and what the agent says of it is kept, once.
    await agent.exchange([{ commandId: lost.id, state: 'failed', error: 'rolled back to 0.1.2, ready again' }]);
    await agent.exchange([{ commandId: lost.id, state: 'succeeded' }]);
    expect(await show(lost.id)).toMatchObject({
      state: 'lost',
      error: expect.stringContaining('fell silent'),
      output: 'the agent reported later: failed: rolled back to 0.1.2, ready again',
    });
  });

  it('the reaper runs as a recurring task of the engine', async () => {
    const { kinds } = await site.alice.call('tasks.list', { kind: 'fleet.reaper' });
    expect(kinds.find((k) => k.kind === 'fleet.reaper')).toMatchObject({ daily: true });
  });
});
