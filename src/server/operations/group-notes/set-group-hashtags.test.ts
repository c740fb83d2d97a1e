import { afterAll, beforeAll, expect, it } from 'vitest';
import { MemoryStore } from '../../../client/local-store.js';
import { catchUp } from '../../../client/notes.js';
import { createGroupNote, readGroupNotes, setGroupHashtags, setMyHashtags } from '../../../client/group-notes.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { joinGroup, newGroup } from '../../../../test/support/group-notes.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';
import type { GroupNotesReading } from '../../../client/group-notes.js';

describeEngines('groupNote.setGroupHashtags and groupNote.setHashtags', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it('lets moderators set group hashtags and every reader its own; the filter spans every group', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const bobAvatar = bob.client.member.avatars[0]!.id;
    const first = await newGroup(treasurer);
    const second = await newGroup(treasurer);
    await joinGroup(server, first.groupId, bobAvatar, { notes: 'read' });
    await joinGroup(server, second.groupId, bobAvatar, { notes: 'read' });
    const a = await createGroupNote(treasurer.client, first.keys, first.avatarId, 'budget 2027');
    const b = await createGroupNote(treasurer.client, second.keys, second.avatarId, 'budget of the club');
    await createGroupNote(treasurer.client, second.keys, second.avatarId, 'unrelated');
    await setGroupHashtags(treasurer.client, first.keys, first.avatarId, a.id, ['#budget']);
    await setMyHashtags(bob.client, bobAvatar, b.id, ['budget', 'mine']);

    // Bob reads, without moderating: group hashtags are not his to set.
    expect((await refusal(setGroupHashtags(bob.client, first.keys, bobAvatar, a.id, ['#mine']))).code).toBe('GROUP_NOT_MODERATOR');
    const row = await server.store.db.selectFrom('group_note_hashtags').selectAll().executeTakeFirstOrThrow();
    expect([row.subtree, row.note_id, row.payload.includes('mine')]).toEqual([bobAvatar, b.id, false]);

    const store = new MemoryStore();
    await catchUp(bob.client, store);
    const keys = new Map([first, second].map((g) => [g.groupId, g.keys]));
    const read: GroupNotesReading = { keysOf: (g) => keys.get(g), signingKeyOf: () => undefined, hashtag: 'Budget' };
    expect((await readGroupNotes(bob.client, store, read)).map((n) => [n.text, n.groupHashtags, n.myHashtags])).toEqual([
      ['budget 2027', ['#budget'], []],
      ['budget of the club', [], ['budget', 'mine']],
    ]);
    // The treasurer does not see Bob's own hashtags.
    const theirs = new MemoryStore();
    await catchUp(treasurer.client, theirs);
    expect((await readGroupNotes(treasurer.client, theirs, { ...read, hashtag: 'mine' })).length).toBe(0);

    // Removed, Bob's hashtags leave a tombstone his store applies.
    await setMyHashtags(bob.client, bobAvatar, b.id, []);
    await catchUp(bob.client, store);
    expect((await readGroupNotes(bob.client, store, { ...read, hashtag: 'mine' })).length).toBe(0);
    const carol = await sponsored(treasurer, 'Carol');
    expect((await refusal(setMyHashtags(carol.client, carol.client.member.avatars[0]!.id, b.id, ['x']))).code).toBe('NOTE_NOT_FOUND');
  });
});
