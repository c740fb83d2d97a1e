import { expect, it } from 'vitest';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatedSite } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';
import { ManualAgent, openOrganization, refusedWith } from '../../../../test/support/fleet.js';

describeEngines('fleet.host.add, fleet.agent.enrol, fleet.host.revoke', (engine) => {
  const site = operatedSite(engine, { tasks: { enabled: false }, fleet: { longPollSeconds: 0 } });

  it('adds a host with a one-time token; the agent exchanges it once for a credential; only hashes are kept', async () => {
    const added = await site.alice.call('fleet.host.add', { name: 'web-1', labels: ['role=web', 'eu'] });
    expect(added.host).toMatchObject({ name: 'web-1', labels: ['role=web', 'eu'], enrolled: false, online: false, owner: null });
    const agent = await ManualAgent.enrol(site.server.url, added.enrolToken);
    expect(agent.hostId).toBe(added.host.id);
    expect(await refusedWith(ManualAgent.enrol(site.server.url, added.enrolToken))).toBe('ENROL_TOKEN_USED');
    const row = await site.server.store.db.selectFrom('fleet_hosts').selectAll().where('name', '=', 'web-1').executeTakeFirstOrThrow();
    const secret = added.enrolToken.split('.')[1]!;
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row.credential_hash).toMatch(/^[0-9a-f]{64}$/);
    await agent.exchange();
    const { hosts } = await site.oscar.call('fleet.host.list', {});
    expect(hosts.find((h) => h.name === 'web-1')).toMatchObject({ enrolled: true, online: true, agentVersion: '0.0.0-test' });
    const audit = await site.server.store.db
      .selectFrom('audit_entries')
      .select(['action', 'result'])
      .where('action', 'like', 'fleet.%')
      .execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'fleet.host.add', result: 'ok' },
        { action: 'fleet.agent.enrol', result: 'ok' },
        { action: 'fleet.agent.enrol', result: 'error' },
      ]),
    );
  });

  it('refuses a wrong or expired token, a taken name, an unknown organization; observers cannot add', async () => {
    const { enrolToken, host } = await site.alice.call('fleet.host.add', { name: 'web-2' });
    const wrong = `${host.id}.${'A'.repeat(43)}`;
    expect(await refusedWith(ManualAgent.enrol(site.server.url, wrong))).toBe('ENROL_TOKEN_INVALID');
    await site.server.store.db
      .updateTable('fleet_hosts')
      .set({ enrol_expires_at: Date.now() - 1 })
      .where('id', '=', host.id)
      .execute();
    expect(await refusedWith(ManualAgent.enrol(site.server.url, enrolToken))).toBe('ENROL_TOKEN_EXPIRED');
    expect((await refusal(site.alice.call('fleet.host.add', { name: 'web-2' }))).code).toBe('FLEET_HOST_EXISTS');
    expect((await refusal(site.alice.call('fleet.host.add', { name: 'web-3', orgCode: 'nowhere' }))).code).toBe('SPACE_NOT_FOUND');
    expect((await refusal(site.oscar.call('fleet.host.add', { name: 'web-3' }))).code).toBe('FORBIDDEN');
    expect((await refusal(site.alice.call('fleet.host.add', { name: 'Not A Name' }))).code).toBe('VALIDATION_FAILED');
    expect(await site.server.store.db.selectFrom('fleet_hosts').select('name').where('name', '=', 'web-3').execute()).toEqual([]);
  });

  it("an organization's host is owned by its space", async () => {
    await openOrganization(site.server, 11, 'acme');
    const { host } = await site.alice.call('fleet.host.add', { name: 'acme-1', orgCode: 'acme' });
    expect(host.owner).toBe('acme');
    expect((await site.alice.call('fleet.host.list', { orgCode: 'acme' })).hosts.map((h) => h.name)).toEqual(['acme-1']);
  });

  it('a revoked credential is refused, replayed or not; a new enrolment gives a new one', async () => {
    const { enrolToken } = await site.alice.call('fleet.host.add', { name: 'db-1' });
    const agent = await ManualAgent.enrol(site.server.url, enrolToken);
    await agent.exchange();
    expect((await site.alice.call('fleet.host.revoke', { name: 'db-1' })).revoked).toBe(true);
    expect(await refusedWith(agent.exchange())).toBe('AGENT_CREDENTIAL_INVALID');
    const renewed = await site.alice.call('fleet.host.enrolment', { name: 'db-1' });
    const again = await ManualAgent.enrol(site.server.url, renewed.enrolToken);
    await again.exchange();
    expect(await refusedWith(agent.exchange())).toBe('AGENT_CREDENTIAL_INVALID');
  });
});
