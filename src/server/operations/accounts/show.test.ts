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
    });
  });

  it('is for members only', async () => {
    const reply = await server.call('account.show');
    expect([reply.status, reply.body.code]).toEqual([401, 'AUTH_REQUIRED']);
  });
});
