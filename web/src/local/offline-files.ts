import type { IlotClient } from '../../../src/client/client.js';
import { decryptFile } from '../../../src/client/files.js';
import type { GroupKeys } from '../../../src/client/group-notes.js';
import type { StoredFile } from '../../../src/client/local-store.js';
import type { BrowserStore } from './browser-store';

// Files "available offline in this browser" (PRODUCT.md F): their ciphertext, exactly as the site
// sends it, kept in the account's database by file id. A file's revisions are files of their own,
// so a kept ciphertext never goes stale; a deleted file's is dropped with it when a pull brings its
// tombstone (BrowserStore.apply). Synced and offline sessions have a BrowserStore as
// `useSession().store` (check with `instanceof BrowserStore`); an incognito one keeps nothing, so
// offer the mark only in a synced session (offline, keepFileOffline is refused: OFFLINE_READ_ONLY).

/** Marks a file available offline here: fetches its ciphertext (one request, synced mode) and keeps it. */
export async function keepFileOffline(client: IlotClient, store: BrowserStore, file: { id: string }): Promise<void> {
  const response = await client.request(`/api/files/${file.id}`, { method: 'GET' });
  await store.keepContent(file.id, await response.blob());
}

/** Unmarks a file: its kept ciphertext goes (the file stays on the site). */
export function dropFileOffline(store: BrowserStore, fileId: string): Promise<void> {
  return store.dropContent(fileId);
}

/** The ids of the files available offline here, to show each file's state in one read. */
export async function filesKeptOffline(store: BrowserStore): Promise<Set<string>> {
  return new Set(await store.keptContents());
}

/**
 * A kept file's content, decrypted here without any request (offline mode included); undefined
 * when the file was not marked available offline in this browser. Reading the generator fails
 * with FILE_ALTERED if the kept ciphertext was changed. A group note's file opens with its group's keys.
 */
export async function openKeptFile(
  client: IlotClient,
  store: BrowserStore,
  file: StoredFile,
  group?: GroupKeys,
): Promise<AsyncGenerator<Uint8Array> | undefined> {
  const cipher = await store.content(file.id);
  return cipher && decryptFile(client, file, cipher.stream(), group);
}
