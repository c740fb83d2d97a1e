import { afterAll, beforeAll, expect, it } from 'vitest';
import { openAvatarPrivateKeys } from '../../../client/account-keys.js';
import { createGroupNote, deleteGroupNote, editGroupNote, groupHosting, hostGroup, unhostGroup } from '../../../client/group-notes.js';
import { payloadDigest, signAuthorship, toBase64Url } from '../../../shared/crypto/index.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored, usageOf } from '../../../../test/support/members.js';
import { joinGroup, newGroup } from '../../../../test/support/group-notes.js';
import { prepared, race, tally } from '../../../../test/support/race.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('group.host, group.unhost and group.hosting', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  const groupRow = (groupId: string) =>
    server.store.db.selectFrom('groups').selectAll().where('id', '=', groupId).executeTakeFirstOrThrow();

  it('charges the host’s account with the maxima; without a host nothing grows; another member takes over', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob', { quotas: { documents: 100, volumeBytes: 1_000_000 } });
    const carol = await sponsored(treasurer, 'Carol');
    const [bobAvatar, carolAvatar] = [bob.client.member.avatars[0]!.id, carol.client.member.avatars[0]!.id];
    const { groupId, keys, avatarId } = await newGroup(treasurer, { maxDocuments: 20, maxVolumeBytes: 5000 });
    await joinGroup(server, groupId, bobAvatar, { notes: 'write' });
    await joinGroup(server, groupId, carolAvatar, { notes: 'write' });
    // The treasurer's participation is a document; the maxima it hosts count on top.
    expect(await usageOf(server, treasurer.client)).toEqual({ documents: 21, volumeBytes: 5000 });
    const note = await createGroupNote(bob.client, keys, bobAvatar, 'written by Bob, counted on the host');
    expect(await usageOf(server, bob.client)).toEqual({ documents: 0, volumeBytes: 0 });
    expect((await refusal(hostGroup(carol.client, groupId, carolAvatar, { maxDocuments: 5, maxVolumeBytes: 0 }))).code).toBe(
      'GROUP_HAS_HOST',
    );
    expect((await refusal(unhostGroup(bob.client, groupId, bobAvatar))).code).toBe('GROUP_NOT_HOST');

    await unhostGroup(treasurer.client, groupId, avatarId);
    expect(await usageOf(server, treasurer.client)).toEqual({ documents: 1, volumeBytes: 0 });
    const hosting = await groupHosting(carol.client, groupId, carolAvatar);
    expect(hosting).toMatchObject({ hostAvatarId: null, documents: 1 });
    expect(hosting.destroyedAfter! - hosting.hostlessSince!).toBe(90 * 24 * 3600 * 1000);
    const before = await server.store.db.selectFrom('notes').selectAll().orderBy('id').execute();
    expect((await refusal(createGroupNote(bob.client, keys, bobAvatar, 'grows'))).code).toBe('GROUP_HOSTLESS');
    expect(
      (await refusal(bob.client.call('file.reserve', { noteId: note.id, nameTag: 'a'.repeat(43), size: 10, meta: 'c2VhbGVk' }))).code,
    ).toBe('GROUP_HOSTLESS');
    expect(await server.store.db.selectFrom('notes').selectAll().orderBy('id').execute()).toEqual(before);
    // What does not grow still works.
    await editGroupNote(bob.client, keys, bobAvatar, note, 'edited while hostless');

    // Bob cannot carry more than his quotas; within them, he takes over.
    const refused = await refusal(hostGroup(bob.client, groupId, bobAvatar, { maxDocuments: 200, maxVolumeBytes: 0 }));
    expect(refused.code).toBe('QUOTA_EXCEEDED');
    expect((await groupRow(groupId)).host_avatar_id).toBeNull();
    await hostGroup(bob.client, groupId, bobAvatar, { maxDocuments: 10, maxVolumeBytes: 1000 });
    expect(await usageOf(server, bob.client)).toEqual({ documents: 10, volumeBytes: 1000 });
    expect((await groupRow(groupId)).hostless_since).toBeNull();
    await createGroupNote(carol.client, keys, carolAvatar, 'grows again');
    // Lowering the maxima releases the difference; below what the group holds is refused.
    await hostGroup(bob.client, groupId, bobAvatar, { maxDocuments: 4, maxVolumeBytes: 0 });
    expect(await usageOf(server, bob.client)).toEqual({ documents: 4, volumeBytes: 0 });
    expect((await refusal(hostGroup(bob.client, groupId, bobAvatar, { maxDocuments: 1, maxVolumeBytes: 0 }))).code).toBe(
      'GROUP_MAXIMA_BELOW_USAGE',
    );
    const outsider = await sponsored(treasurer, 'Dave');
    const outsiderAvatar = outsider.client.member.avatars[0]!.id;
    expect((await refusal(hostGroup(outsider.client, groupId, outsiderAvatar, { maxDocuments: 9, maxVolumeBytes: 0 }))).code).toBe(
      'GROUP_NOT_FOUND',
    );
    expect((await refusal(groupHosting(outsider.client, groupId, outsiderAvatar))).code).toBe('GROUP_NOT_FOUND');

    // A host who leaves the group stops hosting: its account no longer carries the maxima.
    const charged = await usageOf(server, bob.client);
    await bob.client.call('group.leave', { groupId, avatarId: bobAvatar, forget: false });
    expect(await usageOf(server, bob.client)).toEqual({ documents: charged.documents - 1 - 4, volumeBytes: 0 });
    expect(await groupRow(groupId)).toMatchObject({ host_avatar_id: null, hostless_noticed_at: null });
    expect((await groupRow(groupId)).hostless_since).not.toBeNull();
  });

  it('holds the maxima under concurrent writers: each growth is counted in its own transaction', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const { groupId, keys, avatarId } = await newGroup(treasurer, { maxDocuments: 5 });
    const signing = (
      await openAvatarPrivateKeys(treasurer.client.member.keys.accountKey, treasurer.client.member.avatars[0]!.wrappedPrivateKeys)
    ).signing;
    const answers = await race(server.url, 12, async (i) => {
      const payload = toBase64Url(new TextEncoder().encode(`note number ${i} as ciphertext`));
      const signature = await signAuthorship(signing, { keyVersion: 1, digest: await payloadDigest(payload) });
      return prepared('groupNote.create', { groupId, avatarId, parentId: null, keyVersion: 1, payload, signature }, treasurer.client);
    });
    expect(tally(answers)).toEqual({ ok: 5, GROUP_MAXIMUM_REACHED: 7 });
    const row = await groupRow(groupId);
    const notes = await server.store.db.selectFrom('notes').select('id').where('subtree', '=', groupId).execute();
    expect([row.notes_count, notes.length]).toEqual([5, 5]);
    // A deletion makes room for exactly one more.
    await deleteGroupNote(treasurer.client, avatarId, notes[0]!.id);
    await createGroupNote(treasurer.client, keys, avatarId, 'one more');
    expect((await refusal(createGroupNote(treasurer.client, keys, avatarId, 'one too many'))).details).toEqual({
      notes: { used: 5, max: 5 },
      requested: 1,
    });
  });
});
