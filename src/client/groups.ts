import {
  fromBase64Url,
  importAesKey,
  newAesKeyBytes,
  toBase64Url,
  unwrapKey,
  unwrapKeyFrom,
  wrapKey,
  wrapKeyFor,
} from '../shared/crypto/index.js';
import { openAvatarPrivateKeys, openCardKey } from './account-keys.js';
import type { IlotClient, SignedInAccount } from './client.js';
import { IlotClientError } from './errors.js';
import { groupChatItemMaxLength } from '../shared/limits.js';
import type { InputOf, OutputOf } from '../shared/operations/index.js';
import { openCard, openJson, sealJson, type Card } from './sealing.js';

// Groups as a member's client handles them: the group key is drawn here and travels sealed for
// each holder's avatar (ECDH); the name, the card, chat items and members' card keys are sealed
// under it. Each version of the key holds the previous one sealed under itself, so that the latest
// opens everything older; the server sees ids, states, rights and versions only.

type Avatar = SignedInAccount['avatars'][number];

/** Purposes of what is sealed under a group key (the associated data keeps them apart). */
export const groupPurposes = {
  name: 'group-name',
  card: 'group-card',
  chat: 'group-chat',
  note: 'group-note',
  cardKey: 'group-card-key',
  key: 'group-key',
  previousKey: 'group-previous-key',
};

function avatarOf(client: IlotClient, avatarId?: string): Avatar {
  const account = client.member;
  const avatar = avatarId ? account.avatars.find((a) => a.id === avatarId) : account.avatars[0];
  if (!avatar) throw new IlotClientError('AVATAR_NOT_FOUND', 'This account has no such avatar.', 0);
  return avatar;
}

/** A group key sealed for an avatar's ECDH public key (base64url in and out). */
export async function sealGroupKeyFor(ecdhPublicKey: string, groupKey: Uint8Array): Promise<string> {
  return toBase64Url(await wrapKeyFor(fromBase64Url(ecdhPublicKey), groupKey, groupPurposes.key));
}

/** The avatar's card key sealed under a group key: co-members with member access open its card with it. */
async function sealCardKey(client: IlotClient, avatar: Avatar, groupKey: Uint8Array): Promise<string> {
  const cardKey = await openCardKey(client.member.keys.accountKey, avatar.wrappedCardKey!);
  return toBase64Url(await wrapKey(await importAesKey(groupKey), cardKey, groupPurposes.cardKey));
}

function sealGroupCard(groupKey: Uint8Array, card: Card): Promise<string> {
  return sealJson(groupKey, { text: card.text, photo: card.photo ? toBase64Url(card.photo) : null }, groupPurposes.card);
}

/** Opens a member's card key sealed under a group key. */
export async function openMemberCardKey(groupKey: Uint8Array, sealed: string): Promise<Uint8Array> {
  return unwrapKey(await importAesKey(groupKey), fromBase64Url(sealed), groupPurposes.cardKey);
}

/** The avatar's ECDH private key, which opens the group keys sealed for it. */
export async function avatarEcdhKey(client: IlotClient, avatarId: string): Promise<Uint8Array> {
  const avatar = avatarOf(client, avatarId);
  return (await openAvatarPrivateKeys(client.member.keys.accountKey, avatar.wrappedPrivateKeys)).ecdh;
}

export interface NewGroup {
  name: string;
  card?: Card | null;
  /** Invitations need every moderator (true) or one (false, the default). */
  unanimous?: boolean;
  /** The creating avatar (default: the primary one). */
  avatarId?: string;
}

/** Creates a group: draws its key, seals the name and card under it and the key for the creating avatar. */
export async function createGroup(client: IlotClient, group: NewGroup): Promise<{ groupId: string; version: number }> {
  const avatar = avatarOf(client, group.avatarId);
  const groupKey = newAesKeyBytes();
  return client.call('group.create', {
    avatarId: avatar.id,
    name: await sealJson(groupKey, { name: group.name }, groupPurposes.name),
    card: group.card ? await sealGroupCard(groupKey, group.card) : null,
    unanimous: group.unanimous ?? false,
    key: await sealGroupKeyFor(avatar.ecdhPublicKey, groupKey),
    cardKey: await sealCardKey(client, avatar, groupKey),
  });
}

