import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  addContact,
  avatars,
  consumption,
  createAvatar,
  deleteAvatar,
  lookupContact,
  setContactPhrase,
} from '../../../client/membership.js';
import { acceptInvitation, createGroup, findGroup, inviteToGroup, listContactInGroup } from '../../../client/groups.js';
import { allAccesses, memberView } from '../../../../test/support/groups.js';
import { createNote } from '../../../client/notes.js';
import { waitFor } from '../../../../test/support/wait.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('avatar.delete', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it('deletes a secondary avatar at once: its contact phrase is free, its notes stop counting, its purge is queued', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const pseudo = await createAvatar(bob.client, 'Robert');
    await setContactPhrase(bob.client, pseudo.id, 'the contact phrase of Robert');
    await createNote(bob.client, pseudo.id, { text: 'a note of Robert', hashtags: [] });
    expect((await consumption(bob.client)).documents.used).toBe(1);

    await deleteAvatar(bob.client, pseudo.id);
    expect((await avatars(bob.client)).map((a) => a.name)).toEqual(['Bob']);
    expect(bob.client.member.avatars.map((a) => a.id)).not.toContain(pseudo.id);
    expect((await consumption(bob.client)).documents.used).toBe(0);
    expect((await refusal(lookupContact(treasurer.client, 'the contact phrase of Robert'))).code).toBe('CONTACT_PHRASE_INVALID');
    await setContactPhrase(treasurer.client, treasurer.client.member.avatars[0]!.id, 'the contact phrase of Robert');
    // Its purge runs, then forgets what it purged: no task names the avatar any more, and its notes are gone.
    await waitFor(
      async () =>
        (await server.store.db.selectFrom('tasks').select('kind').where('target', '=', pseudo.id).execute()).length === 0 &&
        (await server.store.db.selectFrom('notes').select('id').where('subtree', '=', pseudo.id).execute()).length === 0,
      { what: "the avatar's purge done", timeoutMs: 120_000 },
    );
  });

  it('leaves its groups at once: its participations stop counting, their key is due for rotation, a group left empty is purged', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const pseudo = await createAvatar(bob.client, 'Robert');
    const db = server.store.db;
    // A group of Robert's alone, and the treasurer's group, which Robert joins through a contact phrase.
    const alone = await createGroup(bob.client, { avatarId: pseudo.id, name: 'Seul', card: null });
    const shared = await createGroup(treasurer.client, { name: 'Chorale', card: null });
    await setContactPhrase(bob.client, pseudo.id, 'the contact phrase of Robert');
    await addContact(treasurer.client, treasurer.client.member.avatars[0]!.id, 'the contact phrase of Robert');
    const chorale = await findGroup(treasurer.client, shared.groupId);
    await listContactInGroup(treasurer.client, chorale, pseudo.id);
    await inviteToGroup(treasurer.client, chorale, await memberView(treasurer, shared.groupId, pseudo.id), allAccesses);
    await acceptInvitation(bob.client, await findGroup(bob.client, shared.groupId, pseudo.id));
    expect((await consumption(bob.client)).documents.used).toBe(2);

    await deleteAvatar(bob.client, pseudo.id);
    expect((await consumption(bob.client)).documents.used).toBe(0);
    expect(await db.selectFrom('group_members').select('group_id').where('avatar_id', '=', pseudo.id).execute()).toEqual([]);
    // The treasurer's group: its key must be rotated before the next write; Robert holds no copy of it.
    expect(await db.selectFrom('groups').select('rotation_due').where('id', '=', shared.groupId).executeTakeFirstOrThrow()).toEqual({
      rotation_due: 1,
    });
    expect(await db.selectFrom('group_key_copies').select('avatar_id').where('avatar_id', '=', pseudo.id).execute()).toEqual([]);
    expect((await findGroup(treasurer.client, shared.groupId)).groupId).toBe(shared.groupId);
    // Robert's own group had no other member: it goes.
    await waitFor(async () => (await db.selectFrom('groups').select('id').where('id', '=', alone.groupId).execute()).length === 0, {
      what: "the abandoned group's purge",
      timeoutMs: 120_000,
    });
  });

  it('refuses the primary avatar, and the avatars of another account', async () => {
    // Refused before the keyring is looked at.
    const keyring = { sealed: 'AAAA', revision: 0 };
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const pseudo = await createAvatar(bob.client, 'Robert');
    expect((await refusal(bob.client.call('avatar.delete', { avatarId: bob.client.member.avatars[0]!.id, keyring }))).code).toBe(
      'AVATAR_PRIMARY',
    );
    expect((await refusal(treasurer.client.call('avatar.delete', { avatarId: pseudo.id, keyring }))).code).toBe('AVATAR_NOT_FOUND');
    expect((await refusal(bob.client.call('avatar.delete', { avatarId: treasurer.client.member.avatars[0]!.id, keyring }))).code).toBe(
      'AVATAR_NOT_FOUND',
    );
    expect((await avatars(bob.client)).map((a) => a.name)).toEqual(['Bob', 'Robert']);
    expect(await avatars(treasurer.client)).toHaveLength(1);
  });
});
