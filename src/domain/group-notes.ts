import { IlotError } from '../shared/errors.js';
import { idKinds, kindCodeOfId } from '../shared/ids.js';
import { payloadDigest, verifyAuthorship } from '../shared/crypto/authorship.js';
import type { Tx } from '../store/database.js';
import type { Member } from './principal.js';
import { authorize, can, type GroupNotes } from './policies.js';

// Notes of a group live in `notes` under the group's subtree (the group id), sealed under the group
// key, with the key version and the signed authorships of the members who wrote them. What a
// session may do with them follows its avatars that are active members with access to the notes
// (an access waived counts as none).

/** Whether a subtree (or a document's) is a group's. */
export const isGroupId = (id: string) => kindCodeOfId(id) === idKinds.group;

/** Authorships kept per note: the most recent ones (a note rewritten by turns for years does not grow without end). */
export const maxAuthorships = 100;

/** One writing of a group note, as stored and synced. */
export interface StoredAuthorship {
  avatarId: string;
  keyVersion: number;
  digest: string;
  signature: string;
}

/** The notes of a group as the session's avatars may use them: those that are active members with access to them. */
export async function groupNotesOf(tx: Tx, member: Member, groupId: string): Promise<GroupNotes> {
  const rows = member.avatars.length
    ? await tx
        .selectFrom('group_members')
        .select(['avatar_id', 'notes_access', 'moderator'])
        .where('space_id', '=', member.spaceId)
        .where('group_id', '=', groupId)
        .where('avatar_id', 'in', member.avatars)
        .where('state', '=', 'active')
        .where('notes_access', '<>', 'none')
        .where('notes_waived', '=', 0)
        .execute()
    : [];
  return {
    groupId,
    members: rows.map((r) => ({ avatarId: r.avatar_id, notes: r.notes_access === 'write' ? 'write' : 'read', moderator: r.moderator === 1 })),
  };
}

/** The same, as one avatar of the session only (the one that writes and signs). */
export async function groupNotesAs(tx: Tx, member: Member, groupId: string, avatarId: string): Promise<GroupNotes> {
  const notes = await groupNotesOf(tx, member, groupId);
  return { ...notes, members: notes.members.filter((m) => m.avatarId === avatarId) };
}

/**
 * Authorizes an action on a group's notes: a session that cannot even read them gets the
 * not-found code of what it named (nothing tells it the group exists); one that reads them but may
 * not do this gets GROUP_NOTES_READ_ONLY (writing) or GROUP_NOT_MODERATOR (group hashtags).
 */
export function authorizeGroupNotes(member: Member, action: 'read' | 'write' | 'moderate', notes: GroupNotes, notFound?: () => never): void {
  if (!can(member, 'read', 'groupNotes', notes)) {
    if (notFound) notFound();
    authorize(member, 'read', 'groupNotes', undefined);
  }
  if (!can(member, action, 'groupNotes', notes)) throw new IlotError(action === 'moderate' ? 'GROUP_NOT_MODERATOR' : 'GROUP_NOTES_READ_ONLY');
}

/** Attaches to a resource held in a group's subtree what the session's avatars may do with the group's notes. */
export async function withGroupNotes<R extends { subtree: string }>(tx: Tx, member: Member, resource: R | undefined) {
  if (!resource || !isGroupId(resource.subtree)) return resource;
  return { ...resource, group: await groupNotesOf(tx, member, resource.subtree) };
}

/** Refuses (GROUP_KEY_STALE) content sealed under another key than the group's current one, or written while a rotation is due. */
export async function checkKeyVersion(tx: Tx, spaceId: number, groupId: string, keyVersion: number): Promise<void> {
  const group = await tx
    .selectFrom('groups')
    .select(['key_version', 'rotation_due'])
    .where('space_id', '=', spaceId)
    .where('id', '=', groupId)
    .executeTakeFirst();
  if (!group) throw new IlotError('GROUP_NOT_FOUND');
  if (group.rotation_due !== 0 || keyVersion !== group.key_version)
    throw new IlotError('GROUP_KEY_STALE', undefined, { keyVersion: group.key_version, rotationDue: group.rotation_due !== 0 });
}

/**
 * Checks the key version a payload was sealed under and the writer's signed authorship, and returns the note's authorships with it appended
 * (or replacing the last when the same avatar wrote last).
 */
export async function signedWriting(
  tx: Tx,
  spaceId: number,
  groupId: string,
  writing: { avatarId: string; keyVersion: number; payload: string; signature: string },
  earlier: StoredAuthorship[],
): Promise<StoredAuthorship[]> {
  await checkKeyVersion(tx, spaceId, groupId, writing.keyVersion);
  const avatar = await tx
    .selectFrom('avatars')
    .select('signing_public_key')
    .where('space_id', '=', spaceId)
    .where('id', '=', writing.avatarId)
    .executeTakeFirstOrThrow();
  const authorship = { groupId, keyVersion: writing.keyVersion, digest: await payloadDigest(writing.payload) };
  if (!(await verifyAuthorship(avatar.signing_public_key, writing.signature, authorship))) throw new IlotError('AUTHORSHIP_INVALID');
  const entry = { avatarId: writing.avatarId, keyVersion: writing.keyVersion, digest: authorship.digest, signature: writing.signature };
  const kept = earlier.at(-1)?.avatarId === writing.avatarId ? earlier.slice(0, -1) : earlier;
  return [...kept, entry].slice(-maxAuthorships);
}

/** The authorships of a stored note (none for a personal note). */
export const authorshipsOf = (stored: string | null): StoredAuthorship[] => (stored ? (JSON.parse(stored) as StoredAuthorship[]) : []);

/** What a session that cannot read a group's notes is answered, like a missing note. */
export const noGroupNote = (): never => {
  throw new IlotError('NOTE_NOT_FOUND');
};

/** A note of a group, whoever asks (the caller authorizes); NOTE_NOT_FOUND for a missing one or a personal note. */
export async function findGroupNote(tx: Tx, spaceId: number, id: string) {
  const note = await tx
    .selectFrom('notes')
    .select(['id', 'subtree', 'parent_id', 'authors', 'group_hashtags'])
    .where('space_id', '=', spaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!note || !isGroupId(note.subtree)) return noGroupNote();
  return note;
}