type Listed = OutputOf<'group.list'>['groups'][number];

/** A group as one of the session's avatars holds it: opened name and card, its keys by version, its rights. */
export interface Group extends Omit<Listed, 'name' | 'card' | 'key' | 'previousKeys' | 'note'> {
  name: string;
  card: Card | null;
  /** Every version of the key this avatar can open: the current one and, through it, the older ones. */
  keys: Map<number, Uint8Array>;
  /** The avatar's private comment and hashtags on the group. */
  note: GroupNote | null;
}

export interface GroupNote {
  comment: string;
  hashtags: string[];
}

/** The current key from the avatar's copy, then each older one from the one after it. */
async function openKeys(client: IlotClient, listed: Listed): Promise<Map<number, Uint8Array>> {
  const keys = new Map<number, Uint8Array>();
  let key = await unwrapKeyFrom(await avatarEcdhKey(client, listed.avatarId), fromBase64Url(listed.key), groupPurposes.key);
  keys.set(listed.keyVersion, key);
  for (const { version, previousKey } of [...listed.previousKeys].reverse()) {
    if (version > listed.keyVersion) continue;
    key = await unwrapKey(await importAesKey(key), fromBase64Url(previousKey), groupPurposes.previousKey);
    keys.set(version - 1, key);
  }
  return keys;
}

function keyOf(group: Pick<Group, 'keys'>, version: number): Uint8Array {
  const key = group.keys.get(version);
  if (!key) throw new IlotClientError('GROUP_KEY_STALE', 'This group key version is not known here: read the group again.', 0);
  return key;
}

/** The groups where the session's avatars are active or invited, opened. */
export async function listGroups(client: IlotClient): Promise<Group[]> {
  const { groups } = await client.call('group.list');
  return Promise.all(
    groups.map(async (listed) => {
      const keys = await openKeys(client, listed);
      const { name } = await openJson<{ name: string }>(keyOf({ keys }, 1), listed.name, groupPurposes.name);
      const card =
        listed.card === null || listed.cardKeyVersion === null
          ? null
          : await openJson<{ text: string; photo: string | null }>(keyOf({ keys }, listed.cardKeyVersion), listed.card, groupPurposes.card);
      const note = listed.note === null ? null : await openJson<GroupNote>(client.member.keys.accountKey, listed.note, groupPurposes.note);
      return {
        ...listed,
        name,
        card: card && { text: card.text, photo: card.photo ? fromBase64Url(card.photo) : null },
        keys,
        note,
      };
    }),
  );
}

/** One group of the session's avatars (as `avatarId` when several belong to it). */
export async function findGroup(client: IlotClient, groupId: string, avatarId?: string): Promise<Group> {
  const group = (await listGroups(client)).find((g) => g.groupId === groupId && (!avatarId || g.avatarId === avatarId));
  if (!group) throw new IlotClientError('GROUP_NOT_FOUND', 'This avatar is not a member of such a group.', 0);
  return group;
}

const acting = (group: Group) => ({ groupId: group.groupId, avatarId: group.avatarId });

type ListedMember = OutputOf<'group.members'>['members'][number];
export interface GroupMember extends Omit<ListedMember, 'card' | 'cardKey' | 'cardKeyVersion'> {
  /** An active member's card, opened with the card key it shared with the group. */
  card: Card | null;
}

