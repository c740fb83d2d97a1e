import { newAesKeyBytes, toBase64Url } from '../../src/shared/crypto/index.js';
import { sealGroupKeyFor } from '../../src/client/groups.js';
import type { GroupKeys, GroupNotesReading } from '../../src/client/group-notes.js';
import { hostGroup } from '../../src/client/group-notes.js';
import { monthStart } from '../../src/domain/lifetime.js';
import type { Member } from './members.js';
import type { TestServer } from './server.js';

// Groups for the tests of group notes: created by the real `group.create`; members join through
// the database, standing in for invitations, and each join or change of access is announced as
// the membership operations announce it (`membershipsOf`).

/** A group made by `member` (as its primary avatar unless told), hosted with room to grow, and the keys its members hold in these tests. */
export async function newGroup(
  member: Member,
  options: { avatarId?: string; maxDocuments?: number; maxVolumeBytes?: number } = {},
): Promise<{ groupId: string; keys: GroupKeys; avatarId: string }> {
  const avatarId = options.avatarId ?? member.client.member.avatars[0]!.id;
  const avatar = member.client.member.avatars.find((a) => a.id === avatarId)!;
  const key = newAesKeyBytes();
  const sealed = await sealGroupKeyFor(avatar.ecdhPublicKey, key);
  const { groupId } = await member.client.call('group.create', {
    avatarId,
    name: toBase64Url(new TextEncoder().encode('a group name, sealed in real use')),
    card: null,
    unanimous: false,
    key: sealed,
    cardKey: sealed,
  });
  await hostGroup(member.client, groupId, avatarId, {
    maxDocuments: options.maxDocuments ?? 50,
    maxVolumeBytes: options.maxVolumeBytes ?? 100_000,
  });
  return { groupId, avatarId, keys: { groupId, current: { version: 1, key }, byVersion: new Map([[1, key]]) } };
}

/** Makes an avatar an active member of a group with these accesses (standing in for an accepted invitation). */
export async function joinGroup(
  server: TestServer,
  groupId: string,
  avatarId: string,
  access: { notes: 'none' | 'read' | 'write'; moderator?: boolean },
): Promise<void> {
  await server.store.db
    .insertInto('group_members')
    .values({
      space_id: Number(groupId.slice(0, 2)),
      group_id: groupId,
      avatar_id: avatarId,
      state: 'active',
      members_access: 1,
      notes_access: access.notes,
      moderator: access.moderator ? 1 : 0,
      listed_by: null,
      invited_by: null,
      card_key: null,
      card_key_version: null,
      note: null,
      since: monthStart(Date.now()),
    })
    .execute();
  announce(server, groupId, avatarId);
}

/** Changes a member's access to the notes (standing in for a moderator's change of rights). */
export async function setNotesAccess(
  server: TestServer,
  groupId: string,
  avatarId: string,
  notes: 'none' | 'read' | 'write',
): Promise<void> {
  await server.store.db
    .updateTable('group_members')
    .set({ notes_access: notes })
    .where('group_id', '=', groupId)
    .where('avatar_id', '=', avatarId)
    .execute();
  announce(server, groupId, avatarId);
}

function announce(server: TestServer, groupId: string, avatarId: string): void {
  server.app.notices.publish([{ spaceId: Number(groupId.slice(0, 2)), membershipsOf: avatarId }]);
}

/** What a member's client needs to read a group's notes: the group's keys, and the signing keys of the members who write. */
export function reading(keys: GroupKeys, ...members: Member[]): GroupNotesReading {
  const signing = new Map(members.flatMap((m) => m.client.member.avatars.map((a) => [a.id, a.signingPublicKey] as const)));
  return { keysOf: (groupId) => (groupId === keys.groupId ? keys : undefined), signingKeyOf: (avatarId) => signing.get(avatarId) };
}
