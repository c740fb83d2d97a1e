import type { Kysely, Selectable, Updateable } from 'kysely';
import { IlotError } from '../shared/errors.js';
import type { Tx } from '../store/database.js';
import type { Database, GroupMembersTable, GroupsTable } from '../store/schema.js';
import { authorize } from './policies.js';
import type { Member } from './principal.js';
import { nextVersion } from './versions.js';

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

/** The group and the acting avatar's row in it, once the session may act as that avatar there (`act`: active; `answer`: any state). */
export async function actingIn(tx: Tx, member: Member, groupId: string, avatarId: string, action: 'act' | 'answer') {
  const group = await findGroup(tx, member.spaceId, groupId);
  const me = group && (await findMember(tx, member.spaceId, groupId, avatarId));
  authorize(member, action, 'group', me && { id: groupId, avatarId, state: me.state });
  return { group: group!, me: me! };
}

export function requireModerator(me: GroupMember): void {
  if (!moderates(me)) throw new IlotError('GROUP_NOT_MODERATOR');
}

export function requireMembersAccess(me: GroupMember): void {
  if (!usesMembers(me)) throw new IlotError('GROUP_MEMBERS_ACCESS_REQUIRED');
}

/** Another avatar known to the group (not forgotten), or GROUP_MEMBER_NOT_FOUND. */
export async function knownMember(tx: Tx, spaceId: number, groupId: string, avatarId: string): Promise<GroupMember> {
  const row = await findMember(tx, spaceId, groupId, avatarId);
  if (!row || row.state === 'forgotten') throw new IlotError('GROUP_MEMBER_NOT_FOUND');
  return row;
}

/**
 * Holders of the group key: invitees, and active members with at least one granted access (a
 * waived access still counts: the member may resume it). A member stripped of every access, or
 * gone, holds it no more, and the next write needs a rotated key.
 */
export const holdsKey = (m: Pick<GroupMember, 'state' | 'members_access' | 'notes_access'>): boolean =>
  m.state === 'invited' || (m.state === 'active' && (m.members_access === 1 || m.notes_access !== 'none'));

/**
 * Content is written under the current key, once a due rotation was made (`rotated`: false for
 * an invitee's acceptance — only active members rotate; it seals nothing but its card key).
 */
export function checkKeyVersion(
  group: Pick<Selectable<GroupsTable>, 'key_version' | 'rotation_due'>,
  keyVersion: number,
  { rotated = true } = {},
): void {
  if (rotated && group.rotation_due === 1) throw new IlotError('GROUP_KEY_ROTATION_DUE');
  if (keyVersion !== group.key_version) throw new IlotError('GROUP_KEY_STALE', undefined, { keyVersion: group.key_version });
}

/** A holder of the key stops holding it: its copy goes, and the key must be rotated before the next write. */
export async function dropKeyHolder(tx: Tx, spaceId: number, groupId: string, avatarId: string): Promise<void> {
  await tx
    .deleteFrom('group_key_copies')
    .where('space_id', '=', spaceId)
    .where('group_id', '=', groupId)
    .where('avatar_id', '=', avatarId)
    .execute();
  await tx.updateTable('groups').set({ rotation_due: 1 }).where('space_id', '=', spaceId).where('id', '=', groupId).execute();
}

/** Ends an invitation (accepted, declined, withdrawn): its row and its votes. */
export async function endInvitation(tx: Tx, spaceId: number, groupId: string, avatarId: string): Promise<void> {
  for (const table of ['group_invitations', 'group_votes'] as const)
    await tx.deleteFrom(table).where('space_id', '=', spaceId).where('group_id', '=', groupId).where('avatar_id', '=', avatarId).execute();
}

/** Changes an avatar's row in a group. */
export async function updateMember(
  tx: Tx,
  spaceId: number,
  groupId: string,
  avatarId: string,
  change: Updateable<GroupMembersTable>,
): Promise<void> {
  await tx
    .updateTable('group_members')
    .set(change)
    .where('space_id', '=', spaceId)
    .where('group_id', '=', groupId)
    .where('avatar_id', '=', avatarId)
    .execute();
}

/** What a member who is no longer active keeps of its rights: nothing. */
export const noRights = {
  members_access: 0,
  notes_access: 'none',
  moderator: 0,
  members_waived: 0,
  notes_waived: 0,
  card_key: null,
  card_key_version: null,
  note: null,
} as const;

