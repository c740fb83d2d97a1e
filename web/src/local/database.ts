import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { KeptAccount } from '../../../src/client/client.js';
import type { StoredChat, StoredFile, StoredHashtags, StoredNote } from '../../../src/client/local-store.js';

// One IndexedDB database per account and passphrase, holding ciphertext only. Its name comes from
// the passphrase's local id (PhraseKeys.localId): it tells nothing of the org code or the account,
// neither to whoever reads this browser's storage nor to the site, yet the passphrase finds it again
// with no request (offline mode). A changed passphrase names another database: the session that
// changes it moves the account's database there (BrowserStore.moveTo).

export interface LocalSchema extends DBSchema {
  /** One record, `kept`: the account key wrapped under the passphrase, the rest sealed under it. */
  account: { key: 'kept'; value: KeptAccount };
  /** The version reached of each subtree, as sync.pull wants it back. */
  versions: { key: string; value: { subtree: string; version: number } };
  notes: { key: string; value: StoredNote; indexes: { subtree: string } };
  files: { key: string; value: StoredFile; indexes: { subtree: string } };
  /** Files marked available offline in this browser: their ciphertext as the site sends it, by file id. */
  contents: { key: string; value: Blob };
  /**
   * One record, `notes`: how many changes the notes store has taken (`changes`), and the notes as
   * this browser last opened them at that count, sealed under the account key (see OpenedNotes).
   */
  opened: { key: 'notes'; value: { changes: number; sealed?: Uint8Array } };
  /** Chat sides, each with the items it sees, by avatar and chat (both sides of a chat may be the account's). */
  chats: { key: [string, string]; value: StoredChat; indexes: { subtree: string } };
  /** The member's own hashtags on group notes, by id, in its avatar's subtree (sealed under the account key). */
  hashtags: { key: string; value: StoredHashtags; indexes: { subtree: string } };
}

export type LocalDatabase = IDBPDatabase<LocalSchema>;

const prefix = 'ilot-';

export const databaseName = (localId: string) => `${prefix}${localId}`;

export function openDatabase(localId: string): Promise<LocalDatabase> {
  return openDB<LocalSchema>(databaseName(localId), 4, {
    upgrade(db, from) {
      if (from < 1) {
        db.createObjectStore('account');
        db.createObjectStore('versions', { keyPath: 'subtree' });
        db.createObjectStore('notes', { keyPath: 'id' }).createIndex('subtree', 'subtree');
        db.createObjectStore('files', { keyPath: 'id' }).createIndex('subtree', 'subtree');
        db.createObjectStore('contents');
      }
      // Version 2: the opened notes, so that a returning session reads one record rather than every note.
      if (from < 2) db.createObjectStore('opened');
      // Version 3: chats.
      if (from < 3) db.createObjectStore('chats', { keyPath: ['subtree', 'id'] }).createIndex('subtree', 'subtree');
      // Version 4: the member's own hashtags on group notes.
      if (from < 4) db.createObjectStore('hashtags', { keyPath: 'id' }).createIndex('subtree', 'subtree');
    },
  });
}

/** Whether this browser has the database of a local id (opening one that does not exist would create it). */
export async function databaseExists(localId: string): Promise<boolean> {
  return (await indexedDB.databases()).some((d) => d.name === databaseName(localId));
}

/**
 * Deletes a database. Another tab's open connection to it delays the deletion until it closes; this
 * resolves at once then, since nothing opens that database by its name any more.
 */
export function deleteDatabase(name: string): Promise<void> {
  return new Promise((done, fail) => void deleteDB(name, { blocked: () => done() }).then(done, fail));
}
