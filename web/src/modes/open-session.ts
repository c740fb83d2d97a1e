import { IlotClient, IlotClientError, type SignedInAccount } from '../../../src/client/client.js';
import { MemoryStore, type LocalStore } from '../../../src/client/local-store.js';
import { BrowserStore } from '../local/browser-store';
import { keepKdfParameters, keptKdfParameters } from '../local/site-parameters';
import type { Mode } from './modes';

/** A session's account and where its perimeter is kept. */
export interface Opened {
  account: SignedInAccount;
  store: LocalStore;
}

/** Signs in, or opens offline, as the mode asks (PRODUCT.md F). */
export function openSession(client: IlotClient, orgCode: string, passphrase: string, mode: Mode): Promise<Opened> {
  if (mode === 'synced') return signInSynced(client, orgCode, passphrase);
  if (mode === 'offline') return openOffline(client, orgCode, passphrase);
  // Incognito: the perimeter in memory only, gone with the tab or the sign-out.
  return client.signIn(orgCode, passphrase).then((account) => ({ account, store: new MemoryStore() }));
}

/**
 * Synced: the account's database, found by the passphrase's local id, gives the sign-in what it
 * remembered (avatars presented in one step) and the versions it holds (only changes are pulled).
 * The database is created only once the sign-in succeeded: a mistyped passphrase leaves nothing.
 */
async function signInSynced(client: IlotClient, orgCode: string, passphrase: string): Promise<Opened> {
  let localId = '';
  let found: BrowserStore | undefined;
  try {
    const account = await client.signIn(orgCode, passphrase, async (id) => {
      localId = id;
      found = await BrowserStore.find(id);
      return found?.kept();
    });
    const store = found ?? (await BrowserStore.open(localId));
    await store.keep(await client.kept());
    await keepKdfParameters(orgCode, await client.keyDerivationOf(orgCode));
    return { account, store };
  } catch (error) {
    found?.close();
    throw error;
  }
}

/** Offline: the kept account, opened with no request; the client then refuses every call. */
async function openOffline(client: IlotClient, orgCode: string, passphrase: string): Promise<Opened> {
  const kdf = await keptKdfParameters(orgCode);
  if (!kdf) throw new IlotClientError('OFFLINE_NOT_KEPT', 'This browser never held a synced session.', 0);
  let store: BrowserStore | undefined;
  try {
    const account = await client.openKept(orgCode, passphrase, kdf, async (localId) => {
      store = await BrowserStore.find(localId);
      return store?.kept();
    });
    return { account, store: store! };
  } catch (error) {
    store?.close();
    throw error;
  }
}
