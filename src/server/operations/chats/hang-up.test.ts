import { afterAll, beforeAll, expect, it } from 'vitest';
import { hangUpChat, openChat, writeInChat } from '../../../client/chats.js';
import { addContact, deleteAccount, setContactPhrase } from '../../../client/membership.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { chatsOf, textsOf } from '../../../../test/support/chats.js';
import { withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored, usageOf } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';
import { waitFor } from '../../../../test/support/wait.js';

describeEngines('chat.hangUp', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it('clears the side that hangs up and releases its document; writing again reopens it', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const chat = await openChat(bob.client, bob.client.member.avatars[0]!.id, treasurer.client.member.avatars[0]!.id);
    await writeInChat(bob.client, chat, 'before');
    expect((await usageOf(server, bob.client)).documents).toBe(1);
    await hangUpChat(bob.client, chat);
    expect((await usageOf(server, bob.client)).documents).toBe(0);
    const [hungUp] = await chatsOf(bob.client);
    expect([hungUp!.hungUp, textsOf(hungUp)]).toEqual([true, []]);
    // The other side keeps everything; what it writes reaches the hung-up side, which stays hung up and uncounted.
    const theirs = await openChat(treasurer.client, treasurer.client.member.avatars[0]!.id, bob.client.member.avatars[0]!.id);
    expect(textsOf((await chatsOf(treasurer.client))[0])).toEqual(['welcome, Bob', 'before']);
    await writeInChat(treasurer.client, theirs, 'still there?');
    const [still] = await chatsOf(bob.client);
    expect([still!.hungUp, textsOf(still)]).toEqual([true, ['still there?']]);
    expect((await usageOf(server, bob.client)).documents).toBe(0);
    await writeInChat(bob.client, chat, 'yes');
    const [reopened] = await chatsOf(bob.client);
    expect([reopened!.hungUp, textsOf(reopened)]).toEqual([false, ['still there?', 'yes']]);
    expect((await usageOf(server, bob.client)).documents).toBe(1);
  });

  it('a chat stays while one of its avatars remains, and goes once both are purged', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const carol = await sponsored(treasurer, 'Carol');
    const bobs = bob.client.member.avatars[0]!.id;
    const carols = carol.client.member.avatars[0]!.id;
    const phrase = `${Math.random().toString(36).slice(2)} is how to reach Bob`;
    await setContactPhrase(bob.client, bobs, phrase);
    await addContact(carol.client, carols, phrase);
    const chat = await openChat(carol.client, carols, bobs);
    await writeInChat(carol.client, chat, 'hello Bob');
    const purged = (avatarId: string) => async () =>
      (await server.store.db.selectFrom('chat_sides').select('avatar_id').where('avatar_id', '=', avatarId).execute()).length === 0;
    await deleteAccount(bob.client, bob.passphrase);
    await waitFor(purged(bobs), { what: 'Bob’s side purged', timeoutMs: 120_000 });
    // Carol keeps the chat and its items.
    expect(textsOf((await chatsOf(carol.client)).find((c) => c.chatId === chat.chatId))).toEqual(['hello Bob']);
    await deleteAccount(carol.client, carol.passphrase);
    await waitFor(purged(carols), { what: 'Carol’s side purged', timeoutMs: 120_000 });
    const left = async (table: 'chats' | 'chat_items') =>
      (
        await server.store.db
          .selectFrom(table)
          .select('space_id')
          .where(table === 'chats' ? 'id' : 'chat_id', '=', chat.chatId)
          .execute()
      ).length;
    expect([await left('chats'), await left('chat_items')]).toEqual([0, 0]);
  });
});
