import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../../../../test/support/engines.js';
import { withOperators } from '../../../../test/support/operators.js';
import { defaultPartition, spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';
import { lifetimeEnd } from '../../../domain/lifetime.js';

describeEngines('account.show', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, await withOperators());
  });
  afterAll(() => server.stop());

  it('shows the account’s kind, partition, quotas, gift, lifetime and roles', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    expect(await treasurer.client.call('account.show')).toMatchObject({
      id: treasurer.client.member.id,
      roles: ['treasurer'],
      kind: null,
      partitionId: null,
      quotas: null,
      giftCents: 0,
      expiresAt: null,
    });
    const bob = await sponsored(treasurer, 'Bob', { quotas: { documents: 7, volumeBytes: 7000 }, delegate: true });
    const shown = await bob.client.call('account.show');
    expect(shown).toEqual({
      id: bob.client.member.id,
      roles: ['delegate'],
      kind: 'O',
      partitionId: await defaultPartition(treasurer),
      quotas: { documents: 7, volumeBytes: 7000 },
      giftCents: 0,
      createdAt: expect.any(Number),
      expiresAt: lifetimeEnd(shown.createdAt, 12),
      space: { notification: null, readOnly: false, frozen: false, signinBanAt: null, acceptsAAccounts: false },
      notifications: [],
      restrictions: [],
    });
  });

  it('tells the space’s notification and restrictions as the operator sets them, and nothing of another space', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const other = await spaceWithTreasurer(server.url);
    const orgCode = treasurer.orgCode;
    const banAt = Date.now() + 7 * 24 * 3600 * 1000;
    await treasurer.client.call('space.setOptions', { acceptsAAccounts: true });
    await treasurer.operator.call('space.setNotification', { orgCode, text: 'Maintenance on Sunday' });
    await treasurer.operator.call('space.setSigninBan', { orgCode, from: banAt });
    await treasurer.operator.call('space.setReadOnly', { orgCode, readOnly: true });
    expect((await treasurer.client.call('account.show')).space).toMatchObject({
      notification: 'Maintenance on Sunday',
      readOnly: true,
      frozen: false,
      signinBanAt: banAt,
      acceptsAAccounts: true,
    });
    expect((await other.client.call('account.show')).space).toEqual({
      notification: null,
      readOnly: false,
      frozen: false,
      signinBanAt: null,
      acceptsAAccounts: false,
    });
    await treasurer.operator.call('space.setReadOnly', { orgCode, readOnly: false });
    await treasurer.operator.call('space.setFrozen', { orgCode, frozen: true });
    await treasurer.operator.call('space.setNotification', { orgCode, text: null });
    expect((await treasurer.client.call('account.show')).space).toMatchObject({ notification: null, readOnly: false, frozen: true });
  });

  it('is for members only', async () => {
    const reply = await server.call('account.show');
    expect([reply.status, reply.body.code]).toEqual([401, 'AUTH_REQUIRED']);
  });
});
