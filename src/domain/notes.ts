import { IlotError } from '../shared/errors.js';
import { noteMaxLength } from '../shared/limits.js';
import type { Tx } from '../store/database.js';

/** An avatar that still exists, whoever's it is (the caller authorizes). */
export function findAvatar(tx: Tx, spaceId: number, id: string) {
  return tx.selectFrom('avatars').select('id').where('space_id', '=', spaceId).where('id', '=', id).executeTakeFirst();
}

/** A note with the avatar that holds it, whoever's it is (the caller authorizes). */
export function findNote(tx: Tx, spaceId: number, id: string) {
  return tx
    .selectFrom('notes')
    .select(['id', 'subtree', 'subtree as avatarId', 'parent_id as parentId'])
    .where('space_id', '=', spaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The schema bounds the request; a payload past the note's own limit gets its own code. */
export function checkNoteSize(payload: string): void {
  if (payload.length > noteMaxLength) throw new IlotError('NOTE_TOO_LARGE', undefined, { maxLength: noteMaxLength });
}

/**
 * Checks a parent: a note of the same subtree (avatar or group), and not the note itself or one of
 * its descendants (`noteId` null for a new note). A personal note may also hang under a note of a
 * group whose notes the session reads (`readsGroup`): a group note is never under a personal one,
 * so no cycle goes through it.
 */
export async function checkParent(
  tx: Tx,
  spaceId: number,
  subtree: string,
  parentId: string | null,
  noteId: string | null,
  readsGroup: (groupId: string) => Promise<boolean> = async () => false,
): Promise<void> {
  for (let current = parentId; current !== null;) {
    if (current === noteId) throw new IlotError('NOTE_CYCLE');
    const parent = await tx
      .selectFrom('notes')
      .select(['subtree', 'parent_id', 'key_version'])
      .where('space_id', '=', spaceId)
      .where('id', '=', current)
      .executeTakeFirst();
    if (parent && parent.subtree !== subtree && parent.key_version !== null && (await readsGroup(parent.subtree))) return;
    if (!parent || parent.subtree !== subtree)
      throw new IlotError('NOTE_NOT_FOUND', 'The parent note is not a note of this avatar.', { field: 'parentId' });
    // A new note cannot close a cycle: only its parent needs checking.
    current = noteId === null ? null : parent.parent_id;
  }
}
