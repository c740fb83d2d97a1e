import { afterAll, beforeAll, expect, it } from 'vitest';
import { avatars, consumption, createAvatar, deleteAvatar, lookupContact, setContactPhrase } from '../../../client/membership.js';
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
