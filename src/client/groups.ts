import { fromBase64Url, importAesKey, newAesKeyBytes, toBase64Url, unwrapKey, wrapKey, wrapKeyFor } from '../shared/crypto/index.js';
import { openAvatarPrivateKeys, openCardKey } from './account-keys.js';
import type { IlotClient, SignedInAccount } from './client.js';
import { IlotClientError } from './errors.js';
import { sealJson, type Card } from './sealing.js';

// Groups as a member's client handles them: the group key is drawn here and travels sealed for
// each holder's avatar (ECDH); the name, the card, chat items and members' card keys are sealed
// under it. Each version of the key holds the previous one sealed under itself, so that the latest
// opens everything older; the server sees ids, states, rights and versions only.

type Avatar = SignedInAccount['avatars'][number];

/** Purposes of what is sealed under a group key (the associated data keeps them apart). */
export const groupPurposes = { name: 'group-name', card: 'group-card', chat: 'group-chat', cardKey: 'group-card-key', key: 'group-key' };

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
    card: group.card
      ? await sealJson(
          groupKey,
          { text: group.card.text, photo: group.card.photo ? toBase64Url(group.card.photo) : null },
          groupPurposes.card,
        )
      : null,
    unanimous: group.unanimous ?? false,
    key: await sealGroupKeyFor(avatar.ecdhPublicKey, groupKey),
    cardKey: await sealCardKey(client, avatar, groupKey),
  });
}
