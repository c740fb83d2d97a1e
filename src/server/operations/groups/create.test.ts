import { WebSocket } from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { findGroup, createGroup, postInGroupChat } from '../../../client/groups.js';
import { LiveSync } from '../../../client/live.js';
import { MemoryStore } from '../../../client/local-store.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored, usageOf } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';
import { waitFor } from '../../../../test/support/wait.js';

describeEngines('group.create', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it('makes the creator the first active member, moderator with every access, holding the first key', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const avatarId = treasurer.client.member.avatars[0]!.id;
    const before = (await usageOf(server, treasurer.client)).documents;
    const { groupId, version } = await createGroup(treasurer.client, { name: 'Chorale', card: { text: 'on chante', photo: null } });
    expect(version).toBe(1);
    const db = server.store.db;
    const group = await db.selectFrom('groups').selectAll().where('id', '=', groupId).executeTakeFirstOrThrow();
    expect([group.key_version, group.rotation_due, group.unanimous, group.host_avatar_id, group.card_key_version]).toEqual([
      1,
      0,
      0,
      avatarId,
      1,
    ]);
    expect(group.name).not.toContain('Chorale');
    const members = await db.selectFrom('group_members').selectAll().where('group_id', '=', groupId).execute();
    expect(members.map((m) => [m.avatar_id, m.state, m.members_access, m.notes_access, m.moderator])).toEqual([
      [avatarId, 'active', 1, 'write', 1],
    ]);
    const copies = await db.selectFrom('group_key_copies').select(['avatar_id', 'version']).where('group_id', '=', groupId).execute();
    expect(copies).toEqual([{ avatar_id: avatarId, version: 1 }]);
    // The participation is a document of the creator's account.
    expect((await usageOf(server, treasurer.client)).documents).toBe(before + 1);
  });

  it("reaches the creator's sessions already listening: the new group's changes are told to them live", async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const other = new IlotClient(server.url);
    await other.signIn(treasurer.orgCode, treasurer.passphrase);
    const told: string[] = [];
    const live = new LiveSync(other, new MemoryStore(), {
      WebSocket: WebSocket as never,
      onChange: (s) => told.push(...s),
      initialDelayMs: 50,
    });
    await live.start();
    try {
      const { groupId } = await createGroup(treasurer.client, { name: 'Chorale' });
      await waitFor(() => told.includes(treasurer.client.member.avatars[0]!.id), { what: 'the other session told of its new group' });
      await postInGroupChat(treasurer.client, await findGroup(treasurer.client, groupId), 'bonjour');
      await waitFor(() => told.includes(groupId), { what: 'the other session told of the chat item' });
    } finally {
      live.stop();
    }
  });

  it('refuses an avatar of another account or another space, and a full quota, writing nothing', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob', { quotas: { documents: 0, volumeBytes: 1000 } });
    const elsewhere = await spaceWithTreasurer(server.url);
    const groups = () =>
      server.store.db
        .selectFrom('groups')
        .select('id')
        .where('space_id', '=', Number(treasurer.client.member.id.slice(0, 2)))
        .execute();
    const before = await groups();
    const foreign = elsewhere.client.member.avatars[0]!;
    expect((await refusal(createGroup(treasurer.client, { name: 'x', avatarId: bob.client.member.avatars[0]!.id }))).code).toBe(
      'AVATAR_NOT_FOUND',
    );
    const sealed = { name: 'c2VhbGVk', card: null, unanimous: false, key: 'a2V5', cardKey: 'a2V5' };
    expect((await refusal(treasurer.client.call('group.create', { avatarId: foreign.id, ...sealed }))).code).toBe('CROSS_SPACE');
    expect((await refusal(treasurer.client.call('group.create', { avatarId: foreign.id.slice(1), ...sealed }))).code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await refusal(createGroup(bob.client, { name: 'x' }))).code).toBe('QUOTA_EXCEEDED');
    expect(await groups()).toEqual(before);
  });
});
