import { expect } from 'vitest';
import {
  acceptInvitation,
  createGroup,
  findGroup,
  groupMembers,
  inviteToGroup,
  listContactInGroup,
  type Accesses,
  type Group,
} from '../../src/client/groups.js';
import type { TestServer } from './server.js';
import { spaceWithTreasurer, sponsored, type Member } from './members.js';

/** The primary avatar of a member. */
export const avatarOf = (m: Member) => m.client.member.avatars[0]!.id;

/** A space whose treasurer created a group, with members it sponsored (its contacts), not yet in the group. */
export async function groupWithContacts(url: string, names: string[], options: { unanimous?: boolean } = {}) {
  const treasurer = await spaceWithTreasurer(url);
  const others = [];
  for (const name of names) others.push(await sponsored(treasurer, name));
  const { groupId } = await createGroup(treasurer.client, { name: 'Chorale', card: { text: 'on chante', photo: null }, ...options });
  return { treasurer, others, groupId, group: () => findGroup(treasurer.client, groupId) };
}

/** The listed contact as the members' list shows it (with its public key). */
export async function memberView(by: Member, groupId: string, memberId: string) {
  const { members } = await groupMembers(by.client, await findGroup(by.client, groupId));
  const found = members.find((m) => m.avatarId === memberId);
  expect(found).toBeDefined();
  return found!;
}

/** Lists a contact of the moderator, invites it with these accesses, and has it accept. */
export async function join(moderator: Member, groupId: string, invitee: Member, accesses: Accesses): Promise<Group> {
  const group = await findGroup(moderator.client, groupId);
  await listContactInGroup(moderator.client, group, avatarOf(invitee));
  await inviteToGroup(moderator.client, group, await memberView(moderator, groupId, avatarOf(invitee)), accesses);
  await acceptInvitation(invitee.client, await findGroup(invitee.client, groupId));
  return findGroup(invitee.client, groupId);
}

/** Every row of the group's tables for this group, to check that a refusal wrote nothing. */
export async function groupRows(server: TestServer, groupId: string) {
  const db = server.store.db;
  return {
    group: await db.selectFrom('groups').selectAll().where('id', '=', groupId).execute(),
    members: await db.selectFrom('group_members').selectAll().where('group_id', '=', groupId).execute(),
    invitations: await db.selectFrom('group_invitations').selectAll().where('group_id', '=', groupId).execute(),
    votes: await db.selectFrom('group_votes').selectAll().where('group_id', '=', groupId).execute(),
    modeVotes: await db.selectFrom('group_mode_votes').selectAll().where('group_id', '=', groupId).execute(),
    keys: await db.selectFrom('group_keys').selectAll().where('group_id', '=', groupId).execute(),
    copies: await db.selectFrom('group_key_copies').selectAll().where('group_id', '=', groupId).execute(),
    chat: await db.selectFrom('group_chat_items').selectAll().where('group_id', '=', groupId).execute(),
    version: await db.selectFrom('subtree_versions').selectAll().where('subtree', '=', groupId).execute(),
  };
}

export const allAccesses: Accesses = { members: true, notes: 'write', moderator: false };
