import { afterAll, beforeAll, expect, it } from 'vitest';
import { openChat, writeInChat } from '../../../client/chats.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { chatsOf, chatTables, textsOf } from '../../../../test/support/chats.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored, usageOf } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('chat.open', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it('accepting a sponsorship opens the chat with both words; each side is charged once its own session acts', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob', {}, { word: 'thank you!' });
    const mine = treasurer.client.member.avatars[0]!.id;
    const bobs = bob.client.member.avatars[0]!.id;
    const [seen] = await chatsOf(bob.client);
    expect(textsOf(seen)).toEqual(['welcome, Bob', 'thank you!']);
    expect(seen!.items.map((i) => i.author)).toEqual([mine, bobs]);
    expect([seen!.otherId, seen!.otherName, seen!.urgent, seen!.hungUp]).toEqual([mine, 'Treasurer', false, false]);
    const [theirs] = await chatsOf(treasurer.client);
    expect([theirs!.chatId, textsOf(theirs)]).toEqual([seen!.chatId, ['welcome, Bob', 'thank you!']]);
    // Neither account counts the chat until its own session acts on it.
    expect((await usageOf(server, bob.client)).documents).toBe(0);
    expect((await usageOf(server, treasurer.client)).documents).toBe(0);
    const opened = await openChat(treasurer.client, mine, bobs);
    expect(opened.chatId).toBe(seen!.chatId);
    expect((await usageOf(server, treasurer.client)).documents).toBe(1);
    // Opening again charges nothing more; a new chat key sent meanwhile was ignored: the old one still opens the chat.
    await writeInChat(treasurer.client, await openChat(treasurer.client, mine, bobs), 'same chat');
    expect((await usageOf(server, treasurer.client)).documents).toBe(1);
    expect(textsOf((await chatsOf(bob.client))[0])).toEqual(['welcome, Bob', 'thank you!', 'same chat']);
    expect((await usageOf(server, bob.client)).documents).toBe(0);
    await writeInChat(bob.client, await openChat(bob.client, bobs, mine), 'my turn');
    expect((await usageOf(server, bob.client)).documents).toBe(1);
    // Only ciphertext is stored.
    const payloads = (await server.store.db.selectFrom('chat_items').select('payload').execute()).map((r) => r.payload).join();
    expect(payloads).not.toContain('welcome');
  });

  it('refuses a non-contact, an avatar of another account and another space’s ids, writing nothing', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const carol = await sponsored(treasurer, 'Carol', {}, { contact: false });
    const elsewhere = await spaceWithTreasurer(server.url);
    const mine = treasurer.client.member.avatars[0]!.id;
    const carols = carol.client.member.avatars[0]!.id;
    const keys = { keyForMe: 'AAAA', keyForThem: 'AAAA' };
    const before = await chatTables(server);
    expect((await refusal(treasurer.client.call('chat.open', { avatarId: mine, contactId: carols, ...keys }))).code).toBe(
      'CONTACT_NOT_FOUND',
    );
    expect((await refusal(carol.client.call('chat.open', { avatarId: mine, contactId: carols, ...keys }))).code).toBe('CONTACT_NOT_FOUND');
    const foreign = elsewhere.client.member.avatars[0]!.id;
    expect((await refusal(treasurer.client.call('chat.open', { avatarId: mine, contactId: foreign, ...keys }))).code).toBe('CROSS_SPACE');
    expect(await chatTables(server)).toEqual(before);
  });
});
