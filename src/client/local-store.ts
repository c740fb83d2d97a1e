// Where a client keeps the documents of its perimeter between pulls: ciphertext only, as the server
// sent it. An in-memory store now; the browser's IndexedDB store joins with the web app.

export interface StoredNote {
  id: string;
  subtree: string;
  parentId: string | null;
  version: number;
  /** Ciphertext, opened only when read. */
  payload: string;
  createdAt: number;
  updatedAt: number;
}

/** A file of a note as sync sends it: its metadata, still encrypted; its content is downloaded apart. */
export interface StoredFile {
  id: string;
  subtree: string;
  noteId: string;
  /** Same tag, same name: revisions of one file. */
  nameTag: string;
  version: number;
  /** Bytes of ciphertext. */
  size: number;
  /** Name, type, size and content key, opened only when read. */
  meta: string;
  createdAt: number;
}

/** One answer of `sync.pull`, applied as a whole. */
export interface PulledChanges {
  reached: { subtree: string; version: number }[];
  reset: string[];
  notes: StoredNote[];
  files: StoredFile[];
  tombstones: { id: string; subtree: string; version: number }[];
}

export interface LocalStore {
  /** The version known of each subtree, as `sync.pull` wants it. */
  known(): Promise<{ subtree: string; version: number }[]>;
  /** Applies a pull: subtrees to rebuild are emptied first, then documents and tombstones, then the versions reached. */
  apply(changes: PulledChanges): Promise<void>;
  notes(): Promise<StoredNote[]>;
  files(): Promise<StoredFile[]>;
}

export class MemoryStore implements LocalStore {
  private readonly versions = new Map<string, number>();
  private readonly noteDocuments = new Map<string, StoredNote>();
  private readonly fileDocuments = new Map<string, StoredFile>();

  async known() {
    return [...this.versions].map(([subtree, version]) => ({ subtree, version }));
  }

  async apply(changes: PulledChanges): Promise<void> {
    const kinds: Map<string, { subtree: string }>[] = [this.noteDocuments, this.fileDocuments];
    for (const subtree of changes.reset) {
      this.versions.delete(subtree);
      for (const documents of kinds) for (const [id, document] of documents) if (document.subtree === subtree) documents.delete(id);
    }
    for (const note of changes.notes) this.noteDocuments.set(note.id, note);
    for (const file of changes.files) this.fileDocuments.set(file.id, file);
    for (const tombstone of changes.tombstones) for (const documents of kinds) documents.delete(tombstone.id);
    for (const { subtree, version } of changes.reached) this.versions.set(subtree, version);
  }

  async notes(): Promise<StoredNote[]> {
    return [...this.noteDocuments.values()];
  }

  async files(): Promise<StoredFile[]> {
    return [...this.fileDocuments.values()];
  }
}
