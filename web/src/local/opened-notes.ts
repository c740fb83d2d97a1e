import type { IlotClient } from '../../../src/client/client.js';
import { isGroupNote } from '../../../src/client/group-notes.js';
import type { LocalStore, PulledChanges, StoredNote } from '../../../src/client/local-store.js';
import { byCreation, openNotes, type AlteredNote, type Note } from '../../../src/client/notes.js';
import { decrypt, encrypt, textEncoder } from '../../../src/shared/crypto/index.js';
import { BrowserStore, touchesNotes } from './browser-store';

/** A session's notes as shown: those opened, oldest first, and those whose ciphertext fails to open (altered). */
export interface ReadNotes {
  notes: Note[];
  altered: AlteredNote[];
  /** Moves on with every change of the perimeter, a note's files included (what a note's files follow). */
  revision: number;
}

type Opened = Note | AlteredNote;

const textDecoder = new TextDecoder();

/**
 * A session's notes, opened once and kept in memory beside its store: pulls are applied through
 * it (it is the LocalStore given to catch-ups and the live channel), and only the notes a pull
 * brings are opened. In a browser's database, the notes as opened are also kept sealed in one
 * record, so that a returning session opens that one piece of ciphertext instead of reading and
 * opening every note, as long as the store has not changed since. The database counts its changes:
 * a count that moved by more than this session's own pull (another tab, another catch-up) makes it
 * read the store again, opening only the notes whose version it does not hold.
 */
export class OpenedNotes implements LocalStore {
  private byId = new Map<string, Opened>();
  /** The database's count of changes that `byId` reflects. */
  private changes = 0;
  private shown: ReadNotes | undefined;
  private revision = 0;
  private readonly load: Promise<void>;
  /** Loading and pulls run one at a time, in the order called. */
  private queue: Promise<unknown>;
  private saving: Promise<void> | undefined;
  private saveAgain = false;

  constructor(
    private readonly client: IlotClient,
    private readonly store: LocalStore,
  ) {
    this.load = this.sync(true);
    this.queue = this.load;
  }

  /** Resolves once the notes kept by the store are opened (failing if the store cannot be read). */
  loaded(): Promise<void> {
    return this.load;
  }

  known() {
    return this.store.known();
  }

  notes() {
    return this.store.notes();
  }

  files() {
    return this.store.files();
  }

  chats() {
    return this.store.chats();
  }

  async hashtags() {
    return (await this.store.hashtags?.()) ?? [];
  }

  apply(changes: PulledChanges): Promise<void> {
    const applied = this.queue.catch(() => undefined).then(() => this.applyNow(changes));
    this.queue = applied;
    return applied;
  }

  /** The notes as now opened; the same object until a change. */
  read(): ReadNotes {
    if (!this.shown) {
      const all = [...this.byId.values()];
      this.shown = {
        notes: all.filter((n) => 'text' in n).sort(byCreation),
        altered: all.filter((n) => !('text' in n)),
        revision: this.revision,
      };
    }
    return this.shown;
  }

  /** Resolves once pulls and the sealing of the notes started so far are done (before the database closes). */
  async settled(): Promise<void> {
    await this.queue.catch(() => undefined);
    while (this.saving) await this.saving;
  }

  private async applyNow(changes: PulledChanges): Promise<void> {
    const count = await this.store.apply(changes);
    // Another tab (or a catch-up not made through here) changed the notes too: the store is read again.
    if (typeof count === 'number' && count !== this.changes + (touchesNotes(changes) ? 1 : 0)) return this.sync(true);
    const opened = await openNotes(this.client, personal(changes.notes));
    // From here on, no wait: a sealing never sees notes and count out of step.
    if (typeof count === 'number') this.changes = count;
    const reset = new Set(changes.reset);
    if (reset.size > 0) for (const [id, note] of this.byId) if (reset.has(note.avatarId)) this.byId.delete(id);
    for (const note of opened) this.byId.set(note.id, note);
    for (const { id } of changes.tombstones) this.byId.delete(id);
    if (touchesNotes(changes)) this.changed();
    else if (changes.files.length > 0) this.shown = undefined;
    if (changes.files.length > 0 || touchesNotes(changes)) this.revision++;
  }

  /** Reads the store: the sealed notes when `sealed` allows and they hold, or else every note. */
  private async sync(sealed: boolean): Promise<void> {
    if (!(this.store instanceof BrowserStore)) return this.replace(await this.store.notes(), 0);
    const found = await this.store.opened(sealed);
    if ('sealed' in found) {
      const kept = await this.unseal(found.sealed, found.changes).catch(() => undefined);
      // Sealed notes that fail to open (altered): every note is read instead.
      if (!kept) return this.sync(false);
      this.byId = new Map(kept.map((n) => [n.id, n]));
      this.changes = found.changes;
      this.shown = undefined;
      this.revision++;
      return;
    }
    await this.replace(found.notes, found.changes);
  }

  /** Takes the notes stored after `changes` changes: those held at the same version are kept, the others opened. */
  private async replace(stored: StoredNote[], changes: number): Promise<void> {
    const opened = await openNotes(
      this.client,
      personal(stored).filter((n) => this.byId.get(n.id)?.version !== n.version),
    );
    const byId = new Map(opened.map((n) => [n.id, n]));
    this.byId = new Map(personal(stored).map((n) => [n.id, byId.get(n.id) ?? this.byId.get(n.id)!]));
    this.changes = changes;
    this.revision++;
    this.changed();
  }

  private changed(): void {
    this.shown = undefined;
    if (this.store instanceof BrowserStore) this.save(this.store);
  }

  /** Seals the notes as opened into the database, one sealing at a time; changes meanwhile seal once more. */
  private save(store: BrowserStore): void {
    if (this.saving) {
      this.saveAgain = true;
      return;
    }
    this.saving = (async () => {
      do {
        this.saveAgain = false;
        const changes = this.changes;
        await store.keepOpened(changes, await this.seal([...this.byId.values()], changes));
      } while (this.saveAgain);
    })()
      .catch(() => undefined)
      .finally(() => (this.saving = undefined));
  }

  // Sealed under the account key, with the count of changes in the associated data: sealed notes
  // cannot pass for a note, nor for the notes at another count.
  private async seal(notes: Opened[], changes: number): Promise<Uint8Array> {
    return encrypt(this.client.member.keys.accountKey, textEncoder.encode(JSON.stringify(notes)), associated(changes));
  }

  private async unseal(sealed: Uint8Array, changes: number): Promise<Opened[]> {
    return JSON.parse(textDecoder.decode(await decrypt(this.client.member.keys.accountKey, sealed, associated(changes)))) as Opened[];
  }
}

/** The personal notes among stored ones: group notes are sealed under their group's key, and the group screen opens them. */
const personal = (stored: readonly StoredNote[]) => stored.filter((n) => !isGroupNote(n));

const associated = (changes: number) => textEncoder.encode(`ilot/v1/opened-notes/${changes}`);
