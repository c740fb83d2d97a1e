import { afterAll, beforeAll, expect, it } from 'vitest';
import { avatars, createAvatar, setCard, setContactPhrase } from '../../../client/membership.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('avatar.list', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, await withOperators());
  });
  afterAll(() => server.stop());

  it('lists the account’s own avatars by age, with their cards and whether they have a contact phrase', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const first = await createAvatar(bob.client, 'Robert');
    const second = await createAvatar(bob.client, 'Bobby');
    await setCard(bob.client, second.id, { text: 'Bobby joue du piano', photo: null });
    await setContactPhrase(bob.client, first.id, 'ask for Robert at the club');
    const { avatars: rows } = await bob.client.call('avatar.list');
    expect(rows.map((a) => [a.id, a.name, a.primary, a.hasContactPhrase, a.card === null])).toEqual([
      [bob.client.member.avatars[0]!.id, 'Bob', true, false, true],
      [first.id, 'Robert', false, true, true],
      [second.id, 'Bobby', false, false, false],
    ]);
    expect((await avatars(bob.client))[2]!.card).toEqual({ text: 'Bobby joue du piano', photo: null });
    expect((await avatars(treasurer.client)).map((a) => a.name)).toEqual(['Treasurer']);
  });
});
