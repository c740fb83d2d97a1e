import { beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatedSite } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';
import { ManualAgent, openOrganization } from '../../../../test/support/fleet.js';

describeEngines('fleet.command.issue and fleet.host.show', (engine) => {
  const site = operatedSite(engine, { tasks: { enabled: false }, fleet: { longPollSeconds: 0 } });
  let agent: ManualAgent;

  beforeAll(async () => {
    await openOrganization(site.server, 11, 'acme');
    await site.alice.call('fleet.app.add', { name: 'clock', kind: 'process', command: ['node', '-e', 'setInterval(() => {}, 1000)'] });
    await site.alice.call('fleet.app.add', { name: 'ilot', kind: 'ilot' });
    const { enrolToken } = await site.alice.call('fleet.host.add', { name: 'web-1', labels: ['role=web'] });
    await site.alice.call('fleet.host.add', { name: 'web-2', labels: ['role=db'] });
    await site.alice.call('fleet.host.add', { name: 'acme-1', labels: ['role=web'], orgCode: 'acme' });
    await site.alice.call('fleet.permission.grant', { operator: 'alice', app: 'clock', hosts: { label: 'role=web' } });
    await site.alice.call('fleet.permission.grant', { operator: 'alice', app: 'ilot', hosts: { name: 'web-1' } });
    agent = await ManualAgent.enrol(site.server.url, enrolToken);
  });

  const commandsOf = (host: string) =>
    site.server.store.db
      .selectFrom('fleet_commands')
      .innerJoin('fleet_hosts', 'fleet_hosts.id', 'fleet_commands.host_id')
      .select(['fleet_commands.id', 'fleet_commands.state'])
      .where('fleet_hosts.name', '=', host)
      .execute();

  it('queues a typed command covered by a permission; the host shows why it waits', async () => {
    const issued = await site.alice.call('fleet.command.issue', { host: 'web-1', command: { type: 'start', app: 'clock' } });
    expect(issued).toMatchObject({
      state: 'pending',
      issuedBy: 'alice',
      waitingFor: 'agent_offline',
      spec: { type: 'start', app: 'clock' },
    });
    const { commands } = await agent.exchange();
    expect(commands.map((c) => [c.id, c.app?.command?.[0]])).toEqual([[issued.id, 'node']]);
    const second = await site.alice.call('fleet.command.issue', { host: 'web-1', command: { type: 'inventory' } });
    expect(second.waitingFor).toBe('host_busy');
    const shown = await site.oscar.call('fleet.host.show', { name: 'web-1' });
    expect(shown.running.map((c) => [c.id, c.state])).toEqual([[issued.id, 'delivered']]);
    expect(shown.pending.map((c) => [c.id, c.waitingFor])).toEqual([[second.id, 'host_busy']]);
    await agent.exchange([{ commandId: issued.id, state: 'succeeded', output: 'pid 42' }]);
    const after = await site.oscar.call('fleet.host.show', { name: 'web-1' });
    expect(after.executed.map((c) => [c.id, c.state, c.output])).toEqual([[issued.id, 'succeeded', 'pid 42']]);
    expect(after.running.map((c) => c.id)).toEqual([second.id]);
    await agent.exchange([{ commandId: second.id, state: 'succeeded' }]);
    const unenrolled = await site.alice.call('fleet.command.issue', { host: 'web-1', command: { type: 'stop', app: 'clock' } });
    expect(unenrolled.waitingFor).toBe(null);
    await agent.exchange();
    await agent.exchange([{ commandId: unenrolled.id, state: 'succeeded' }]);
  });

  it('the same id gives the same command once; another command cannot take it', async () => {
    const input = { host: 'web-1', id: 'deploy-2026-12-01', command: { type: 'restart' as const, app: 'clock' } };
    const first = await site.alice.call('fleet.command.issue', input);
    const again = await site.alice.call('fleet.command.issue', input);
    expect(again.id).toBe(first.id);
    expect((await commandsOf('web-1')).filter((c) => c.id === first.id)).toHaveLength(1);
    const other = await refusal(site.alice.call('fleet.command.issue', { ...input, command: { type: 'stop', app: 'clock' } }));
    expect(other.code).toBe('FLEET_COMMAND_ID_TAKEN');
  });

  it("refuses hosts outside the operator's permissions, another organization's hosts, unknown versions and wrong kinds", async () => {
    const before = await site.server.store.db.selectFrom('fleet_commands').select('id').execute();
    const cases: [object, string][] = [
      [{ host: 'web-2', command: { type: 'start', app: 'clock' } }, 'FLEET_COMMAND_FORBIDDEN'],
      // Same label, another fleet: the provider's permission does not reach an organization's host.
      [{ host: 'acme-1', command: { type: 'start', app: 'clock' } }, 'FLEET_COMMAND_FORBIDDEN'],
      [{ host: 'acme-1', command: { type: 'inventory' } }, 'FLEET_COMMAND_FORBIDDEN'],
      [{ host: 'web-1', command: { type: 'deploy', app: 'ilot', version: '9.9.9' } }, 'FLEET_VERSION_UNKNOWN'],
      [{ host: 'web-1', command: { type: 'deploy', app: 'clock', version: '1.0.0' } }, 'FLEET_APP_KIND'],
      [{ host: 'web-1', command: { type: 'start', app: 'nothing' } }, 'FLEET_APP_NOT_FOUND'],
      [{ host: 'nowhere', command: { type: 'inventory' } }, 'FLEET_HOST_NOT_FOUND'],
      [{ host: 'web-1', command: { type: 'start', app: 'clock', shell: 'rm -rf /' } }, 'VALIDATION_FAILED'],
      [{ host: 'web-1', command: { type: 'reboot' } }, 'VALIDATION_FAILED'],
    ];
    for (const [input, code] of cases)
      expect([input, (await refusal(site.alice.call('fleet.command.issue', input as never))).code]).toEqual([input, code]);
    expect((await refusal(site.oscar.call('fleet.command.issue', { host: 'web-1', command: { type: 'inventory' } }))).code).toBe(
      'FORBIDDEN',
    );
    expect(await site.server.store.db.selectFrom('fleet_commands').select('id').execute()).toEqual(before);
    const audited = await site.server.store.db
      .selectFrom('audit_entries')
      .select('error_code')
      .where('action', '=', 'fleet.command.issue')
      .where('result', '=', 'error')
      .execute();
    expect(audited.map((a) => a.error_code)).toContain('FLEET_COMMAND_FORBIDDEN');
  });

  it("an organization's permission commands its own hosts only", async () => {
    await site.alice.call('fleet.permission.grant', { operator: 'alice', app: 'clock', hosts: { label: 'role=web' }, orgCode: 'acme' });
    const issued = await site.alice.call('fleet.command.issue', { host: 'acme-1', command: { type: 'start', app: 'clock' } });
    expect(issued.waitingFor).toBe('not_enrolled');
    expect((await refusal(site.alice.call('fleet.command.issue', { host: 'web-2', command: { type: 'start', app: 'clock' } }))).code).toBe(
      'FLEET_COMMAND_FORBIDDEN',
    );
  });
});
