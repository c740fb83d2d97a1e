import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { IlotClient } from '../../../client/client.js';
import { LiveSync } from '../../../client/live.js';
import { MemoryStore } from '../../../client/local-store.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { defaultPartition, spaceWithTreasurer, sponsored, type Member } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';
import { waitFor } from '../../../../test/support/wait.js';

describeEngines('notification.set', (engine) => {
  let server: TestServer;
  const lives: LiveSync[] = [];
  beforeAll(async () => {
    server = await startTestServer(engine, await withOperators());
  });
  afterAll(async () => {
    for (const live of lives) live.stop();
    await server.stop();
  });

  const rows = () => server.store.db.selectFrom('notifications').selectAll().orderBy('target_id').execute();
  const at = expect.any(Number) as number;

  it('posts, replaces and clears the notifications of a partition and an account, which their accounts see at sign-in and in their header', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const carol = await sponsored(treasurer, 'Carol');
    const partitionId = await defaultPartition(treasurer);
    await treasurer.operator.call('space.setNotification', { orgCode: treasurer.orgCode, text: 'Maintenance samedi' });
    const set = (accountId: string | null, text: string | null, restriction: 'read-only' | 'minimal' | null = null) =>
      treasurer.client.call('notification.set', { partitionId, accountId, text, restriction });
    expect(await set(null, 'Réunion de la tranche lundi')).toEqual({
      notification: { level: 'partition', text: 'Réunion de la tranche lundi', restriction: null, at },
    });
    await set(bob.client.member.id, 'Premier avis');
    await set(bob.client.member.id, 'Compte en lecture seule', 'read-only');
    const signedIn = await new IlotClient(server.url).signIn(bob.orgCode, bob.passphrase);
    expect(signedIn.notifications).toEqual([
      { level: 'space', text: 'Maintenance samedi', restriction: null, at },
      { level: 'partition', text: 'Réunion de la tranche lundi', restriction: null, at },
      { level: 'account', text: 'Compte en lecture seule', restriction: 'read-only', at },
    ]);
    expect(signedIn.restrictions).toEqual([{ state: 'read-only', level: 'account' }]);
    // Carol sees her partition's and her space's, not Bob's.
    expect((await carol.client.call('account.show')).notifications.map((n) => n.level)).toEqual(['space', 'partition']);
    expect((await set(bob.client.member.id, null)).notification).toBeNull();
    expect((await bob.client.call('account.show')).notifications.map((n) => n.level)).toEqual(['space', 'partition']);
    const audited = await server.store.db
      .selectFrom('audit_entries')
      .select(['target', 'result'])
      .where('action', '=', 'notification.set')
      .where('target', 'in', [partitionId, bob.client.member.id])
      .orderBy('seq')
      .execute();
    expect(audited.map((e) => e.result)).toEqual(['ok', 'ok', 'ok', 'ok']);
  });

  it('lets a delegate act in their partition only, and refuses bad input without changing anything', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const dora = await sponsored(treasurer, 'Dora', { delegate: true });
    const partitionId = await defaultPartition(treasurer);
    await dora.client.call('notification.set', {
      partitionId,
      accountId: bob.client.member.id,
      text: 'De la déléguée',
      restriction: 'minimal',
    });
    const before = await rows();
    const otherPartition = `${bob.client.member.id.slice(0, 2)}40000000000001`;
    const call = (
      by: Member,
      input: { partitionId: string | null; accountId: string | null; text: string | null; restriction: 'minimal' | null },
    ) => refusal(by.client.call('notification.set', input)).then((e) => e.code);
    // Outside her partition, or for an A account (no partition): the treasurer's only.
    expect(await call(dora, { partitionId: otherPartition, accountId: null, text: 'x', restriction: null })).toBe('FORBIDDEN');
    expect(await call(dora, { partitionId: otherPartition, accountId: bob.client.member.id, text: 'x', restriction: null })).toBe(
      'FORBIDDEN',
    );
    expect(await call(dora, { partitionId: null, accountId: bob.client.member.id, text: 'x', restriction: null })).toBe('FORBIDDEN');
    // A member without the permission, even about itself.
    expect(await call(bob, { partitionId, accountId: bob.client.member.id, text: null, restriction: null })).toBe('FORBIDDEN');
    // The account must be of the partition named; the partition must exist.
    expect(await call(treasurer, { partitionId: otherPartition, accountId: bob.client.member.id, text: 'x', restriction: null })).toBe(
      'ACCOUNT_NOT_FOUND',
    );
    expect(await call(treasurer, { partitionId: otherPartition, accountId: null, text: 'x', restriction: null })).toBe(
      'PARTITION_NOT_FOUND',
    );
    expect(await call(treasurer, { partitionId, accountId: null, text: null, restriction: 'minimal' })).toBe('VALIDATION_FAILED');
    expect(await call(treasurer, { partitionId, accountId: null, text: 'x'.repeat(2001), restriction: null })).toBe('VALIDATION_FAILED');
    expect(await call(treasurer, { partitionId: null, accountId: null, text: 'x', restriction: null })).toBe('VALIDATION_FAILED');
    expect(await rows()).toEqual(before);
  });

  it('tells the sessions concerned live, and only them', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const carol = await sponsored(treasurer, 'Carol');
    const partitionId = await defaultPartition(treasurer);
    const told = { bob: 0, carol: 0 };
    for (const [who, member] of [
      ['bob', bob],
      ['carol', carol],
    ] as const) {
      const client = new IlotClient(server.url);
      await client.signIn(member.orgCode, member.passphrase);
      const live = new LiveSync(client, new MemoryStore(), {
        WebSocket: WebSocket as never,
        onSpaceChanged: () => void told[who]++,
        initialDelayMs: 50,
      });
      lives.push(live);
      await live.start();
    }
    // Each is told once as its channel opens.
    await waitFor(() => told.bob === 1 && told.carol === 1, { what: 'the channels open' });
    const set = (accountId: string | null, restriction: 'read-only' | null) =>
      treasurer.client.call('notification.set', { partitionId, accountId, text: 'avis', restriction });
    await set(bob.client.member.id, 'read-only');
    await waitFor(() => told.bob === 2, { what: 'Bob told of his restriction' });
    // Notices reach a channel in order: once Carol is told of her partition's, she would have been told of Bob's.
    await set(null, null);
    await waitFor(() => told.bob === 3 && told.carol === 2, { what: 'both told of their partition' });
    expect(told).toEqual({ bob: 3, carol: 2 });
  });
});
