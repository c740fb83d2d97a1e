import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { proofsFor, tokenSecretOf } from '../../../client/keyring.js';
import { createAvatar } from '../../../client/membership.js';
import { createNote } from '../../../client/notes.js';
import { newScopedId, spaceOfId } from '../../../shared/ids.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { accountRow, spaceWithTreasurer, sponsored, usageOf, type Member } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('session.presentAvatars', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, await withOperators());
  });
  afterAll(() => server.stop());

  /**
   * A session of the member's account that has presented none of its secondary avatars, as an
   * intruder would hold; it has presented the usage key unless `keyless` (as an old client).
   */
  async function bareSession(
    member: Member,
    keyless = false,
  ): Promise<{
    token: string;
    call: (name: string, input: object) => Promise<{ status: number; code?: string }>;
    present: (input: object) => Promise<{ status: number; code?: string }>;
  }> {
    const keys = await member.client.phraseKeys(member.passphrase, member.orgCode);
    const { token } = await new IlotClient(server.url).call('session.signIn', { orgCode: member.orgCode, ...keys });
    const call = async (name: string, input: object) => {
      const response = await fetch(`${server.url}/api/ops/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(input),
      });
      const body = (await response.json()) as { code?: string };
      return { status: response.status, code: body.code };
    };
    // What the account's client would present with the avatars: its usage key.
    const present = (input: object) => call('session.presentAvatars', { usageKey: member.client.member.keys.usageKey, ...input });
    if (!keyless) expect(await present({ avatars: [] })).toEqual({ status: 200, code: undefined });
    return { token, call, present };
  }

  /** Turns an avatar back into what one from before unlinking is after the migration: linked to its account, with no proof hash. */
  const makeLegacy = (member: Member, avatarId: string) =>
    server.store.db
      .updateTable('avatars')
      .set({ account_id: member.client.member.id, proof_hash: null })
      .where('id', '=', avatarId)
      .execute();

  const note = (avatarId: string) => ({ avatarId, parentId: null, payload: 'AAAA' });

  it('lets a session act as a secondary avatar only once it presented a proof made for it', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const pseudo = await createAvatar(bob.client, 'Robert');
    const entries = bob.client.keyringEntries;
    const session = await bareSession(bob);
    const revision = async () => (await accountRow(server, bob)).keyring_revision;
    const before = await revision();

    // Not presented: the avatar is as unknown to this session as another account's.
    expect(await session.call('note.create', note(pseudo.id))).toEqual({ status: 404, code: 'AVATAR_NOT_FOUND' });
    const refusals = [
      // A forged proof.
      [{ id: pseudo.id, proof: 'A'.repeat(43) }],
      // A proof made for another session (bob's own, replayed).
      await proofsFor(tokenSecretOf(bob.client.sessionToken!), entries),
      // The avatar's secret itself, unmasked: it is not a proof for this session either.
      [{ id: pseudo.id, proof: entries[0]!.secret }],
    ];
    for (const avatars of refusals) expect(await session.present({ avatars })).toEqual({ status: 403, code: 'AVATAR_PROOF_INVALID' });
    const unknown = newScopedId(spaceOfId(pseudo.id), 'avatar');
    expect(await session.present({ avatars: [{ id: unknown, proof: 'A'.repeat(43) }] })).toEqual({
      status: 404,
      code: 'AVATAR_NOT_FOUND',
    });
    // Nothing was written: the session still cannot act as the avatar, the keyring is as it was.
    expect(await session.call('note.create', note(pseudo.id))).toEqual({ status: 404, code: 'AVATAR_NOT_FOUND' });
    expect(await revision()).toBe(before);

    expect(await session.present({ avatars: await proofsFor(tokenSecretOf(session.token), entries) })).toEqual({
      status: 200,
      code: undefined,
    });
    expect((await session.call('note.create', note(pseudo.id))).status).toBe(200);
  });

  it('refuses a proof replayed by a session of another account', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const pseudo = await createAvatar(bob.client, 'Robert');
    const intruder = await bareSession(treasurer);
    // Bob's proof, replayed by a session of another account.
    const replayed = await proofsFor(tokenSecretOf(bob.client.sessionToken!), bob.client.keyringEntries);
    expect(replayed.map((p) => p.id)).toEqual([pseudo.id]);
    expect(await intruder.present({ avatars: replayed })).toEqual({ status: 403, code: 'AVATAR_PROOF_INVALID' });
    expect(await intruder.call('note.create', note(pseudo.id))).toEqual({ status: 404, code: 'AVATAR_NOT_FOUND' });
    expect((await refusal(treasurer.client.call('note.create', note(pseudo.id)))).code).toBe('AVATAR_NOT_FOUND');
  });

  it('keeps sessions opened before the upgrade: they act as the avatars their account names until they end', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const pseudo = await createAvatar(bob.client, 'Robert');
    await makeLegacy(bob, pseudo.id);
    // As the account stands after the upgrade: no usage key yet, its usage in clear.
    await server.store.db.deleteFrom('account_usage').where('account_id', '=', bob.client.member.id).execute();
    await server.store.db.updateTable('accounts').set({ usage_key_hash: null }).where('id', '=', bob.client.member.id).execute();
    const old = await bareSession(bob, true);
    const id = old.token.split('.')[1]!;
    await server.store.db.updateTable('sessions').set({ sealed_state: null }).where('id', '=', id).execute();
    expect((await old.call('note.create', note(bob.client.member.avatars[0]!.id))).status).toBe(200);
    expect((await old.call('note.create', note(pseudo.id))).status).toBe(200);
    expect((await usageOf(server, bob.client)).documents).toBe(2);

    // Once a new session masked the account's usage, the old one can no longer tell it: it may
    // read and remove, but adding waits for it to sign in again.
    const again = new IlotClient(server.url);
    await again.signIn(bob.orgCode, bob.passphrase);
    expect(await old.call('note.create', note(pseudo.id))).toEqual({ status: 409, code: 'USAGE_KEY_MISSING' });
    expect((await old.call('avatar.list', {})).status).toBe(200);
    expect((await usageOf(server, bob.client)).documents).toBe(2);
    await createNote(again, pseudo.id, { text: 'from the new session', hashtags: [] });
    expect((await usageOf(server, bob.client)).documents).toBe(3);
  });

  it("refuses a usage key that is not the account's, writing nothing", async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    await createNote(bob.client, bob.client.member.avatars[0]!.id, { text: 'one', hashtags: [] });
    const session = await bareSession(bob, true);
    const before = await server.store.db.selectFrom('account_usage').selectAll().where('account_id', '=', bob.client.member.id).execute();
    // The treasurer's key, or any other: either would make the usage read wrong, and so quotas.
    for (const usageKey of [treasurer.client.member.keys.usageKey, 'A'.repeat(43)])
      expect(await session.present({ avatars: [], usageKey })).toEqual({ status: 403, code: 'USAGE_KEY_INVALID' });
    expect(await session.call('note.create', note(bob.client.member.avatars[0]!.id))).toEqual({ status: 409, code: 'USAGE_KEY_MISSING' });
    expect(await server.store.db.selectFrom('account_usage').selectAll().where('account_id', '=', bob.client.member.id).execute()).toEqual(
      before,
    );
    expect(await session.present({ avatars: [] })).toEqual({ status: 200, code: undefined });
    expect((await session.call('note.create', note(bob.client.member.avatars[0]!.id))).status).toBe(200);
    expect((await usageOf(server, bob.client)).documents).toBe(2);
  });

  it('refuses to forget a living avatar or adopt one not linked to the account, writing nothing', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const pseudo = await createAvatar(bob.client, 'Robert');
    const before = await accountRow(server, bob);
    const session = await bareSession(bob);
    const keyring = (change: { adopted?: { id: string; proofHash: string }[]; forgotten?: string[] }) => ({
      sealed: 'AAAA',
      revision: before.keyring_revision,
      adopted: change.adopted ?? [],
      forgotten: change.forgotten ?? [],
    });
    expect(await session.present({ avatars: [], keyring: keyring({ forgotten: [pseudo.id] }) })).toEqual({
      status: 403,
      code: 'AVATAR_PROOF_INVALID',
    });
    const adopted = [{ id: pseudo.id, proofHash: 'b'.repeat(64) }];
    expect(await session.present({ avatars: [], keyring: keyring({ adopted }) })).toEqual({
      status: 404,
      code: 'AVATAR_NOT_FOUND',
    });
    expect(await accountRow(server, bob)).toEqual(before);
    const row = await server.store.db
      .selectFrom('avatars')
      .select(['account_id', 'proof_hash'])
      .where('id', '=', pseudo.id)
      .executeTakeFirstOrThrow();
    expect(row.account_id).toBeNull();
    expect(row.proof_hash).not.toBe('b'.repeat(64));
  });

  it('moves legacy avatars, still linked to their account, into its keyring at the next sign-in', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const pseudo = await createAvatar(bob.client, 'Robert');
    // As an avatar created before unlinking stands after the migration.
    await makeLegacy(bob, pseudo.id);
    await server.store.db
      .updateTable('accounts')
      .set({ keyring: null, keyring_revision: 0 })
      .where('id', '=', bob.client.member.id)
      .execute();

    const again = new IlotClient(server.url);
    await again.signIn(bob.orgCode, bob.passphrase);
    expect(again.member.avatars.map((a) => a.id)).toEqual([bob.client.member.avatars[0]!.id, pseudo.id]);
    const row = await server.store.db.selectFrom('avatars').selectAll().where('id', '=', pseudo.id).executeTakeFirstOrThrow();
    expect(row.account_id).toBeNull();
    expect(row.proof_hash).toMatch(/^[0-9a-f]{64}$/);
    const account = await accountRow(server, bob);
    expect(account).toMatchObject({ keyring_revision: 1, secondary_avatars: 1 });

    // From now on the keyring alone brings it back.
    const third = new IlotClient(server.url);
    await third.signIn(bob.orgCode, bob.passphrase);
    expect(third.member.avatars.map((a) => a.id)).toEqual([bob.client.member.avatars[0]!.id, pseudo.id]);
    await createNote(third, pseudo.id, { text: 'still mine', hashtags: [] });
  });

  describe('in the sign-in itself', () => {
    /** A client that records which operations it calls. */
    const spying = () => {
      const calls: string[] = [];
      const client = new IlotClient(server.url, {
        fetch: (url, init) => {
          const href = url instanceof Request ? url.url : url instanceof URL ? url.href : url;
          calls.push(href.split('/api/ops/')[1] ?? href);
          return fetch(url, init);
        },
      });
      return { client, calls };
    };
    const sessionCount = async () => (await server.store.db.selectFrom('sessions').select('id').execute()).length;

    it('presents the avatars with the sign-in when the client remembered the account, in one request', async () => {
      const treasurer = await spaceWithTreasurer(server.url);
      const bob = await sponsored(treasurer, 'Bob');
      const pseudo = await createAvatar(bob.client, 'Robert');
      await createNote(bob.client, pseudo.id, { text: 'one', hashtags: [] });
      const remembered = bob.client.remembered();
      expect(JSON.stringify(remembered)).not.toContain(bob.client.keyringEntries[0]!.secret);

      const { client, calls } = spying();
      await client.signIn(bob.orgCode, bob.passphrase, remembered);
      expect(calls.filter((c) => c.startsWith('session.'))).toEqual(['session.signIn']);
      expect(client.member.avatars.map((a) => a.id)).toEqual([bob.client.member.avatars[0]!.id, pseudo.id]);
      await createNote(client, pseudo.id, { text: 'two', hashtags: [] });
      expect((await usageOf(server, client)).documents).toBe(2);
    });

    it('falls back to presenting after the sign-in when the keyring changed since, or an avatar is gone', async () => {
      const treasurer = await spaceWithTreasurer(server.url);
      const bob = await sponsored(treasurer, 'Bob');
      const first = await createAvatar(bob.client, 'Robert');
      const remembered = bob.client.remembered();
      const second = await createAvatar(bob.client, 'Bobby');

      const stale = spying();
      await stale.client.signIn(bob.orgCode, bob.passphrase, remembered);
      expect(stale.calls.filter((c) => c.startsWith('session.'))).toEqual(['session.signIn', 'session.presentAvatars']);
      expect(stale.client.member.avatars.map((a) => a.id)).toEqual([bob.client.member.avatars[0]!.id, first.id, second.id]);

      // The expiry task removes an avatar without touching the keyring: the next sign-in forgets it.
      const current = stale.client.remembered();
      await server.store.db.deleteFrom('avatars').where('id', '=', first.id).execute();
      const gone = spying();
      await gone.client.signIn(bob.orgCode, bob.passphrase, current);
      expect(gone.client.member.avatars.map((a) => a.id)).toEqual([bob.client.member.avatars[0]!.id, second.id]);
      expect((await accountRow(server, bob)).secondary_avatars).toBe(1);
    });

    it('refuses a forged proof, a proof of another request or a wrong usage key, opening no session', async () => {
      const treasurer = await spaceWithTreasurer(server.url);
      const bob = await sponsored(treasurer, 'Bob');
      const pseudo = await createAvatar(bob.client, 'Robert');
      const keys = await bob.client.phraseKeys(bob.passphrase, bob.orgCode);
      const revision = (await accountRow(server, bob)).keyring_revision;
      const entries = bob.client.keyringEntries;
      const signIn = (present: object) =>
        new IlotClient(server.url).call('session.signIn', {
          orgCode: bob.orgCode,
          ...keys,
          present: { keyringRevision: revision, usageKey: bob.client.member.keys.usageKey, avatars: [], ...present },
        });
      const before = await sessionCount();
      for (const [present, code] of [
        [{ avatars: [{ id: pseudo.id, proof: 'A'.repeat(43) }] }, 'AVATAR_PROOF_INVALID'],
        // Made for bob's session, not for a sign-in.
        [{ avatars: await proofsFor(tokenSecretOf(bob.client.sessionToken!), entries) }, 'AVATAR_PROOF_INVALID'],
        [{ usageKey: treasurer.client.member.keys.usageKey }, 'USAGE_KEY_INVALID'],
      ] as const)
        expect((await refusal(signIn(present))).code).toBe(code);
      expect(await sessionCount()).toBe(before);

      // A proof made for a sign-in does not present the avatar in another session either.
      const session = await bareSession(bob);
      expect(await session.present({ avatars: await proofsFor(keys.authKey, entries) })).toEqual({
        status: 403,
        code: 'AVATAR_PROOF_INVALID',
      });
      expect((await signIn({ avatars: await proofsFor(keys.authKey, entries) })).account!.presented!.map((a) => a.id)).toEqual([pseudo.id]);
    });
  });
});
