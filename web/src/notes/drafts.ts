import { createContext, useContext } from 'react';
import type { NoteContent } from '../../../src/client/notes.js';

// Drafts as the notes screen uses them (their storage: local/drafts.ts).

/** What a draft is of: a new note of an avatar, a new note under another, or the edit of a note. */
export const draftOf = {
  newNote: (avatarId: string) => `new:${avatarId}`,
  under: (parentId: string) => `under:${parentId}`,
  edit: (noteId: string) => `edit:${noteId}`,
};

/** The drafts found at sign-in, and how an editor keeps and drops its own. */
export interface Drafts {
  found: ReadonlyMap<string, NoteContent>;
  keep(id: string, content: NoteContent): Promise<boolean>;
  drop(id: string): void;
}

export const DraftsContext = createContext<Drafts>({ found: new Map(), keep: async () => false, drop: () => undefined });

export const useDrafts = () => useContext(DraftsContext);
