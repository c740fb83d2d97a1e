import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { attachFile } from '../../../client/files.js';
import { MemoryStore } from '../../../client/local-store.js';
import { catchUp, createNote, deleteNote, editNote, readNotes } from '../../../client/notes.js';
import { createAvatar, deleteAvatar } from '../../../client/membership.js';
import { perimeterOf } from '../../../domain/perimeter.js';
import { spaceOfId } from '../../../shared/ids.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { source } from '../../../../test/support/files.js';
import { withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

const text = (t: string, ...hashtags: string[]) => ({ text: t, hashtags });

describeEngines('sync.pull', (engine) => {
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
    const seen = async (client: IlotClient, store: MemoryStore) =>
      (await readNotes(client, store)).map((n) => [n.id, n.parentId, n.text, n.hashtags]);
    expect(await seen(laptop, laptopStore)).toEqual(await seen(phone, phoneStore));
    expect((await readNotes(phone, phoneStore, { hashtag: '#maison' })).map((n) => n.text)).toEqual([
      '# Courses',
      '- pain\n- lait\n- œufs',
    ]);

    // Returning sessions get only what changed.
    await deleteNote(phone, root.id);
    await editNote(phone, other.id, text('Idées de sorties : musée', 'loisirs'));
    const answer = await laptop.call('sync.pull', { known: await laptopStore.known() });
    // The deleted root's child moved up (a new version of it), the edited note, and one tombstone.
    expect([answer.notes.length, answer.tombstones.map((t) => t.id), answer.more]).toEqual([2, [root.id], false]);
    await laptopStore.apply(answer);
    expect((await readNotes(laptop, laptopStore)).map((n) => [n.text, n.parentId])).toEqual([
      ['- pain\n- lait\n- œufs', null],
      ['Idées de sorties : musée', null],
    ]);
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
      const answer = await client.call('sync.pull', { known: await store.known(), maxDocuments: 7 });
      expect(answer.notes.length).toBeLessThanOrEqual(7);
      await store.apply(answer);
      more = answer.more;
    }
    expect(pulls).toBeGreaterThanOrEqual(5);
    expect((await readNotes(client, store)).map((n) => n.text).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `note ${i}`).sort());
  });

  it('ends batches on whole versions: a version larger than a batch goes in one answer', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const client = treasurer.client;
    const avatar = client.member.avatars[0]!.id;
    const parent = await createNote(client, avatar, text('parent'));
    for (let i = 0; i < 6; i++) await createNote(client, avatar, text(`child ${i}`), parent.id);
    const store = new MemoryStore();
    await catchUp(client, store);
    // Deleting the parent moves its 6 children up: 6 notes and a tombstone, all in one version.
    const { version } = await deleteNote(client, parent.id);
    const after = await createNote(client, avatar, text('one more'));
    const first = await client.call('sync.pull', { known: await store.known(), maxDocuments: 2 });
    expect([
      first.notes.length,
      first.notes.every((n) => n.version === version),
      first.tombstones.map((t) => t.id),
      first.reached,
      first.more,
    ]).toEqual([6, true, [parent.id], [{ subtree: avatar, version }], true]);
    await store.apply(first);
    const second = await client.call('sync.pull', { known: await store.known(), maxDocuments: 2 });
    expect([second.notes.map((n) => n.id), second.reached, second.more]).toEqual([
      [after.id],
      [{ subtree: avatar, version: after.version }],
      false,
    ]);
    await store.apply(second);
    expect((await readNotes(client, store)).map((n) => [n.text, n.parentId])).toEqual([
      ...Array.from({ length: 6 }, (_, i) => [`child ${i}`, null]),
      ['one more', null],
    ]);
  });

  it('sends deletions as tombstones, and has a client rebuild a subtree whose tombstones it cannot get', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const client = treasurer.client;
    const avatar = client.member.avatars[0]!.id;
    const note = await createNote(client, avatar, text('with a file'));
    const file = await attachFile(client, note.id, source('a.txt', new Uint8Array(10)));
    const kept = await createNote(client, avatar, text('kept'));
    const store = new MemoryStore();
    await catchUp(client, store);
    expect([(await store.notes()).length, (await store.files()).length]).toEqual([2, 1]);

    const deleted = await deleteNote(client, note.id);
    const answer = await client.call('sync.pull', { known: await store.known() });
    expect(answer.tombstones.map((t) => [t.id, t.version]).sort()).toEqual(
      [
        [note.id, deleted.version],
        [file.id, deleted.version],
      ].sort(),
    );
    await store.apply(answer);
    expect([(await store.notes()).map((n) => n.id), await store.files()]).toEqual([[kept.id], []]);

    // Tombstones purged (as the daily task does) up to a version the client is past: nothing to rebuild.
    const db = server.store.db;
    await db.deleteFrom('tombstones').where('subtree', '=', avatar).execute();
    await db.updateTable('subtree_versions').set({ tombstones_purged_to: deleted.version }).where('subtree', '=', avatar).execute();
    expect(await client.call('sync.pull', { known: await store.known() })).toMatchObject({ reset: [], notes: [], more: false });
    // A client that knew an older version would miss deletions: it rebuilds from version 0.
    const late = await client.call('sync.pull', { known: [{ subtree: avatar, version: deleted.version - 1 }] });
    expect([late.reset, late.notes.map((n) => n.id), late.tombstones, late.reached]).toEqual([
      [avatar],
      [kept.id],
      [],
      [{ subtree: avatar, version: deleted.version }],
    ]);
    // So does one that knew a version the server never reached (a restored backup, say).
    const ahead = await client.call('sync.pull', { known: [{ subtree: avatar, version: deleted.version + 10 }] });
    expect([ahead.reset, ahead.notes.map((n) => n.id)]).toEqual([[avatar], [kept.id]]);
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
    const foreign = await treasurer.client.call('sync.pull', { known: [{ subtree: pseudo.id, version: 0 }] });
    expect(foreign.reset).toEqual([pseudo.id]);
    expect(foreign.notes).toHaveLength(1);
    expect(foreign.perimeter.map((p) => p.subtree)).toEqual([treasurer.client.member.avatars[0]!.id]);

    // The perimeter: the account (for notices of its own changes), then the session's avatars, the
    // primary first; sync sends the avatars'.
    const avatars = [bob.client.member.avatars[0]!.id, pseudo.id];
    const bobAccount = { spaceId: spaceOfId(bob.client.member.id), accountId: bob.client.member.id, avatars };
    expect((await perimeterOf(server.store.db, bobAccount)).map((s) => [s.kind, s.id])).toEqual([
      ['account', bobAccount.accountId],
      ...avatars.map((id) => ['avatar', id]),
    ]);
    expect((await bob.client.call('sync.pull', { known: [] })).perimeter.map((p) => p.subtree)).toEqual(avatars);

    await deleteAvatar(bob.client, pseudo.id);
    const after = await bob.client.call('sync.pull', { known: await bobStore.known() });
    expect(after.reset).toEqual([pseudo.id]);
    expect(after.perimeter.map((p) => p.subtree)).toEqual([bob.client.member.avatars[0]!.id]);
  });
});
