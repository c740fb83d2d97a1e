import type { Note, NoteContent } from '../../../src/client/notes.js';

/** What the notes of the tree may ask for; each says whether it was done. */
export interface NoteActions {
  toggle(id: string): void;
  create(parentId: string | null, content: NoteContent): Promise<boolean>;
  edit(note: Note, content: NoteContent): Promise<boolean>;
  remove(id: string): Promise<boolean>;
  startMove(id: string): void;
  moveUnder(parentId: string | null): Promise<boolean>;
}

/** Where a note stands while one is being moved: the one moved, a place for it, or neither (its own descendants, its parent). */
export type MovePlace = 'none' | 'moving' | 'target' | 'barred';
