import type { Note } from '../../../src/client/notes.js';

// Search runs here, over the decrypted notes: the server cannot read them.

/** Text as compared: lower case, without accents (é, è and e alike). */
export const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase();

/** What a note is searched by: its text and its hashtags, folded once. */
export const searchable = (note: Note) => fold(`${note.text}\n${note.hashtags.map((h) => `#${h}`).join(' ')}`);

/** Whether a folded note holds every word of the query, and carries every hashtag asked. */
export function matches(folded: string, note: Note, words: readonly string[], tags: ReadonlySet<string>): boolean {
  if (!words.every((w) => folded.includes(w))) return false;
  if (tags.size === 0) return true;
  const own = new Set(note.hashtags.map(fold));
  for (const tag of tags) if (!own.has(tag)) return false;
  return true;
}

/** A query's words, folded. */
export const queryWords = (query: string) => fold(query).split(/\s+/).filter(Boolean);
