import { afterAll, beforeAll, expect, it } from 'vitest';
import { MemoryStore } from '../../../client/local-store.js';
import { catchUp } from '../../../client/notes.js';
import { createGroupNote, groupNoteWriters, readGroupNotes } from '../../../client/group-notes.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { joinGroup, newGroup } from '../../../../test/support/group-notes.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('groupNote.writers', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it("gives a reader the writers' signing keys: a sound authorship checks, one altered in the database does not", async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const carol = await sponsored(treasurer, 'Carol');
    const { groupId, keys, avatarId } = await newGroup(treasurer);
    const [bobAvatar, carolAvatar] = [bob, carol].map((m) => m.client.member.avatars[0]!.id) as [string, string];
    await joinGroup(server, groupId, bobAvatar, { notes: 'write' });
    await joinGroup(server, groupId, carolAvatar, { notes: 'read' });
    const sound = await createGroupNote(treasurer.client, keys, avatarId, 'sound');
    const altered = await createGroupNote(bob.client, keys, bobAvatar, 'altered');

    // Carol, who only reads and never wrote, gets the two writers' public keys, and no one else's.
    const writers = await groupNoteWriters(carol.client, groupId, carolAvatar);
    expect(writers).toEqual(
      new Map([
        [avatarId, treasurer.client.member.avatars[0]!.signingPublicKey],
        [bobAvatar, bob.client.member.avatars[0]!.signingPublicKey],
      ]),
    );

    // Bob's signature swapped for the treasurer's (well formed, another writing): Carol's client sees it.
    const signatureOf = (noteId: string) =>
      server.store.db.selectFrom('group_note_authors').select('signature').where('note_id', '=', noteId).executeTakeFirstOrThrow();
    await server.store.db
      .updateTable('group_note_authors')
      .set({ signature: (await signatureOf(sound.id)).signature })
      .where('note_id', '=', altered.id)
      .execute();
    const store = new MemoryStore();
    await catchUp(carol.client, store);
    const read = { keysOf: () => keys, signingKeyOf: (id: string) => writers.get(id) };
    expect((await readGroupNotes(carol.client, store, read)).map((n) => [n.text, n.authors.map((a) => a.verified)])).toEqual([
      ['sound', [true]],
      ['altered', [false]],
    ]);
  });

  it('refuses a non-member, an avatar of another session and a group of another space', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const carol = await sponsored(treasurer, 'Carol');
    const { groupId, avatarId } = await newGroup(treasurer);
    const elsewhere = await spaceWithTreasurer(server.url);
    const carolAvatar = carol.client.member.avatars[0]!.id;
    expect((await refusal(groupNoteWriters(carol.client, groupId, carolAvatar))).code).toBe('GROUP_NOT_FOUND');
    expect((await refusal(groupNoteWriters(carol.client, groupId, avatarId))).code).toBe('GROUP_NOT_FOUND');
    expect((await refusal(groupNoteWriters(elsewhere.client, groupId, elsewhere.client.member.avatars[0]!.id))).code).toBe('CROSS_SPACE');
  });
});
