import { afterAll, beforeAll, expect, it } from 'vitest';
import { MemoryStore } from '../../../client/local-store.js';
import { catchUp, createNote, editNote, readNotes } from '../../../client/notes.js';
import { createAvatar } from '../../../client/membership.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

const text = (t: string, ...hashtags: string[]) => ({ text: t, hashtags });

describeEngines('note.edit', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it('changes the text, and the parent when given, in a new version of the avatar', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const client = treasurer.client;
    const avatar = client.member.avatars[0]!.id;
    const folder = await createNote(client, avatar, text('Courses'));
    const note = await createNote(client, avatar, text('pain'));
    const edited = await editNote(client, note.id, text('pain, lait', 'maison'));
    expect(edited).toEqual({ id: note.id, version: note.version + 1 });
    const moved = await editNote(client, note.id, text('pain, lait', 'maison'), folder.id);
    expect(moved.version).toBe(note.version + 2);
    const store = new MemoryStore();
    await catchUp(client, store);
    expect((await readNotes(client, store)).map((n) => [n.id, n.parentId, n.text, n.hashtags])).toEqual([
      [folder.id, null, 'Courses', []],
      [note.id, folder.id, 'pain, lait', ['maison']],
    ]);
    // Without a parent, the note stays where it is; null makes it a root.
    await editNote(client, note.id, text('pain, lait, œufs'));
    await editNote(client, folder.id, text('Courses de la semaine'));
    await catchUp(client, store);
    expect((await readNotes(client, store)).find((n) => n.id === note.id)?.parentId).toBe(folder.id);
    await editNote(client, note.id, text('pain, lait, œufs'), null);
    await catchUp(client, store);
    expect((await readNotes(client, store)).find((n) => n.id === note.id)?.parentId).toBeNull();
  });

  it('refuses cycles, parents of another avatar and others’ notes, writing nothing', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const mine = treasurer.client.member.avatars[0]!.id;
    const a = await createNote(treasurer.client, mine, text('a'));
    const b = await createNote(treasurer.client, mine, text('b'), a.id);
    const c = await createNote(treasurer.client, mine, text('c'), b.id);
    const elsewhere = await createNote(treasurer.client, (await createAvatar(treasurer.client, 'Pseudo')).id, text('under the pseudonym'));
    const bobs = await createNote(bob.client, bob.client.member.avatars[0]!.id, text('Bob’s'));
    const before = await server.store.db.selectFrom('notes').selectAll().orderBy('id').execute();

    expect((await refusal(editNote(treasurer.client, a.id, text('a'), c.id))).code).toBe('NOTE_CYCLE');
    expect((await refusal(editNote(treasurer.client, a.id, text('a'), a.id))).code).toBe('NOTE_CYCLE');
    expect((await refusal(editNote(treasurer.client, a.id, text('a'), elsewhere.id))).code).toBe('NOTE_NOT_FOUND');
    expect((await refusal(editNote(treasurer.client, a.id, text('a'), bobs.id))).code).toBe('NOTE_NOT_FOUND');
    expect((await refusal(editNote(treasurer.client, bobs.id, text('mine now')))).code).toBe('NOTE_NOT_FOUND');
    expect(await server.store.db.selectFrom('notes').selectAll().orderBy('id').execute()).toEqual(before);
  });
});
