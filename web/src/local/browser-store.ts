import type { KeptAccount } from '../../../src/client/client.js';
import type { LocalStore, PulledChanges, StoredChat, StoredFile, StoredHashtags, StoredNote } from '../../../src/client/local-store.js';
import type { IDBPTransaction, StoreNames } from 'idb';
import { databaseExists, deleteDatabase, openDatabase, type LocalDatabase, type LocalSchema } from './database';

const storeNames = ['account', 'versions', 'notes', 'files', 'contents', 'opened', 'chats', 'hashtags'] as const;

/**
 * The SDK's LocalStore in the browser's IndexedDB (synced and offline modes): the perimeter as
 * sync.pull sent it, ciphertext only, with what offline mode needs to open the account and the
 * files marked available offline. A pull is applied in one transaction, so that an interrupted
 * one leaves the previous state; reads take whole stores at once (getAll). Each pull that changes
 * the notes is counted, so that the notes as last opened (sealed, one record) are read instead of
 * every note when nothing changed since, by this tab or another.
 */
export class BrowserStore implements LocalStore {
  private constructor(private readonly db: LocalDatabase) {}

  /** The database of a passphrase's local id, created when this browser has none yet. */
  static async open(localId: string): Promise<BrowserStore> {
    return new BrowserStore(await openDatabase(localId));
  }

  /** The database of a passphrase's local id if this browser has it; nothing is created. */
  static async find(localId: string): Promise<BrowserStore | undefined> {
    return (await databaseExists(localId)) ? BrowserStore.open(localId) : undefined;
  }

  async known() {
    return (await this.db.getAll('versions')).map(({ subtree, version }) => ({ subtree, version }));
  }

  /** Applies a pull (see LocalStore); returns how many changes the notes store has taken since it was created, this one included. */
  async apply(changes: PulledChanges): Promise<number> {
    const tx = this.db.transaction(['versions', 'notes', 'files', 'contents', 'opened', 'chats', 'hashtags'], 'readwrite');
    const [versions, notes, files, contents, opened, chats, hashtags] = [
      tx.objectStore('versions'),
      tx.objectStore('notes'),
      tx.objectStore('files'),
      tx.objectStore('contents'),
      tx.objectStore('opened'),
      tx.objectStore('chats'),
      tx.objectStore('hashtags'),
    ];
    const writes: Promise<unknown>[] = [];
    // The notes change (or may): the count moves on and the sealed opened notes no longer hold.
    let count = (await opened.get('notes'))?.changes ?? 0;
    if (touchesNotes(changes)) writes.push(opened.put({ changes: ++count }, 'notes'));
    for (const subtree of changes.reset) {
      writes.push(versions.delete(subtree));
      const [noteIds, fileIds, chatKeys, hashtagIds] = await Promise.all([
        notes.index('subtree').getAllKeys(subtree),
        files.index('subtree').getAllKeys(subtree),
        chats.index('subtree').getAllKeys(subtree),
        hashtags.index('subtree').getAllKeys(subtree),
      ]);
      writes.push(
        ...noteIds.map((id) => notes.delete(id)),
        ...fileIds.flatMap((id) => [files.delete(id), contents.delete(id)]),
        ...chatKeys.map((key) => chats.delete(key)),
        ...hashtagIds.map((id) => hashtags.delete(id)),
      );
    }
    writes.push(...changes.notes.map((note) => notes.put(note)), ...changes.files.map((file) => files.put(file)));
    writes.push(...changes.chats.map((chat) => chats.put(chat)), ...(changes.hashtags ?? []).map((h) => hashtags.put(h)));
    // A tombstone's id is a note's, a file's or a member's hashtags': each store forgets it, and a kept content with it.
    for (const { id } of changes.tombstones) writes.push(notes.delete(id), files.delete(id), contents.delete(id), hashtags.delete(id));
    writes.push(...changes.reached.map((reached) => versions.put({ subtree: reached.subtree, version: reached.version })));
    await Promise.all([...writes, tx.done]);
    return count;
  }

  notes(): Promise<StoredNote[]> {
    return this.db.getAll('notes');
  }

