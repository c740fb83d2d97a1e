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

/** One answer of `sync.pull`, applied as a whole. */
export interface PulledChanges {
  reached: { subtree: string; version: number }[];
  reset: string[];
  notes: StoredNote[];
  tombstones: { id: string; subtree: string; version: number }[];
}

export interface LocalStore {
  /** The version known of each subtree, as `sync.pull` wants it. */
  known(): Promise<{ subtree: string; version: number }[]>;
  /** Applies a pull: subtrees to rebuild are emptied first, then documents and tombstones, then the versions reached. */
  apply(changes: PulledChanges): Promise<void>;
  notes(): Promise<StoredNote[]>;
}

export class MemoryStore implements LocalStore {
  private readonly versions = new Map<string, number>();
  private readonly documents = new Map<string, StoredNote>();

  async known() {
    return [...this.versions].map(([subtree, version]) => ({ subtree, version }));
  }

  async apply(changes: PulledChanges): Promise<void> {
    for (const subtree of changes.reset) {
      this.versions.delete(subtree);
      for (const [id, note] of this.documents) if (note.subtree === subtree) this.documents.delete(id);
    }
    for (const note of changes.notes) this.documents.set(note.id, note);
    for (const tombstone of changes.tombstones) this.documents.delete(tombstone.id);
    for (const { subtree, version } of changes.reached) this.versions.set(subtree, version);
  }

  async notes(): Promise<StoredNote[]> {
    return [...this.documents.values()];
  }
}