/** The active moderators of a group. */
export async function moderatorsOf(tx: Tx, spaceId: number, groupId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('group_members')
    .select('avatar_id')
    .where('space_id', '=', spaceId)
    .where('group_id', '=', groupId)
    .where('state', '=', 'active')
    .where('moderator', '=', 1)
    .execute();
  return rows.map((r) => r.avatar_id);
}

/** The moderators who asked the group to leave unanimous mode, in avatar order. */
export async function simpleModeVotesOf(tx: Tx, spaceId: number, groupId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('group_mode_votes')
    .select('moderator_id')
    .where('space_id', '=', spaceId)
    .where('group_id', '=', groupId)
    .orderBy('moderator_id')
    .execute();
  return rows.map((r) => r.moderator_id);
}

/** A pending invitation, with the moderators who agreed and whether it is complete (simple mode: at once; unanimous: every active moderator agreed). */
export async function findInvitation(tx: Tx, spaceId: number, groupId: string, avatarId: string) {
  const invitation = await tx
    .selectFrom('group_invitations')
    .selectAll()
    .where('space_id', '=', spaceId)
    .where('group_id', '=', groupId)
    .where('avatar_id', '=', avatarId)
    .executeTakeFirst();
  if (!invitation) return undefined;
  const votes = (
    await tx
      .selectFrom('group_votes')
      .select('moderator_id')
      .where('space_id', '=', spaceId)
      .where('group_id', '=', groupId)
      .where('avatar_id', '=', avatarId)
      .execute()
  ).map((v) => v.moderator_id);
  const moderators = await moderatorsOf(tx, spaceId, groupId);
  return { ...invitation, votes, complete: invitation.unanimous === 0 || moderators.every((m) => votes.includes(m)) };
}

/** The invitation, or GROUP_INVITATION_NOT_FOUND (accepted, declined or withdrawn meanwhile). */
export async function pendingInvitation(tx: Tx, spaceId: number, groupId: string, avatarId: string) {
  const invitation = await findInvitation(tx, spaceId, groupId, avatarId);
  if (!invitation) throw new IlotError('GROUP_INVITATION_NOT_FOUND');
  return invitation;
}

/** Does the group still have an active member? Without one it is purged. */
export async function hasActiveMember(tx: Tx, spaceId: number, groupId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('group_members')
    .select('avatar_id')
    .where('space_id', '=', spaceId)
    .where('group_id', '=', groupId)
    .where('state', '=', 'active')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The task kind that purges a group left without active members. */
export const purgeGroupKind = 'purge.group';

/** A change of the group: the next version of its subtree, announced to the sessions that hear of it once committed. */
export async function groupChanged(
  tx: Tx,
  spaceId: number,
  groupId: string,
  notify: (notice: { spaceId: number; subtree: string; version: number }) => void,
): Promise<number> {
  const version = await nextVersion(tx, spaceId, groupId);
  notify({ spaceId, subtree: groupId, version });
  return version;
}

/** Ends an invitation that was not accepted (declined, withdrawn, disagreed with): the invitee is a listed contact again and holds the key no more. */
export async function withdraw(tx: Tx, spaceId: number, groupId: string, avatarId: string): Promise<void> {
  await endInvitation(tx, spaceId, groupId, avatarId);
  await dropKeyHolder(tx, spaceId, groupId, avatarId);
  await updateMember(tx, spaceId, groupId, avatarId, { state: 'listed', invited_by: null });
}

/** The holders of the group's key and their avatars' ECDH public keys, in avatar order. */
export async function keyHoldersOf(tx: Tx, spaceId: number, groupId: string) {
  const rows = await tx
    .selectFrom('group_members')
    .innerJoin('avatars', (join) =>
      join.onRef('avatars.space_id', '=', 'group_members.space_id').onRef('avatars.id', '=', 'group_members.avatar_id'),
    )
    .select([
      'group_members.avatar_id',
      'group_members.state',
      'group_members.members_access',
      'group_members.notes_access',
      'avatars.ecdh_public_key',
    ])
    .where('group_members.space_id', '=', spaceId)
    .where('group_members.group_id', '=', groupId)
    .where('group_members.state', 'in', ['active', 'invited'])
    .orderBy('group_members.avatar_id')
    .execute();
  return rows.filter(holdsKey).map((r) => ({ avatarId: r.avatar_id, ecdhPublicKey: r.ecdh_public_key }));
}