  /** The notes as last opened (sealed), when `sealed` allows and the notes store has not changed since, or else every stored note; with the count of changes they reflect. */
  async opened(sealed: boolean): Promise<{ changes: number } & ({ sealed: Uint8Array } | { notes: StoredNote[] })> {
    const tx = this.db.transaction(['opened', 'notes']);
    const record = await tx.objectStore('opened').get('notes');
    const changes = record?.changes ?? 0;
    if (sealed && record?.sealed) return { changes, sealed: record.sealed };
    return { changes, notes: await tx.objectStore('notes').getAll() };
  }

  /** Keeps the notes as opened after `changes` changes (sealed), unless the store has taken more since (another tab). */
  async keepOpened(changes: number, sealed: Uint8Array): Promise<void> {
    const tx = this.db.transaction('opened', 'readwrite');
    if (((await tx.store.get('notes'))?.changes ?? 0) === changes) await tx.store.put({ changes, sealed }, 'notes');
    await tx.done;
  }

  files(): Promise<StoredFile[]> {
    return this.db.getAll('files');
  }

  chats(): Promise<StoredChat[]> {
    return this.db.getAll('chats');
  }

  hashtags(): Promise<StoredHashtags[]> {
    return this.db.getAll('hashtags');
  }

  /** What was kept of the account (ciphertext; see KeptAccount). */
  kept(): Promise<KeptAccount | undefined> {
    return this.db.get('account', 'kept');
  }

  async keep(account: KeptAccount): Promise<void> {
    await this.db.put('account', account, 'kept');
  }

  /** Keeps a file's ciphertext, exactly as GET /api/files/:id sent it, so that offline mode can open it. */
  async keepContent(fileId: string, cipher: Blob): Promise<void> {
    await this.db.put('contents', cipher, fileId);
  }

  /** A kept file's ciphertext; none when the file was not marked available offline here (or is gone). */
  content(fileId: string): Promise<Blob | undefined> {
    return this.db.get('contents', fileId);
  }

  async dropContent(fileId: string): Promise<void> {
    await this.db.delete('contents', fileId);
  }

  /** The ids of the files whose ciphertext is kept here. */
  keptContents(): Promise<string[]> {
    return this.db.getAllKeys('contents');
  }

  /**
   * Moves everything this database holds into the one of another local id (a changed passphrase
   * names another database), then deletes this one: the old passphrase opens nothing here any
   * more. Copied from one snapshot, so that versions and perimeter stay in step, and written in
   * one transaction with `account` (client.kept(): the account key wrapped under the new
   * passphrase), so that the new database holds the account under the new passphrase or nothing.
   */
  async moveTo(localId: string, account: KeptAccount): Promise<BrowserStore> {
    const read = this.db.transaction(storeNames);
    const copied = await Promise.all(storeNames.map((name) => recordsOf(read, name)));
    const target = await openDatabase(localId);
    const write = target.transaction(storeNames, 'readwrite');
    await Promise.all(copied.map((records) => records(write)));
    await Promise.all([write.objectStore('account').put(account, 'kept'), write.done]);
    this.close();
    await deleteDatabase(this.db.name);
    return new BrowserStore(target);
  }

  /** Lets the database go (sign-out): what it holds stays, for the next synced or offline session. */
  close(): void {
    this.db.close();
  }
}

/** Whether a pull changes the notes (or may: a tombstone is a note's or a file's), and so counts as a change of the notes store. */
export const touchesNotes = (changes: PulledChanges) =>
  changes.reset.length > 0 || changes.notes.length > 0 || changes.tombstones.length > 0;

type Transaction<Mode extends IDBTransactionMode> = IDBPTransaction<LocalSchema, typeof storeNames, Mode>;

/** Reads a store's records whole; the returned function writes them into another database's store of that name, after clearing it. */
async function recordsOf<Name extends StoreNames<LocalSchema>>(from: Transaction<'readonly'>, name: Name) {
  const store = from.objectStore(name);
  const [keys, values] = await Promise.all([store.getAllKeys(), store.getAll()]);
  return async (to: Transaction<'readwrite'>) => {
    const target = to.objectStore(name);
    await target.clear();
    // A store with a key path finds the key in the record; giving it again is an error.
    await Promise.all(values.map((value, i) => (target.keyPath === null ? target.put(value, keys[i]) : target.put(value))));
  };
}
