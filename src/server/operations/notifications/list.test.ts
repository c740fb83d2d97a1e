import { afterAll, beforeAll, expect, it } from 'vitest';
import { partitionNotifications, postNotification } from '../../../client/notifications.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { defaultPartition, spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('notification.list', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, await withOperators());
  });
  afterAll(() => server.stop());

  it("shows a partition's notification and its accounts', to the treasurer and its delegates only", async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const dora = await sponsored(treasurer, 'Dora', { delegate: true });
    const partitionId = await defaultPartition(treasurer);
    expect(await partitionNotifications(treasurer.client, partitionId)).toEqual([]);
    await postNotification(dora.client, { partitionId, accountId: bob.client.member.id, text: 'Lecture seule', restriction: 'read-only' });
    await postNotification(treasurer.client, { partitionId, accountId: null, text: 'Réunion lundi', restriction: null });
    const at = expect.any(Number) as number;
    const listed = [
      { level: 'partition', accountId: null, text: 'Réunion lundi', restriction: null, at },
      { level: 'account', accountId: bob.client.member.id, text: 'Lecture seule', restriction: 'read-only', at },
    ];
    expect(await partitionNotifications(treasurer.client, partitionId)).toEqual(listed);
    expect(await partitionNotifications(dora.client, partitionId)).toEqual(listed);
    // Cleared, it is gone from the list.
    await postNotification(dora.client, { partitionId, accountId: bob.client.member.id, text: null, restriction: null });
    expect(await partitionNotifications(dora.client, partitionId)).toEqual([listed[0]]);
    // A member is refused, and so is a partition that is not the delegate's or does not exist.
    expect((await refusal(partitionNotifications(bob.client, partitionId))).code).toBe('FORBIDDEN');
    const otherPartition = `${bob.client.member.id.slice(0, 2)}40000000000001`;
    expect((await refusal(partitionNotifications(dora.client, otherPartition))).code).toBe('FORBIDDEN');
    expect((await refusal(partitionNotifications(treasurer.client, otherPartition))).code).toBe('PARTITION_NOT_FOUND');
    expect((await refusal(treasurer.client.call('notification.list', { partitionId: 'nope' }))).code).toBe('VALIDATION_FAILED');
  });
});
