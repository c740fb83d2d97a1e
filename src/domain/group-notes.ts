import { IlotError, type ErrorCode } from '../shared/errors.js';
import { idKinds, kindCodeOfId } from '../shared/ids.js';
import { payloadDigest, verifyAuthorship } from '../shared/crypto/authorship.js';
import type { Tx } from '../store/database.js';
import type { Member } from './principal.js';
import { moderates, usesNotes } from './groups.js';
import { authorize, can, notFoundOf, type Actions, type GroupNotes, type Resources } from './policies.js';

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
        .selectAll()
        .where('space_id', '=', member.spaceId)
        .where('group_id', '=', groupId)
        .where('avatar_id', 'in', member.avatars)
        .execute()
    : [];
  return {
    groupId,
    members: rows.flatMap((m) => {
      const notes = usesNotes(m);
      return notes === 'none' ? [] : [{ avatarId: m.avatar_id, notes, moderator: moderates(m) }];
    }),
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
export function authorizeGroupNotes(
  member: Member,
  action: 'read' | 'write' | 'moderate',
  notes: GroupNotes,
  notFound: ErrorCode = 'GROUP_NOT_FOUND',
): void {
  if (!can(member, 'read', 'groupNotes', notes)) throw new IlotError(notFound);
  if (!can(member, action, 'groupNotes', notes))
    throw new IlotError(action === 'moderate' ? 'GROUP_NOT_MODERATOR' : 'GROUP_NOTES_READ_ONLY');
}

/** Authorizes an action on a note, a file or an upload, personal or of a group (whose readers get GROUP_NOTES_READ_ONLY for a write). */
export function authorizeDocument<T extends 'note' | 'file' | 'upload', R extends Resources[T]>(
  member: Member,
  action: Actions[T],
  type: T,
  resource: R | undefined,
): R {
  if (!resource?.group) return authorize(member, action, type, resource);
  authorizeGroupNotes(member, action === 'read' ? 'read' : 'write', resource.group, notFoundOf[type]);
  return resource;
}

/** Attaches to a resource held in a group's subtree what the session's avatars may do with the group's notes. */
export async function withGroupNotes<R extends { subtree: string }>(
  tx: Tx,
  member: Member,
  resource: R | undefined,
): Promise<(R & { group?: GroupNotes }) | undefined> {
  if (!resource || !isGroupId(resource.subtree)) return resource;
  return { ...resource, group: await groupNotesOf(tx, member, resource.subtree) };
}

/** Refuses content sealed under another key than the group's current one (GROUP_KEY_STALE), or written while a rotation is due (GROUP_KEY_ROTATION_DUE). */
export async function checkKeyVersion(tx: Tx, spaceId: number, groupId: string, keyVersion: number): Promise<void> {
  const group = await tx
    .selectFrom('groups')
    .select(['key_version', 'rotation_due'])
    .where('space_id', '=', spaceId)
    .where('id', '=', groupId)
    .executeTakeFirst();
  if (!group) throw new IlotError('GROUP_NOT_FOUND');
  if (group.rotation_due !== 0) throw new IlotError('GROUP_KEY_ROTATION_DUE');
  if (keyVersion !== group.key_version) throw new IlotError('GROUP_KEY_STALE', undefined, { keyVersion: group.key_version });
}

/** Checks a writer's signed authorship of a payload (AUTHORSHIP_INVALID) and returns it as recorded. */
export async function checkAuthorship(
  tx: Tx,
  spaceId: number,
  writing: { avatarId: string; keyVersion: number; payload: string; signature: string },
): Promise<StoredAuthorship> {
  const avatar = await tx
    .selectFrom('avatars')
    .select('signing_public_key')
    .where('space_id', '=', spaceId)
    .where('id', '=', writing.avatarId)
    .executeTakeFirstOrThrow();
  const authorship = { keyVersion: writing.keyVersion, digest: await payloadDigest(writing.payload) };
  if (!(await verifyAuthorship(avatar.signing_public_key, writing.signature, authorship))) throw new IlotError('AUTHORSHIP_INVALID');
  return { avatarId: writing.avatarId, ...authorship, signature: writing.signature };
}

/**
 * Records a writing of a group note: appended to its authorships, or replacing the last when the
 * same avatar wrote last; the oldest beyond `maxAuthorships` go.
 */
export async function recordAuthorship(
  tx: Tx,
  spaceId: number,
  groupId: string,
  noteId: string,
  authorship: StoredAuthorship,
): Promise<void> {
  const last = await tx
    .selectFrom('group_note_authors')
    .select(['seq', 'avatar_id'])
    .where('space_id', '=', spaceId)
    .where('note_id', '=', noteId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const row = { key_version: authorship.keyVersion, digest: authorship.digest, signature: authorship.signature };
  if (last?.avatar_id === authorship.avatarId) {
    await tx
      .updateTable('group_note_authors')
      .set(row)
      .where('space_id', '=', spaceId)
      .where('note_id', '=', noteId)
      .where('seq', '=', last.seq)
      .execute();
    return;
  }
  const seq = (last?.seq ?? 0) + 1;
  await tx
    .insertInto('group_note_authors')
    .values({ space_id: spaceId, note_id: noteId, seq, subtree: groupId, avatar_id: authorship.avatarId, ...row })
    .execute();
  if (seq > maxAuthorships)
    await tx
      .deleteFrom('group_note_authors')
      .where('space_id', '=', spaceId)
      .where('note_id', '=', noteId)
      .where('seq', '<=', seq - maxAuthorships)
      .execute();
}

/**
 * The authorships of the notes of groups within ranges of versions, oldest first, by note: a query
 * (a UNION ALL of one indexed range per group) per hundred groups, whatever the number of notes
 * (SQLite caps the members of a compound select at 500). Each range is a join from the notes'
 * index: `note_id in (subquery)` cost SQLite 2.6 times as much.
 */
export async function authorshipsIn(
  tx: Tx,
  spaceId: number,
  ranges: { groupId: string; after: number; upTo: number }[],
): Promise<Map<string, StoredAuthorship[]>> {
  const rows = [];
  for (let start = 0; start < ranges.length; start += 100) {
    const [first, ...rest] = ranges.slice(start, start + 100).map(({ groupId, after, upTo }) =>
      tx
        .selectFrom('notes as n')
        .innerJoin('group_note_authors as a', (join) => join.onRef('a.space_id', '=', 'n.space_id').onRef('a.note_id', '=', 'n.id'))
        .select(['a.note_id', 'a.seq', 'a.avatar_id', 'a.key_version', 'a.digest', 'a.signature'])
        .where('n.space_id', '=', spaceId)
        .where('n.subtree', '=', groupId)
        .where('n.version', '>', after)
        .where('n.version', '<=', upTo),
    );
    for (const row of await rest.reduce((query, next) => query.unionAll(next), first!).execute()) rows.push(row);
  }
  const byNote = new Map<string, StoredAuthorship[]>();
  rows.sort((a, b) => a.seq - b.seq);
  for (const r of rows) {
    let list = byNote.get(r.note_id);
    if (!list) byNote.set(r.note_id, (list = []));
    list.push({ avatarId: r.avatar_id, keyVersion: r.key_version, digest: r.digest, signature: r.signature });
  }
  return byNote;
}

/** A note of a group, whoever asks (the caller authorizes); NOTE_NOT_FOUND for a missing one or a personal note. */
export async function findGroupNote(tx: Tx, spaceId: number, id: string) {
  const note = await tx
    .selectFrom('notes')
    .select(['id', 'subtree', 'parent_id'])
    .where('space_id', '=', spaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!note || !isGroupId(note.subtree)) throw new IlotError('NOTE_NOT_FOUND');
  return note;
}

/** Whether the session reads a group's notes: a personal note may then hang under one of them. */
export const readsGroupNotes = (tx: Tx, member: Member) => async (groupId: string) =>
  can(member, 'read', 'groupNotes', await groupNotesOf(tx, member, groupId));
