import { expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { newScopedId } from '../../../shared/ids.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatedSite, spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';

describeEngines('partition.list', (engine) => {
  const site = operatedSite(engine);

  it("lists the partitions of the member's own space, the default one first", async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const other = await spaceWithTreasurer(site.server.url);
    const { id: spaceId } = await site.server.store.db
      .selectFrom('spaces')
      .select('id')
      .where('org_code', '=', treasurer.orgCode)
      .executeTakeFirstOrThrow();
    await site.server.store.db
      .insertInto('partitions')
      .values({ space_id: spaceId, id: newScopedId(spaceId, 'partition'), name: 'Bénévoles', created_at: Date.now() + 1000 })
      .execute();
    const bob = await sponsored(treasurer, 'Bob');
    const { partitions } = await bob.client.call('partition.list');
    expect(partitions.map((p) => p.name)).toEqual(['Default', 'Bénévoles']);
    expect((await other.client.call('partition.list')).partitions.map((p) => p.name)).toEqual(['Default']);
  });

  it('is for members', async () => {
    expect((await refusal(new IlotClient(site.server.url).call('partition.list'))).code).toBe('AUTH_REQUIRED');
  });
});
