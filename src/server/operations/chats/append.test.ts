import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openChat, readChats, writeInChat } from '../../../client/chats.js';
import { LiveSync } from '../../../client/live.js';
import { MemoryStore } from '../../../client/local-store.js';
import { chatItemMaxLength, chatTextMaxLength } from '../../../shared/limits.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { chatsOf, chatTables, textsOf } from '../../../../test/support/chats.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';
import { waitFor } from '../../../../test/support/wait.js';

describeEngines('chat.append', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it('keeps at most 5,000 characters: the oldest items go first, whichever side wrote them', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const chat = await openChat(bob.client, bob.client.member.avatars[0]!.id, treasurer.client.member.avatars[0]!.id);
    const theirs = await openChat(treasurer.client, treasurer.client.member.avatars[0]!.id, bob.client.member.avatars[0]!.id);
    await writeInChat(bob.client, chat, 'a'.repeat(2000));
    await writeInChat(treasurer.client, theirs, 'b'.repeat(2000));
    // 12 + 2000 + 2000 + 1100 > 5000: the welcome word and the first item go, and nothing more.
    await writeInChat(bob.client, chat, 'c'.repeat(1100));
    expect(textsOf((await chatsOf(treasurer.client))[0])).toEqual(['b'.repeat(2000), 'c'.repeat(1100)]);
    // One item of the whole cap leaves only itself.
    await writeInChat(treasurer.client, theirs, 'd'.repeat(chatTextMaxLength));
    expect(textsOf((await chatsOf(bob.client))[0])).toEqual(['d'.repeat(chatTextMaxLength)]);
    const { total } = await server.store.db.selectFrom('chats').select('total').where('id', '=', chat.chatId).executeTakeFirstOrThrow();
    expect(total).toBe(chatTextMaxLength);
  });

  it('refuses an item over its bound, in another’s chat, or of another space, writing nothing', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const carol = await sponsored(treasurer, 'Carol');
    const elsewhere = await spaceWithTreasurer(server.url);
    const bobs = bob.client.member.avatars[0]!.id;
    const chat = await openChat(bob.client, bobs, treasurer.client.member.avatars[0]!.id);
    const before = await chatTables(server);
    const call = (client: typeof bob.client, avatarId: string, item: { length: number; payload: string }, chatId = chat.chatId) =>
      refusal(client.call('chat.append', { chatId, avatarId, item }));
    // The declared length bounds the ciphertext; the client checks the plain text.
    expect((await call(bob.client, bobs, { length: 1, payload: 'A'.repeat(chatItemMaxLength(1) + 1) })).code).toBe('CHAT_ITEM_TOO_LARGE');
    expect((await refusal(writeInChat(bob.client, chat, 'x'.repeat(chatTextMaxLength + 1)))).code).toBe('CHAT_ITEM_TOO_LARGE');
    expect((await call(bob.client, bobs, { length: chatTextMaxLength + 1, payload: 'AAAA' })).code).toBe('VALIDATION_FAILED');
    // Carol is no side of it, whichever avatar she names.
    expect((await call(carol.client, carol.client.member.avatars[0]!.id, { length: 1, payload: 'AAAA' })).code).toBe('CHAT_NOT_FOUND');
    expect((await call(carol.client, bobs, { length: 1, payload: 'AAAA' })).code).toBe('CHAT_NOT_FOUND');
    const foreign = elsewhere.client.member.avatars[0]!.id;
    expect((await call(bob.client, foreign, { length: 1, payload: 'AAAA' })).code).toBe('CROSS_SPACE');
    expect(await chatTables(server)).toEqual(before);
  });

  it('reaches the other side’s session live', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const store = new MemoryStore();
    const heard: string[][] = [];
    const live = new LiveSync(bob.client, store, { WebSocket: WebSocket as never, onChange: (subtrees) => heard.push(subtrees) });
    await live.start();
    try {
      const chat = await openChat(treasurer.client, treasurer.client.member.avatars[0]!.id, bob.client.member.avatars[0]!.id);
      await writeInChat(treasurer.client, chat, 'are you there?');
      const [seen] = (await waitFor(
        async () => {
          const chats = await readChats(bob.client, store);
          return textsOf(chats[0]).includes('are you there?') ? chats : null;
        },
        { what: 'Bob’s session hearing of the item' },
      ))!;
      expect(heard.flat()).toContain(bob.client.member.avatars[0]!.id);
      expect(textsOf(seen)).toEqual(['welcome, Bob', 'are you there?']);
    } finally {
      live.stop();
    }
  });
});