/** The group's members (listed, invited, active) and pending invitations, active members' cards opened. */
export async function groupMembers(client: IlotClient, group: Group) {
  const { members, invitations } = await client.call('group.members', acting(group));
  return {
    members: await Promise.all(
      members.map(async ({ card, cardKey, cardKeyVersion, ...m }): Promise<GroupMember> => {
        const key = cardKey && cardKeyVersion !== null ? await openMemberCardKey(keyOf(group, cardKeyVersion), cardKey) : null;
        return { ...m, card: key ? await openCard(key, card) : null };
      }),
    ),
    invitations,
  };
}

/**
 * Runs a write under the group's current key. When the key is due for rotation (a holder left or
 * lost its accesses), this client rotates it first, so that nothing new is sealed under a key the
 * departed hold; if another session made it due meanwhile, it reads the group again and rotates.
 */
async function underCurrentKey<T>(
  client: IlotClient,
  group: Group,
  write: (current: Group) => Promise<T>,
): Promise<{ group: Group; result: T }> {
  const current = group.rotationDue ? await rotateGroupKey(client, group) : group;
  try {
    return { group: current, result: await write(current) };
  } catch (error) {
    if (!(error instanceof IlotClientError) || error.code !== 'GROUP_KEY_ROTATION_DUE') throw error;
    const rotated = await rotateGroupKey(client, await findGroup(client, group.groupId, group.avatarId));
    return { group: rotated, result: await write(rotated) };
  }
}

/** Lists one of the acting avatar's contacts in the group. */
export function listContactInGroup(client: IlotClient, group: Group, contactId: string) {
  return client.call('group.listContact', { ...acting(group), contactId });
}

export type Accesses = InputOf<'group.invite'>['accesses'];

/** Invites a listed contact (its public key from the members' list), handing it the current key. */
export async function inviteToGroup(
  client: IlotClient,
  group: Group,
  invitee: { avatarId: string; ecdhPublicKey: string },
  accesses: Accesses,
) {
  const { result } = await underCurrentKey(client, group, async (g) =>
    client.call('group.invite', {
      ...acting(g),
      memberId: invitee.avatarId,
      accesses,
      keyVersion: g.keyVersion,
      key: await sealGroupKeyFor(invitee.ecdhPublicKey, keyOf(g, g.keyVersion)),
    }),
  );
  return result;
}

export function voteOnInvitation(client: IlotClient, group: Group, inviteeId: string, agree: boolean) {
  return client.call('group.vote', { ...acting(group), memberId: inviteeId, agree });
}

/**
 * Switches the group's invitation mode: unanimous at once; simple once every moderator asked for
 * it (the answer says whether the group switched and who asked). Asking for unanimous mode again
 * withdraws one's request.
 */
export function setGroupMode(client: IlotClient, group: Group, unanimous: boolean) {
  return client.call('group.setMode', { ...acting(group), unanimous });
}

export function withdrawInvitation(client: IlotClient, group: Group, inviteeId: string) {
  return client.call('group.withdrawInvitation', { ...acting(group), memberId: inviteeId });
}

/** Accepts an invitation: shares the avatar's card key with the group under the current key. */
export async function acceptInvitation(client: IlotClient, group: Group) {
  const avatar = avatarOf(client, group.avatarId);
  // The invitee seals under the current key even when a rotation is due: only active members rotate.
  return client.call('group.accept', {
    ...acting(group),
    keyVersion: group.keyVersion,
    cardKey: await sealCardKey(client, avatar, keyOf(group, group.keyVersion)),
  });
}

export function declineInvitation(client: IlotClient, group: Group) {
  return client.call('group.decline', acting(group));
}

export type RightsChange = Pick<InputOf<'group.setRights'>, 'members' | 'notes' | 'moderator'>;

