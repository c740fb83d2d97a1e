import { beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatedSite } from '../../../../test/support/members.js';
import { ManualAgent, openOrganization, refusedWith } from '../../../../test/support/fleet.js';

describeEngines('fleet.agent.exchange', (engine) => {
  const site = operatedSite(engine, { tasks: { enabled: false }, fleet: { longPollSeconds: 20 } });
  let agent: ManualAgent;
  let other: ManualAgent;

  beforeAll(async () => {
    await site.alice.call('fleet.app.add', { name: 'clock', kind: 'process', command: ['node', 'clock.js'] });
    for (const name of ['a-1', 'a-2'])
      await site.alice.call('fleet.permission.grant', { operator: 'alice', app: 'clock', hosts: { name } });
    agent = await ManualAgent.enrol(site.server.url, (await site.alice.call('fleet.host.add', { name: 'a-1' })).enrolToken);
    other = await ManualAgent.enrol(site.server.url, (await site.alice.call('fleet.host.add', { name: 'a-2' })).enrolToken);
    await agent.exchange([], { inventory: facts });
  });

  const facts = {
    hostname: 'a-1',
    platform: 'linux',
    osRelease: '6.1.0',
    arch: 'x64',
    cpus: 2,
    memoryBytes: 4e9,
    freeMemoryBytes: 1e9,
    diskBytes: 1e11,
    freeDiskBytes: 5e10,
    node: 'v20.0.0',
    uptimeSeconds: 100,
  };
  const issue = (host: string, id?: string) =>
    site.alice.call('fleet.command.issue', { host, command: { type: 'inventory' }, ...(id ? { id } : {}) });
  const stateOf = async (id: string) => (await site.alice.call('fleet.command.show', { id })).state;

  it('keeps the facts the agent reports', async () => {
    expect((await site.alice.call('fleet.host.show', { name: 'a-1' })).host.inventory).toEqual(facts);
  });

  it('a long poll is answered as soon as a command is issued', async () => {
    const polling = agent.exchange();
    // The poll waits: nothing is pending. Issue once the tower holds it (its contact is recorded only when it answers).
    const issued = await issue('a-1');
    const { commands } = await polling;
    expect(commands.map((c) => c.id)).toEqual([issued.id]);
    await agent.exchange([{ commandId: issued.id, state: 'running' }]);
    expect(await stateOf(issued.id)).toBe('running');
    await agent.exchange([{ commandId: issued.id, state: 'succeeded', output: 'ok' }]);
    expect(await stateOf(issued.id)).toBe('succeeded');
    // A late report on an ended command changes nothing.
    await agent.exchange([{ commandId: issued.id, state: 'failed' }]);
    expect(await stateOf(issued.id)).toBe('succeeded');
  });

  it('a delivered command not yet started is given again; one at a time per host', async () => {
    const first = await issue('a-1');
    const second = await issue('a-1');
    expect((await agent.exchange()).commands.map((c) => c.id)).toEqual([first.id]);
    // Its reply was lost, say: the next message is given it again (a long poll would wait for its end first).
    expect((await agent.exchangeNow()).commands.map((c) => c.id)).toEqual([first.id]);
    // A message carrying a result is answered at once, with the next command.
    expect((await agent.exchange([{ commandId: first.id, state: 'succeeded' }])).commands.map((c) => c.id)).toEqual([second.id]);
    await agent.exchange([{ commandId: second.id, state: 'succeeded' }]);
  });

  it('refuses a replayed counter, a report on a command never given, a malformed message: nothing is recorded', async () => {
    const given = await issue('a-1');
    await agent.exchange();
    const stale = { seq: agent.seq, version: '0.0.0-test', reports: [{ commandId: given.id, state: 'succeeded' as const }] };
    expect(await refusedWith(agent.tower.exchange(stale))).toBe('AGENT_MESSAGE_REPLAYED');
    const pendingElsewhere = await issue('a-2');
    await other.exchange();
    const notGiven = await issue('a-2');
    for (const commandId of [pendingElsewhere.id, notGiven.id, 'never-issued-1'])
      expect(
        await refusedWith(
          agent.exchange([
            { commandId: given.id, state: 'succeeded' },
            { commandId, state: 'succeeded' },
          ]),
        ),
      ).toBe('AGENT_COMMAND_UNKNOWN');
    expect(await stateOf(given.id)).toBe('delivered');
    // (Each carries a report: a message without one may first wait, as a long poll.)
    const report = { commandId: given.id, state: 'succeeded' };
    const malformed = [
      { seq: ++agent.seq, version: '1', reports: [{ ...report, state: 'done' }] },
      { seq: ++agent.seq, version: '1', reports: [report], extra: true },
      { seq: -1, version: '1', reports: [report] },
      { seq: ++agent.seq, version: '1', reports: [{ ...report, output: 'x'.repeat(5000) }] },
      { seq: ++agent.seq, version: '1', reports: [{ ...report, commandId: '../../etc' }] },
    ];
    for (const message of malformed) expect(await refusedWith(agent.tower.exchange(message as never))).toBe('VALIDATION_FAILED');
    expect(await stateOf(given.id)).toBe('delivered');
    // Another host's credential cannot end this host's command either.
    expect(await refusedWith(other.exchange([{ commandId: given.id, state: 'succeeded' }]))).toBe('AGENT_COMMAND_UNKNOWN');
    await agent.exchange([{ commandId: given.id, state: 'succeeded' }]);
    expect(await stateOf(given.id)).toBe('succeeded');
  });

  it("an organization's agent enrols into its fleet and is confined to it", async () => {
    await openOrganization(site.server, 12, 'acme');
    const { enrolToken } = await site.alice.call('fleet.host.add', { name: 'acme-1', orgCode: 'acme' });
    const acme = await ManualAgent.enrol(site.server.url, enrolToken);
    await site.alice.call('fleet.permission.grant', { operator: 'alice', app: 'clock', hosts: { name: 'acme-1' }, orgCode: 'acme' });
    const own = await issue('acme-1');
    const providers = await issue('a-1');
    await agent.exchange();
    expect((await acme.exchange()).commands.map((c) => c.id)).toEqual([own.id]);
    // The provider's command is out of its reach, as if it did not exist; its own is ended.
    expect(await refusedWith(acme.exchange([{ commandId: providers.id, state: 'failed' }]))).toBe('AGENT_COMMAND_UNKNOWN');
    expect(await stateOf(providers.id)).toBe('delivered');
    await acme.exchange([{ commandId: own.id, state: 'succeeded' }]);
    expect(await stateOf(own.id)).toBe('succeeded');
    const rows = await site.server.store.db
      .selectFrom('fleet_commands')
      .select(['id', 'space_id'])
      .where('id', 'in', [own.id, providers.id])
      .execute();
    expect(Object.fromEntries(rows.map((r) => [r.id, r.space_id]))).toEqual({ [own.id]: 12, [providers.id]: 0 });
    await agent.exchange([{ commandId: providers.id, state: 'succeeded' }]);
  });

  it('operators and members cannot speak as an agent', async () => {
    const response = await site.server.call('fleet.agent.exchange', { seq: 1, version: '1', reports: [] });
    expect(response.body.code).toBe('AUTH_REQUIRED');
  });
});
