import type { Kysely, Selectable } from 'kysely';
import { IlotError } from '../shared/errors.js';
import type { Tx } from '../store/database.js';
import type { Database, GroupMembersTable } from '../store/schema.js';

// What operations and tasks share about groups: finding a group and a member, what a member may
// effectively use (an access it waived counts as none), and the groups a perimeter holds.

export type GroupMember = Selectable<GroupMembersTable>;
export type NotesAccess = GroupMember['notes_access'];

/** A group of the space, whoever asks (the caller authorizes through its membership). */
export function findGroup(tx: Tx, spaceId: number, groupId: string) {
  return tx.selectFrom('groups').selectAll().where('space_id', '=', spaceId).where('id', '=', groupId).executeTakeFirst();
}

/** The group, or GROUP_NOT_FOUND. */
export async function groupOrNotFound(tx: Tx, spaceId: number, groupId: string) {
  const group = await findGroup(tx, spaceId, groupId);
  if (!group) throw new IlotError('GROUP_NOT_FOUND');
  return group;
}

/** An avatar's row in a group (any state), if it has one. */
export function findMember(tx: Tx, spaceId: number, groupId: string, avatarId: string): Promise<GroupMember | undefined> {
  return tx
    .selectFrom('group_members')
    .selectAll()
    .where('space_id', '=', spaceId)
    .where('group_id', '=', groupId)
    .where('avatar_id', '=', avatarId)
    .executeTakeFirst();
}

/** The access to members and chat a member may use now: granted, not waived, and active. */
export const usesMembers = (m: GroupMember | undefined): boolean =>
  m?.state === 'active' && m.members_access === 1 && m.members_waived === 0;

/** The access to notes a member may use now ('none' unless active and not waived). */
export const usesNotes = (m: GroupMember | undefined): NotesAccess =>
  m?.state === 'active' && m.notes_waived === 0 ? m.notes_access : 'none';

/** Is this member active with notes access of at least `level` (read-write counts as read)? */
export const readsNotesAt = (m: GroupMember | undefined, level: 'read' | 'write'): boolean => {
  const access = usesNotes(m);
  return level === 'read' ? access !== 'none' : access === 'write';
};

/** Is this member an active moderator? */
export const moderates = (m: GroupMember | undefined): boolean => m?.state === 'active' && m.moderator === 1;

/** Is this avatar an active member of the group with notes access of at least `level`? */
export async function isActiveWithNotes(tx: Tx, spaceId: number, groupId: string, avatarId: string, level: 'read' | 'write') {
  return readsNotesAt(await findMember(tx, spaceId, groupId, avatarId), level);
}

/** Is this avatar an active member of the group with access to members and chat? */
export async function isActiveWithMembers(tx: Tx, spaceId: number, groupId: string, avatarId: string) {
  return usesMembers(await findMember(tx, spaceId, groupId, avatarId));
}

/** Is this avatar an active moderator of the group? */
export async function isModerator(tx: Tx, spaceId: number, groupId: string, avatarId: string) {
  return moderates(await findMember(tx, spaceId, groupId, avatarId));
}

/** A membership as a perimeter sees it: the group, the avatar active in it, and the accesses it uses. */
export interface ActiveMembership {
  groupId: string;
  avatarId: string;
  members: boolean;
  notes: NotesAccess;
}

/** The groups where these avatars are active members, with the accesses each uses (one query). */
export async function activeGroupsOf(db: Kysely<Database>, spaceId: number, avatars: readonly string[]): Promise<ActiveMembership[]> {
  if (avatars.length === 0) return [];
  const rows = await db
    .selectFrom('group_members')
    .selectAll()
    .where('space_id', '=', spaceId)
    .where('avatar_id', 'in', avatars)
    .where('state', '=', 'active')
    .orderBy('group_id')
    .execute();
  return rows.map((m) => ({ groupId: m.group_id, avatarId: m.avatar_id, members: usesMembers(m), notes: usesNotes(m) }));
}