/** Changes an active member's rights; a member without any access that gains one receives the current key. */
export async function setMemberRights(
  client: IlotClient,
  group: Group,
  target: Pick<GroupMember, 'avatarId' | 'ecdhPublicKey' | 'members' | 'notes'>,
  change: RightsChange,
) {
  const holds = (r: { members: boolean; notes: string }) => r.members || r.notes !== 'none';
  const gains = !holds(target) && holds({ members: change.members ?? target.members, notes: change.notes ?? target.notes });
  const call = async (g: Group) =>
    client.call('group.setRights', {
      ...acting(g),
      memberId: target.avatarId,
      ...change,
      ...(gains && { key: { version: g.keyVersion, key: await sealGroupKeyFor(target.ecdhPublicKey, keyOf(g, g.keyVersion)) } }),
    });
  return gains ? (await underCurrentKey(client, group, call)).result : call(group);
}

/** Waives (true) or resumes (false) the avatar's own accesses. */
export function waiveAccesses(client: IlotClient, group: Group, waived: { members?: boolean; notes?: boolean }) {
  return client.call('group.waive', { ...acting(group), ...waived });
}

/** Steps back to listed contact, or asks to be forgotten. */
export function leaveGroup(client: IlotClient, group: Group, options: { forget: boolean }) {
  return client.call('group.leave', { ...acting(group), forget: options.forget });
}

export function forgetListedContact(client: IlotClient, group: Group, memberId: string) {
  return client.call('group.forget', { ...acting(group), memberId });
}

/** Sets (or erases, null) the avatar's private comment and hashtags on the group, sealed under the account key. */
export async function annotateGroup(client: IlotClient, group: Group, note: GroupNote | null) {
  return client.call('group.annotate', {
    ...acting(group),
    note: note === null ? null : await sealJson(client.member.keys.accountKey, note, groupPurposes.note),
  });
}

/**
 * Rotates the group key: a new key sealed for every holder the server lists, and the current key
 * sealed under it. Returns the group with the new key added.
 */
export async function rotateGroupKey(client: IlotClient, group: Group): Promise<Group> {
  const { keyVersion, holders } = await client.call('group.keyHolders', acting(group));
  const current = keyOf(group, keyVersion);
  const next = newAesKeyBytes();
  const copies = await Promise.all(holders.map(async (h) => ({ avatarId: h.avatarId, key: await sealGroupKeyFor(h.ecdhPublicKey, next) })));
  await client.call('group.rotateKey', {
    ...acting(group),
    version: keyVersion + 1,
    previousKey: toBase64Url(await wrapKey(await importAesKey(next), current, groupPurposes.previousKey)),
    copies,
  });
  return { ...group, keyVersion: keyVersion + 1, rotationDue: false, keys: new Map([...group.keys, [keyVersion + 1, next]]) };
}

/** A group chat item as members read it. */
export interface GroupChatItem {
  seq: number;
  authorId: string;
  text: string;
  /** When its author wrote it, as its clock said. */
  at: number;
}

/** Writes in the group chat (at most 300 characters), under the current key (see underCurrentKey). */
export async function postInGroupChat(client: IlotClient, group: Group, text: string): Promise<{ group: Group; seq: number }> {
  const length = [...text].length;
  if (length === 0 || length > groupChatItemMaxLength)
    throw new IlotClientError('GROUP_CHAT_ITEM_TOO_LARGE', `A group chat item holds 1 to ${groupChatItemMaxLength} characters.`, 0);
  const { group: current, result } = await underCurrentKey(client, group, async (g) =>
    client.call('group.postChat', {
      ...acting(g),
      keyVersion: g.keyVersion,
      length,
      text: await sealJson(keyOf(g, g.keyVersion), { text, at: Date.now() }, groupPurposes.chat),
    }),
  );
  return { group: current, seq: result.seq };
}

/** The group chat, oldest first, opened. */
export async function readGroupChat(client: IlotClient, group: Group): Promise<GroupChatItem[]> {
  const { items } = await client.call('group.chat', acting(group));
  return Promise.all(
    items.map(async (item) => {
      const { text, at } = await openJson<{ text: string; at: number }>(keyOf(group, item.keyVersion), item.text, groupPurposes.chat);
      return { seq: item.seq, authorId: item.authorId, text, at };
    }),
  );
}
