import { afterAll, beforeAll, expect, it } from 'vitest';
import { deleteChatItem, openChat, writeInChat } from '../../../client/chats.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { chatsOf, chatTables, textsOf } from '../../../../test/support/chats.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('chat.deleteItem', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it('lets only its author delete an item, for both sides', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const chat = await openChat(bob.client, bob.client.member.avatars[0]!.id, treasurer.client.member.avatars[0]!.id);
    const mine = await writeInChat(bob.client, chat, 'oops');
    await writeInChat(bob.client, chat, 'kept');
    const before = await chatTables(server);
    // The welcome word is the treasurer's: Bob cannot delete it; nor can anyone delete what is not there.
    expect((await refusal(deleteChatItem(bob.client, chat, 1))).code).toBe('CHAT_ITEM_NOT_YOURS');
    expect((await refusal(deleteChatItem(bob.client, chat, 99))).code).toBe('CHAT_ITEM_NOT_FOUND');
    const theirs = { chatId: chat.chatId, avatarId: treasurer.client.member.avatars[0]!.id };
    expect((await refusal(deleteChatItem(treasurer.client, theirs, mine))).code).toBe('CHAT_ITEM_NOT_YOURS');
    expect(await chatTables(server)).toEqual(before);
    await deleteChatItem(bob.client, chat, mine);
    expect(textsOf((await chatsOf(treasurer.client))[0])).toEqual(['welcome, Bob', 'kept']);
    expect(textsOf((await chatsOf(bob.client))[0])).toEqual(['welcome, Bob', 'kept']);
    const { total } = await server.store.db.selectFrom('chats').select('total').where('id', '=', chat.chatId).executeTakeFirstOrThrow();
    expect(total).toBe('welcome, Bob'.length + 'kept'.length);
  });
});
