import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { IlotClient, type KeptAccount } from '../../src/client/client.js';
import { IlotClientError } from '../../src/client/errors.js';
import { attachFile, decryptFile } from '../../src/client/files.js';
import { MemoryStore } from '../../src/client/local-store.js';
import { catchUp, createNote, readNotes } from '../../src/client/notes.js';
import { toBase64Url } from '../../src/shared/crypto/index.js';
import { describeEngines } from '../support/engines.js';
import { source } from '../support/files.js';
import { operatedSite, spaceWithTreasurer } from '../support/members.js';

// What a browser keeps of an account for offline mode, through the SDK in Node against a real
// server: the kept account opens with the passphrase alone and the client then sends nothing;
// a file opens from its kept ciphertext, and a changed byte is caught.

describeEngines('a kept account and kept file ciphertext (offline mode)', (engine) => {
  const site = operatedSite(engine);

  it('opens a kept account with the passphrase alone, reads the kept notes, and refuses every call before sending it', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    await createNote(treasurer.client, treasurer.client.member.avatars[0]!.id, { text: 'kept for the plane', hashtags: ['trip'] });
    const store = new MemoryStore();
    await catchUp(treasurer.client, store);
    const kdf = (await treasurer.client.siteParameters()).argon2;
    // Kept under the passphrase's local id, as a browser names its database.
    const { localId } = await treasurer.client.deriveKeys(treasurer.passphrase, treasurer.orgCode);
    const kept = new Map<string, KeptAccount>([[toBase64Url(localId), await treasurer.client.kept()]]);
    expect(JSON.stringify([...kept])).not.toContain(treasurer.orgCode);
    expect(JSON.stringify([...kept])).not.toContain('Treasurer');

    const sent: string[] = [];
    const offline = new IlotClient(site.server.url, {
      fetch: (input) => {
        sent.push(input instanceof Request ? input.url : input.toString());
        return Promise.reject(new Error('offline'));
      },
    });
    const find = async (localId: string) => kept.get(localId);
    await expect(offline.openKept(treasurer.orgCode, 'not the passphrase of this account at all', kdf, find)).rejects.toMatchObject({
      code: 'OFFLINE_NOT_KEPT',
    });
    const account = await offline.openKept(treasurer.orgCode, treasurer.passphrase, kdf, find);
    expect([account.id, account.avatars.map((a) => a.name)]).toEqual([treasurer.client.member.id, ['Treasurer']]);
    expect(offline.isOffline).toBe(true);
    expect((await readNotes(offline, store)).map((n) => [n.text, n.hashtags])).toEqual([['kept for the plane', ['trip']]]);
    const refused = await createNote(offline, account.avatars[0]!.id, { text: 'written offline', hashtags: [] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(IlotClientError);
    expect((refused as IlotClientError).code).toBe('OFFLINE_READ_ONLY');
    expect(sent).toEqual([]);

    // Signing out forgets the keys.
    await offline.signOut();
    expect([offline.account, offline.isOffline]).toEqual([undefined, false]);

    // A client that read offline, or failed to, signs in online again.
    const again = new IlotClient(site.server.url);
    await expect(again.openKept(treasurer.orgCode, 'not the passphrase of this account at all', kdf, find)).rejects.toMatchObject({
      code: 'OFFLINE_NOT_KEPT',
    });
    await again.openKept(treasurer.orgCode, treasurer.passphrase, kdf, find);
    expect((await again.signIn(treasurer.orgCode, treasurer.passphrase)).id).toBe(treasurer.client.member.id);
    expect(again.isOffline).toBe(false);
  });

  it('decrypts a file from its kept ciphertext with no request; a changed or cut ciphertext is FILE_ALTERED', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const note = await createNote(treasurer.client, treasurer.client.member.avatars[0]!.id, { text: 'with a file', hashtags: [] });
    const bytes = randomBytes(150_001);
    await attachFile(treasurer.client, note.id, source('plan.pdf', bytes, 'application/pdf'));
    const store = new MemoryStore();
    await catchUp(treasurer.client, store);
    const [file] = await store.files();
    // The ciphertext exactly as the site sends it, as a browser keeps it.
    const cipher = new Uint8Array(await (await treasurer.client.request(`/api/files/${file!.id}`, { method: 'GET' })).arrayBuffer());

    const read = async (kept: Uint8Array) => {
      const parts: Uint8Array[] = [];
      for await (const part of decryptFile(treasurer.client, file!, new Blob([kept as BlobPart]).stream())) parts.push(part);
      return Buffer.concat(parts);
    };
    expect((await read(cipher)).equals(bytes)).toBe(true);
    const changed = cipher.slice();
    changed[70_000]! ^= 1;
    await expect(read(changed)).rejects.toMatchObject({ code: 'FILE_ALTERED' });
    await expect(read(cipher.subarray(0, 65_552))).rejects.toMatchObject({ code: 'FILE_ALTERED' });
  });
});
