import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { MemoryStore } from '../../../client/local-store.js';
import { catchUp, createNote, deleteNote, editNote, readNotes } from '../../../client/notes.js';
import { createAvatar } from '../../../client/membership.js';
import { noteMaxLength } from '../../../shared/protocol.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

const text = (t: string, ...hashtags: string[]) => ({ text: t, hashtags });

describeEngines('notes and catch-up sync', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it('keeps two sessions of one account in step after interleaved edits, changes only on return', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const laptop = treasurer.client;
    const phone = new IlotClient(server.url);
    await phone.signIn(treasurer.orgCode, treasurer.passphrase);
    const avatar = laptop.member.avatars[0]!.id;
    const [laptopStore, phoneStore] = [new MemoryStore(), new MemoryStore()];

    const root = await createNote(laptop, avatar, text('# Courses', 'maison'));
    const child = await createNote(phone, avatar, text('- pain\n- lait'), root.id);
    await editNote(laptop, child.id, text('- pain\n- lait\n- œufs', 'maison'));
    const other = await createNote(phone, avatar, text('Idées de sorties', 'loisirs'));
    await catchUp(laptop, laptopStore);
    await catchUp(phone, phoneStore);
    const seen = async (client: IlotClient, store: MemoryStore) => (await readNotes(client, store)).map((n) => [n.id, n.parentId, n.text, n.hashtags]);
    expect(await seen(laptop, laptopStore)).toEqual(await seen(phone, phoneStore));
    expect((await readNotes(phone, phoneStore, { hashtag: '#maison' })).map((n) => n.text)).toEqual(['# Courses', '- pain\n- lait\n- œufs']);

    // Returning sessions get only what changed.
    await deleteNote(phone, root.id);
    await editNote(phone, other.id, text('Idées de sorties : musée', 'loisirs'));
    const answer = await laptop.call<{ notes: unknown[]; tombstones: { id: string }[]; more: boolean }>('sync.pull', { known: await laptopStore.known() });
    // The deleted root's child moved up (a new version of it), the edited note, and one tombstone.
    expect([answer.notes.length, answer.tombstones.map((t) => t.id), answer.more]).toEqual([2, [root.id], false]);
    await laptopStore.apply(answer as never);
    expect((await readNotes(laptop, laptopStore)).map((n) => [n.text, n.parentId])).toEqual([['- pain\n- lait\n- œufs', null], ['Idées de sorties : musée', null]]);
    expect(await laptop.call('sync.pull', { known: await laptopStore.known() })).toMatchObject({ notes: [], tombstones: [], more: false });
  });

  it('sends a large perimeter in bounded batches until current', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const client = treasurer.client;
    const avatars = [client.member.avatars[0]!.id, (await createAvatar(client, 'Second')).id];
    for (let i = 0; i < 30; i++) await createNote(client, avatars[i % 2]!, text(`note ${i}`));
    const store = new MemoryStore();
    let pulls = 0;
    for (let more = true; more; pulls++) {
      const answer = await client.call<{ notes: unknown[]; more: boolean }>('sync.pull', { known: await store.known(), maxDocuments: 7 });
      expect(answer.notes.length).toBeLessThanOrEqual(7);
      await store.apply(answer as never);
      more = answer.more;
    }
    expect(pulls).toBeGreaterThanOrEqual(5);
    expect((await readNotes(client, store)).map((n) => n.text).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `note ${i}`).sort());
  });

  it('never sends a document outside the session’s perimeter, and drops a subtree that left it', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    await createNote(treasurer.client, treasurer.client.member.avatars[0]!.id, text('the treasurer’s own note'));
    const pseudo = await createAvatar(bob.client, 'Pseudo');
    await createNote(bob.client, bob.client.member.avatars[0]!.id, text('Bob’s note'));
    await createNote(bob.client, pseudo.id, text('a note of the pseudonym'));
    const bobStore = new MemoryStore();
    await catchUp(bob.client, bobStore);
    expect((await readNotes(bob.client, bobStore)).map((n) => n.text).sort()).toEqual(['Bob’s note', 'a note of the pseudonym']);
    const treasurerStore = new MemoryStore();
    await catchUp(treasurer.client, treasurerStore);
    expect((await readNotes(treasurer.client, treasurerStore)).map((n) => n.text)).toEqual(['the treasurer’s own note']);
    // Asking about another account's avatar gets nothing of it: it is not in the perimeter.
    const foreign = await treasurer.client.call<{ notes: unknown[]; reset: string[] }>('sync.pull', { known: [{ subtree: pseudo.id, version: 0 }] });
    expect(foreign.reset).toEqual([pseudo.id]);
    expect(foreign.notes).toHaveLength(1);
    await bob.client.call('avatar.delete', { avatarId: pseudo.id });
    const after = await bob.client.call<{ reset: string[] }>('sync.pull', { known: await bobStore.known() });
    expect(after.reset).toEqual([pseudo.id]);
  });

  it('detects altered ciphertext on the client', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const note = await createNote(treasurer.client, treasurer.client.member.avatars[0]!.id, text('secret'));
    const row = await server.store.db.selectFrom('notes').select('payload').where('id', '=', note.id).executeTakeFirstOrThrow();
    const flipped = (row.payload[20] === 'A' ? 'B' : 'A');
    await server.store.db.updateTable('notes').set({ payload: row.payload.slice(0, 20) + flipped + row.payload.slice(21) }).where('id', '=', note.id).execute();
    const store = new MemoryStore();
    await catchUp(treasurer.client, store);
    expect((await refusal(readNotes(treasurer.client, store))).code).toBe('NOTE_ALTERED');
    expect(row.payload).not.toContain('secret');
  });

  it('refuses parents of another avatar, cycles, oversize notes and others’ notes, writing nothing', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const mine = treasurer.client.member.avatars[0]!.id;
    const a = await createNote(treasurer.client, mine, text('a'));
    const b = await createNote(treasurer.client, mine, text('b'), a.id);
    const c = await createNote(treasurer.client, mine, text('c'), b.id);
    const bobs = await createNote(bob.client, bob.client.member.avatars[0]!.id, text('Bob’s'));
    const before = await server.store.db.selectFrom('notes').selectAll().orderBy('id').execute();

    expect((await refusal(createNote(treasurer.client, mine, text('x'), bobs.id))).code).toBe('NOTE_NOT_FOUND');
    expect((await refusal(editNote(treasurer.client, a.id, text('a'), c.id))).code).toBe('NOTE_CYCLE');
    expect((await refusal(editNote(treasurer.client, a.id, text('a'), a.id))).code).toBe('NOTE_CYCLE');
    expect((await refusal(editNote(treasurer.client, bobs.id, text('mine now')))).code).toBe('NOTE_NOT_FOUND');
    expect((await refusal(deleteNote(treasurer.client, bobs.id))).code).toBe('NOTE_NOT_FOUND');
    expect((await refusal(createNote(treasurer.client, bob.client.member.avatars[0]!.id, text('in Bob’s avatar')))).code).toBe('AVATAR_NOT_FOUND');
    expect((await refusal(createNote(treasurer.client, mine, text('x'.repeat(5001))))).code).toBe('NOTE_TOO_LARGE');
    expect((await refusal(treasurer.client.call('note.create', { avatarId: mine, parentId: null, payload: 'A'.repeat(noteMaxLength + 1) }))).code).toBe('NOTE_TOO_LARGE');
    expect(await server.store.db.selectFrom('notes').selectAll().orderBy('id').execute()).toEqual(before);
  });

  it('counts notes against the document quota: past it, nothing that adds volume, the rest still works', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob', { quotas: { documents: 2, volumeBytes: 1000 } });
    const avatar = bob.client.member.avatars[0]!.id;
    const first = await createNote(bob.client, avatar, text('one'));
    await createNote(bob.client, avatar, text('two'));
    const refused = await refusal(createNote(bob.client, avatar, text('three')));
    expect([refused.code, refused.details]).toEqual(['QUOTA_EXCEEDED', { documents: { used: 2, quota: 2 }, volumeBytes: { used: 0, quota: 1000 } }]);
    // No-growth: a new avatar is refused too; editing and deleting are not.
    expect((await refusal(createAvatar(bob.client, 'More'))).code).toBe('QUOTA_EXCEEDED');
    await editNote(bob.client, first.id, text('one, edited'));
    await deleteNote(bob.client, first.id);
    await createNote(bob.client, avatar, text('three, now that there is room'));
    const usage = await server.store.db.selectFrom('account_usage').select('documents').where('account_id', '=', bob.client.member.id).executeTakeFirstOrThrow();
    expect(usage.documents).toBe(2);
  });
});
