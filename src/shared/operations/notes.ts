import { Type } from '@sinclair/typebox';
import { ScopedId } from '../ids.js';
import { noteMaxLength } from '../limits.js';
import { Bytes, Nullable } from '../protocol.js';
import { defineContract } from './contract.js';

// Personal notes: the client sends ciphertext only; the server sees ids, parents, sizes and versions.

// The schema bounds the request; a payload past the note's own limit gets its own code (NOTE_TOO_LARGE).
const Payload = () => Bytes(2 * noteMaxLength, 'text and hashtags, encrypted by the client');

/** The note written and the version of its avatar's subtree that holds the change. */
const Written = Type.Object({ id: Type.String(), version: Type.Integer() });

/** Creates a note under an avatar of the member, or under another of its notes. */
export const createNote = defineContract({
  name: 'note.create',
  summary: 'Create a personal note',
  input: Type.Object({ avatarId: ScopedId(), parentId: Nullable(ScopedId()), payload: Payload() }, { additionalProperties: false }),
  output: Written,
});

/** Changes a note's text (payload) and, if given, its parent. */
export const editNote = defineContract({
  name: 'note.edit',
  summary: 'Edit a personal note',
  input: Type.Object(
    { noteId: ScopedId(), payload: Payload(), parentId: Type.Optional(Nullable(ScopedId())) },
    { additionalProperties: false },
  ),
  output: Written,
});

/** Deletes a note: it leaves a tombstone; its children move up to its parent; its files are deleted. */
export const deleteNote = defineContract({
  name: 'note.delete',
  summary: 'Delete a personal note',
  input: Type.Object({ noteId: ScopedId() }, { additionalProperties: false }),
  output: Written,
});
