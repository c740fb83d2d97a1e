import { WebSocket } from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { LiveSync } from '../../../client/live.js';
import { MemoryStore } from '../../../client/local-store.js';
import { findGroup, postInGroupChat, readGroupChat, setMemberRights } from '../../../client/groups.js';
import { groupChatMaxLength } from '../../../shared/limits.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import type { Member } from '../../../../test/support/members.js';
import { allAccesses, avatarOf, groupRows, groupWithContacts, join, memberView } from '../../../../test/support/groups.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';
import { waitFor } from '../../../../test/support/wait.js';

describeEngines('group.postChat, chat', (engine) => {
  let server: TestServer;
  const lives: LiveSync[] = [];
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(async () => {
    for (const live of lives) live.stop();
    await server.stop();
  });

  /** Another session of the member, listening on the live channel: the subtrees it was told of. */
  async function listening(member: Member) {
    const client = new IlotClient(server.url);
    await client.signIn(member.orgCode, member.passphrase);
    const told: string[] = [];
    const live = new LiveSync(client, new MemoryStore(), {
      WebSocket: WebSocket as never,
      onChange: (s) => told.push(...s),
      initialDelayMs: 50,
    });
    lives.push(live);
    await live.start();
    return told;
  }

  it('keeps at most 5,000 characters, dropping the oldest items, and reaches members live', async () => {
    const { treasurer, others, groupId, group } = await groupWithContacts(server.url, ['Bob']);
    const [bob] = others as [typeof treasurer];
    // Bob's other session hears of his joining, then of the chat.
    const bobTold = await listening(bob);
    const bobsGroup = await join(treasurer, groupId, bob, allAccesses);
    await waitFor(() => bobTold.includes(avatarOf(bob)), { what: 'Bob told of his joining' });
    await postInGroupChat(treasurer.client, await group(), 'bonjour');
    await waitFor(() => bobTold.includes(groupId), { what: 'Bob told of the chat item' });

    const long = 'x'.repeat(300);
    for (let i = 0; i < 17; i++) await postInGroupChat(bob.client, bobsGroup, long);
    const items = await readGroupChat(treasurer.client, await group());
    // 17 × 300 = 5,100: the first greeting and the oldest long item went.
    expect(items).toHaveLength(16);
    expect(items.every((i) => i.text === long && i.authorId === avatarOf(bob))).toBe(true);
    expect((await groupRows(server, groupId)).chat.reduce((sum, i) => sum + i.length, 0)).toBeLessThanOrEqual(groupChatMaxLength);
  });

  it('refuses items over 300 characters and members without access to the chat, writing nothing', async () => {
    const { treasurer, others, groupId, group } = await groupWithContacts(server.url, ['Bob']);
    const [bob] = others as [typeof treasurer];
    await join(treasurer, groupId, bob, { ...allAccesses, members: false });
    const before = await groupRows(server, groupId);
    expect((await refusal(postInGroupChat(treasurer.client, await group(), 'x'.repeat(301)))).code).toBe('GROUP_CHAT_ITEM_TOO_LARGE');
    const raw = (length: number, text: string) =>
      treasurer.client.call('group.postChat', { groupId, avatarId: avatarOf(treasurer), keyVersion: 1, length, text });
    expect((await refusal(raw(301, 'eA'))).code).toBe('VALIDATION_FAILED');
    expect((await refusal(raw(1, 'A'.repeat(2001)))).code).toBe('VALIDATION_FAILED');
    expect((await refusal(postInGroupChat(bob.client, await findGroup(bob.client, groupId), 'moi aussi'))).code).toBe(
      'GROUP_MEMBERS_ACCESS_REQUIRED',
    );
    expect(await groupRows(server, groupId)).toEqual(before);
    // Granted the access, Bob writes.
    await setMemberRights(treasurer.client, await group(), await memberView(treasurer, groupId, avatarOf(bob)), { members: true });
    await postInGroupChat(bob.client, await findGroup(bob.client, groupId), 'moi aussi');
    expect((await readGroupChat(treasurer.client, await group())).map((i) => i.text)).toEqual(['moi aussi']);
  });
});
