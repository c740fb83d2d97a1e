import { afterAll, beforeAll, expect, it } from 'vitest';
import { openChat, openUrgentChat, setUrgentAlert, urgentCorrespondents, writeInChat } from '../../../client/chats.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { chatsOf, chatTables, textsOf } from '../../../../test/support/chats.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored, usageOf } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('chat.appendUrgent', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, {
      ...(await withOperators()),
      sessions: { maxFailedSignIns: 1000 },
      // Mails are queued, never sent: nothing listens there.
      smtp: { host: '127.0.0.1', port: 9 },
    });
  });
  afterAll(() => server.stop());

  it('reaches the treasurer under read-only, frozen and no-growth, and mails the treasurer when it gave an address', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    // Bob's quota is one document: the chat with his sponsor, once he opens it.
    const bob = await sponsored(treasurer, 'Bob', { quotas: { documents: 1, volumeBytes: 1000 } });
    const [helper] = await urgentCorrespondents(bob.client);
    expect(helper).toMatchObject({ avatarId: treasurer.client.member.avatars[0]!.id, role: 'treasurer' });
    const regular = await openChat(bob.client, bob.client.member.avatars[0]!.id, helper!.avatarId);
    // The urgent chat of Bob and the treasurer is their chat, now urgent, and it counts no more than before.
    const urgent = await openUrgentChat(bob.client, helper!);
    expect(urgent.chatId).toBe(regular.chatId);
    expect((await refusal(writeInChat(bob.client, regular, 'through the regular way'))).code).toBe('QUOTA_EXCEEDED');
    await writeInChat(bob.client, urgent, 'no-growth');
    const orgCode = treasurer.orgCode;
    await treasurer.operator.call('space.setReadOnly', { orgCode, readOnly: true });
    expect((await refusal(writeInChat(bob.client, regular, 'regular'))).code).toBe('SPACE_READ_ONLY');
    await writeInChat(bob.client, urgent, 'read-only');
    await treasurer.operator.call('space.setFrozen', { orgCode, frozen: true });
    expect((await refusal(writeInChat(bob.client, regular, 'regular'))).code).toBe('SPACE_FROZEN');
    await writeInChat(bob.client, urgent, 'frozen');
    await treasurer.operator.call('space.setFrozen', { orgCode, frozen: false });
    await treasurer.operator.call('space.setReadOnly', { orgCode, readOnly: false });
    const [seen] = await chatsOf(treasurer.client);
    expect([seen!.urgent, textsOf(seen)]).toEqual([true, ['welcome, Bob', 'no-growth', 'read-only', 'frozen']]);
    expect((await usageOf(server, bob.client)).documents).toBe(1);

    const { id: spaceId } = await server.store.db
      .selectFrom('spaces')
      .select('id')
      .where('org_code', '=', orgCode)
      .executeTakeFirstOrThrow();
    const mails = () =>
      server.store.db.selectFrom('tasks').select('target').where('kind', '=', 'mail.send').where('space_id', '=', spaceId).execute();
    expect(await mails()).toEqual([]);
    await setUrgentAlert(treasurer.client, { address: 'treasurer@example.org', language: 'fr' });
    const seq = await writeInChat(bob.client, urgent, 'please read this');
    expect(await mails()).toEqual([{ target: `urgent:${urgent.chatId}:${seq}` }]);
  });

  it('is only with the treasurer or a delegate of the partition, and only in an urgent chat; refusals write nothing', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const carol = await sponsored(treasurer, 'Carol');
    const bobs = bob.client.member.avatars[0]!.id;
    const carolAvatar = { avatarId: carol.client.member.avatars[0]!.id, ecdhPublicKey: carol.client.member.avatars[0]!.ecdhPublicKey };
    const regular = await openChat(bob.client, bobs, treasurer.client.member.avatars[0]!.id);
    const before = await chatTables(server);
    expect((await refusal(openUrgentChat(bob.client, carolAvatar))).code).toBe('CHAT_NOT_URGENT');
    expect((await refusal(writeInChat(bob.client, { ...regular, urgent: true }, 'not urgent'))).code).toBe('CHAT_NOT_URGENT');
    expect((await refusal(setUrgentAlert(bob.client, { address: 'bob@example.org', language: 'en' }))).code).toBe('FORBIDDEN');
    expect((await refusal(setUrgentAlert(treasurer.client, { address: 'not an address', language: 'en' }))).code).toBe(
      'MAIL_ADDRESS_INVALID',
    );
    expect(await chatTables(server)).toEqual(before);
    // A delegate of Bob's partition answers his urgent chats; the treasurer can open one with any account.
    const dora = await sponsored(treasurer, 'Dora', { delegate: true });
    expect((await urgentCorrespondents(bob.client)).map((c) => c.role)).toEqual(expect.arrayContaining(['treasurer', 'delegate']));
    const doras = { avatarId: dora.client.member.avatars[0]!.id, ecdhPublicKey: dora.client.member.avatars[0]!.ecdhPublicKey };
    await writeInChat(bob.client, await openUrgentChat(bob.client, doras), 'help, Dora');
    expect((await chatsOf(dora.client)).find((c) => c.otherId === bobs && c.urgent)).toBeDefined();
    await writeInChat(treasurer.client, await openUrgentChat(treasurer.client, carolAvatar), 'hello Carol');
    // The treasurer sponsored Carol: their chat becomes the urgent one.
    expect(textsOf((await chatsOf(carol.client)).find((c) => c.urgent))).toEqual(['welcome, Carol', 'hello Carol']);
  });
});
