import { afterAll, beforeAll, expect, it } from 'vitest';
import { MemoryStore } from '../../../client/local-store.js';
import { catchUp, createNote, editNote, deleteNote, readNotes, readNotesAndAltered } from '../../../client/notes.js';
import { createAvatar } from '../../../client/membership.js';
import { noteMaxLength, noteTextMaxLength } from '../../../shared/limits.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored, usageOf } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

const text = (t: string, ...hashtags: string[]) => ({ text: t, hashtags });

describeEngines('note.create', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it('stores only ciphertext, and the client detects it altered', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const avatarId = treasurer.client.member.avatars[0]!.id;
    const note = await createNote(treasurer.client, avatarId, text('secret'));
    const sound = await createNote(treasurer.client, avatarId, text('intact'), note.id);
    const row = await server.store.db.selectFrom('notes').select('payload').where('id', '=', note.id).executeTakeFirstOrThrow();
    const flipped = row.payload[20] === 'A' ? 'B' : 'A';
    await server.store.db
      .updateTable('notes')
      .set({ payload: row.payload.slice(0, 20) + flipped + row.payload.slice(21) })
      .where('id', '=', note.id)
      .execute();
    const store = new MemoryStore();
    await catchUp(treasurer.client, store);
    expect((await refusal(readNotes(treasurer.client, store))).code).toBe('NOTE_ALTERED');
    // Read apart, the altered note is told by what the server knows of it, and the others still open.
    const { notes, altered } = await readNotesAndAltered(treasurer.client, store);
    expect(altered).toEqual([{ id: note.id, avatarId, parentId: null, version: expect.any(Number) as number }]);
    expect(notes.map((n) => [n.id, n.text, n.parentId])).toEqual([[sound.id, 'intact', note.id]]);
    expect(row.payload).not.toContain('secret');
  });

  it('refuses others’ avatars, parents of another avatar and oversize notes, writing nothing', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const mine = treasurer.client.member.avatars[0]!.id;
    const pseudonym = await createAvatar(treasurer.client, 'Pseudo');
    const elsewhere = await createNote(treasurer.client, pseudonym.id, text('under the pseudonym'));
    const bobs = await createNote(bob.client, bob.client.member.avatars[0]!.id, text('Bob’s'));
    const before = await server.store.db.selectFrom('notes').selectAll().orderBy('id').execute();
    const versions = await server.store.db.selectFrom('subtree_versions').selectAll().orderBy('subtree').execute();

    expect((await refusal(createNote(treasurer.client, bob.client.member.avatars[0]!.id, text('in Bob’s avatar')))).code).toBe(
      'AVATAR_NOT_FOUND',
    );
    expect((await refusal(createNote(treasurer.client, mine, text('x'), bobs.id))).code).toBe('NOTE_NOT_FOUND');
    expect((await refusal(createNote(treasurer.client, mine, text('x'), elsewhere.id))).code).toBe('NOTE_NOT_FOUND');
    expect((await refusal(createNote(treasurer.client, mine, text('x'.repeat(noteTextMaxLength + 1))))).code).toBe('NOTE_TOO_LARGE');
    expect(
      (await refusal(treasurer.client.call('note.create', { avatarId: mine, parentId: null, payload: 'A'.repeat(noteMaxLength + 1) })))
        .code,
    ).toBe('NOTE_TOO_LARGE');
    expect(await server.store.db.selectFrom('notes').selectAll().orderBy('id').execute()).toEqual(before);
    // A refused creation takes no version either, even of the avatar it aimed at.
    expect(await server.store.db.selectFrom('subtree_versions').selectAll().orderBy('subtree').execute()).toEqual(versions);
  });

  it('counts notes against the document quota: past it, nothing that adds volume, the rest still works', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob', { quotas: { documents: 2, volumeBytes: 1000 } });
    const avatar = bob.client.member.avatars[0]!.id;
    const first = await createNote(bob.client, avatar, text('one'));
    await createNote(bob.client, avatar, text('two'));
    const refused = await refusal(createNote(bob.client, avatar, text('three')));
    expect([refused.code, refused.details]).toEqual([
      'QUOTA_EXCEEDED',
      { documents: { used: 2, quota: 2 }, volumeBytes: { used: 0, quota: 1000 } },
    ]);
    // No-growth: a new avatar is refused too; editing and deleting are not.
    expect((await refusal(createAvatar(bob.client, 'More'))).code).toBe('QUOTA_EXCEEDED');
    await editNote(bob.client, first.id, text('one, edited'));
    await deleteNote(bob.client, first.id);
    await createNote(bob.client, avatar, text('three, now that there is room'));
    expect((await usageOf(server, bob.client)).documents).toBe(2);
  });
});
