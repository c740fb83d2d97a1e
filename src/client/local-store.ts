// Where a client keeps the documents of its perimeter between pulls: ciphertext only, as the server
// sent it. An in-memory store now; the browser's IndexedDB store joins with the web app.

import type { InputOf, OutputOf } from '../shared/operations/index.js';

type Pulled = OutputOf<'sync.pull'>;

/** A note as sync sends it: its text and hashtags (`payload`) stay ciphertext, opened only when read. */
export type StoredNote = Pulled['notes'][number];

/** A file of a note as sync sends it: its metadata (`meta`) stays ciphertext, opened only when read; its content is downloaded apart. */
export type StoredFile = Pulled['files'][number];

/** One avatar's side of a chat as sync sends it, with the items it sees (ciphertext under the chat key); a newer one replaces it whole. */
export type StoredChat = Pulled['chats'][number];

/** A member's own hashtags on a group note, as sync sends them (ciphertext under its account key). */
export type StoredHashtags = Pulled['hashtags'][number];

/** One answer of `sync.pull`, applied as a whole. */
export type PulledChanges = Pick<Pulled, 'reached' | 'reset' | 'notes' | 'files' | 'tombstones' | 'chats'> &
  Partial<Pick<Pulled, 'hashtags'>>;

export interface LocalStore {
  /** The version known of each subtree, as `sync.pull` wants it. */
  known(): Promise<InputOf<'sync.pull'>['known']>;
  /** Applies a pull: subtrees to rebuild are emptied first, then documents and tombstones, then the versions reached. What it resolves to is the store's own. */
  apply(changes: PulledChanges): Promise<unknown>;
  notes(): Promise<StoredNote[]>;
  files(): Promise<StoredFile[]>;
  chats(): Promise<StoredChat[]>;
  /** The member's own hashtags on group notes (a store without them reads group notes without them). */
  hashtags?(): Promise<StoredHashtags[]>;
}

/** Where a chat side is kept in a local store: an avatar's side of a chat (both sides may be the account's). */
export const chatKeyOf = (chat: { subtree: string; id: string }) => `${chat.subtree}/${chat.id}`;

export class MemoryStore implements LocalStore {
  private readonly versions = new Map<string, number>();
  private readonly noteDocuments = new Map<string, StoredNote>();
  private readonly fileDocuments = new Map<string, StoredFile>();
  private readonly chatSides = new Map<string, StoredChat>();
  private readonly hashtagDocuments = new Map<string, StoredHashtags>();

  async known() {
    return [...this.versions].map(([subtree, version]) => ({ subtree, version }));
  }

  async apply(changes: PulledChanges): Promise<void> {
    const kinds: Map<string, { subtree: string }>[] = [this.noteDocuments, this.fileDocuments, this.chatSides, this.hashtagDocuments];
    for (const subtree of changes.reset) {
      this.versions.delete(subtree);
      for (const documents of kinds) for (const [id, document] of documents) if (document.subtree === subtree) documents.delete(id);
    }
    for (const note of changes.notes) this.noteDocuments.set(note.id, note);
    for (const file of changes.files) this.fileDocuments.set(file.id, file);
    for (const chat of changes.chats) this.chatSides.set(chatKeyOf(chat), chat);
    for (const hashtags of changes.hashtags ?? []) this.hashtagDocuments.set(hashtags.id, hashtags);
    for (const tombstone of changes.tombstones) for (const documents of kinds) documents.delete(tombstone.id);
    for (const { subtree, version } of changes.reached) this.versions.set(subtree, version);
  }

  async notes(): Promise<StoredNote[]> {
    return [...this.noteDocuments.values()];
  }

  async files(): Promise<StoredFile[]> {
    return [...this.fileDocuments.values()];
  }

  async chats(): Promise<StoredChat[]> {
    return [...this.chatSides.values()];
  }

  async hashtags(): Promise<StoredHashtags[]> {
    return [...this.hashtagDocuments.values()];
  }
}
