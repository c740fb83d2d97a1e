import { openJson, sealJson } from '../../../src/client/sealing.js';
import type { NoteContent } from '../../../src/client/notes.js';

// Unsaved edits of notes, kept through a reload of the page: sealed under the account key in
// sessionStorage (gone with the tab; removed when the note is saved, the edit cancelled, or the
// member signs out). The clear text never reaches the storage.

const prefix = 'ilot.draft.';
const purpose = 'note-draft';

type Key = CryptoKey;

/** The drafts of this tab that the account's key opens (another account's stay sealed and unread). */
export async function openDrafts(key: Key): Promise<Map<string, NoteContent>> {
  const drafts = new Map<string, NoteContent>();
  for (const name of Object.keys(sessionStorage).filter((k) => k.startsWith(prefix))) {
    const id = name.slice(prefix.length);
    const draft = await openJson<NoteContent & { id: string }>(key, sessionStorage.getItem(name)!, purpose).catch(() => null);
    // The id sealed with it: a draft copied under another name is not shown there.
    if (draft?.id === id) drafts.set(id, { text: draft.text, hashtags: draft.hashtags });
  }
  return drafts;
}

// A later keep or a drop wins over a seal still running.
const generations = new Map<string, number>();
const nextGeneration = (id: string) => {
  const generation = (generations.get(id) ?? 0) + 1;
  generations.set(id, generation);
  return generation;
};

/** Seals and stores a draft; says whether it is the one stored (false: a later keep or a drop came first). */
export async function keepDraft(key: Key, id: string, content: NoteContent): Promise<boolean> {
  const generation = nextGeneration(id);
  const sealed = await sealJson(key, { id, text: content.text, hashtags: content.hashtags }, purpose);
  if (generations.get(id) !== generation) return false;
  sessionStorage.setItem(prefix + id, sealed);
  return true;
}

export function dropDraft(id: string): void {
  nextGeneration(id);
  sessionStorage.removeItem(prefix + id);
}

/** At sign-out: no draft of the account stays in the tab. */
export function dropAllDrafts(): void {
  for (const name of Object.keys(sessionStorage).filter((k) => k.startsWith(prefix))) dropDraft(name.slice(prefix.length));
}
