import { fromBase64Url, newAesKeyBytes, toBase64Url, unwrapKeyFrom, wrapKeyFor } from '../shared/crypto/index.js';
import { chatTextMaxLength } from '../shared/limits.js';
import type { InputOf, OutputOf } from '../shared/operations/index.js';
import { openAvatarPrivateKeys } from './account-keys.js';
import type { IlotClient } from './client.js';
import { IlotClientError } from './errors.js';
import type { LocalStore, StoredChat } from './local-store.js';
import { contacts } from './membership.js';
import { openJson } from './sealing.js';
import { sealChatItem } from './chat-sealing.js';

// Chats as a member's client handles them: a random chat key, wrapped for each avatar's ECDH key,
// encrypts each item's text and time; the server sees who wrote, the declared plain length and the
// month. Sides reach the local store through sync; hashtags come from the private notes the
// account keeps on the chat's contact, so filtering happens here.

export { chatTextMaxLength };
export { sealChatItem };

/** A chat the client can write in: its id, the member's avatar in it, and the chat key. */
export interface ChatHandle {
  chatId: string;
  avatarId: string;
  key: Uint8Array;
  /** An urgent chat: written through the operation that every restriction lets through. */
  urgent?: boolean;
}

export interface ChatItem {
  seq: number;
  /** The avatar that wrote it. */
  author: string;
  text: string;
  /** When its author's clock said it was written. */
  at: number;
}

export interface Chat extends ChatHandle {
  otherId: string;
  /** The other avatar's name; null once it is gone. */
  otherName: string | null;
  urgent: boolean;
  hungUp: boolean;
  version: number;
  /** Oldest first. Items that fail to open (altered) are left out. */
  items: ChatItem[];
  /** The private hashtags the account keeps on the chat's contact (none for an urgent chat with a non-contact). */
  hashtags: string[];
}

/** What to leave out of a chat list: hung-up chats, chats whose contact carries any of these hashtags; or keep only those carrying `hashtag`. */
export interface ChatFilter {
  hashtag?: string;
  hideHungUp?: boolean;
  hideHashtags?: string[];
}

/** The chat key, opened with the ECDH private key of the member's avatar. */
async function openChatKey(client: IlotClient, avatarId: string, wrappedKey: string): Promise<Uint8Array> {
  const avatar = client.member.avatars.find((a) => a.id === avatarId);
  if (!avatar) throw new IlotClientError('AVATAR_NOT_FOUND', 'This account has no such avatar.', 0);
  const { ecdh } = await openAvatarPrivateKeys(client.member.keys.accountKey, avatar.wrappedPrivateKeys);
  return unwrapKeyFrom(ecdh, fromBase64Url(wrappedKey), 'chat');
}

/** A new chat key, wrapped for the member's avatar and for the other's ECDH public key. */
async function newChatKeys(client: IlotClient, avatarId: string, theirPublicKey: string) {
  const avatar = client.member.avatars.find((a) => a.id === avatarId);
  if (!avatar) throw new IlotClientError('AVATAR_NOT_FOUND', 'This account has no such avatar.', 0);
  const key = newAesKeyBytes();
  return {
    keyForMe: toBase64Url(await wrapKeyFor(fromBase64Url(avatar.ecdhPublicKey), key, 'chat')),
    keyForThem: toBase64Url(await wrapKeyFor(fromBase64Url(theirPublicKey), key, 'chat')),
  };
}

/** Opens a chat of one of the account's avatars with one of its contacts (or finds the one they have). */
export async function openChat(client: IlotClient, avatarId: string, contactId: string): Promise<ChatHandle> {
  const { contacts: rows } = await client.call('contact.list');
  const contact = rows.find((c) => c.avatarId === avatarId && c.contactId === contactId);
  if (!contact?.ecdhPublicKey) throw new IlotClientError('CONTACT_NOT_FOUND', 'This avatar has no such contact.', 0);
  const opened = await client.call('chat.open', { avatarId, contactId, ...(await newChatKeys(client, avatarId, contact.ecdhPublicKey)) });
  return handleOf(client, avatarId, opened);
}

async function handleOf(client: IlotClient, avatarId: string, opened: OutputOf<'chat.open'>): Promise<ChatHandle> {
  return { chatId: opened.chatId, avatarId, key: await openChatKey(client, avatarId, opened.wrappedKey) };
}

/** Appends an item; the oldest items of the chat go while it holds more than 5,000 characters. */
export async function writeInChat(client: IlotClient, chat: ChatHandle, text: string): Promise<number> {
  const item = await sealChatItem(chat.key, text);
  const { seq } = await client.call(chat.urgent ? 'chat.appendUrgent' : 'chat.append', {
    chatId: chat.chatId,
    avatarId: chat.avatarId,
    item,
  });
  return seq;
}

/** Deletes an item the member's avatar wrote. */
export async function deleteChatItem(client: IlotClient, chat: Pick<ChatHandle, 'chatId' | 'avatarId'>, seq: number): Promise<void> {
  await client.call('chat.deleteItem', { chatId: chat.chatId, avatarId: chat.avatarId, seq });
}

/** Hangs up: the items so far leave this side, and the chat no longer counts as a document, until this side writes again. */
export async function hangUpChat(client: IlotClient, chat: Pick<ChatHandle, 'chatId' | 'avatarId'>): Promise<void> {
  await client.call('chat.hangUp', { chatId: chat.chatId, avatarId: chat.avatarId });
}

/** Opens a chat side kept in the local store: its key and items. */
export async function openStoredChat(client: IlotClient, stored: StoredChat, hashtags: string[] = []): Promise<Chat> {
  const key = await openChatKey(client, stored.subtree, stored.wrappedKey);
  const items = await Promise.all(
    stored.items.map(async (item) => {
      const content = await openJson<{ text: string; at: number }>(key, item.payload, 'chat-item').catch(() => null);
      return content && { seq: item.seq, author: item.author, text: content.text, at: content.at };
    }),
  );
  return {
    chatId: stored.id,
    avatarId: stored.subtree,
    key,
    otherId: stored.otherId,
    otherName: stored.otherName,
    urgent: stored.urgent,
    hungUp: stored.hungUp,
    version: stored.version,
    items: items.filter((i) => i !== null).sort((a, b) => a.seq - b.seq),
    hashtags,
  };
}

/** The contacts, or none under minimal access, which withholds them but not the urgent chats. */
async function contactsUnlessWithheld(client: IlotClient) {
  try {
    return await contacts(client);
  } catch (error) {
    if (error instanceof IlotClientError && error.code === 'MINIMAL_ACCESS') return [];
    throw error;
  }
}

/** The chats of the local store, opened, with their contacts' hashtags, filtered; the most recently changed first. */
export async function readChats(client: IlotClient, store: LocalStore, filter: ChatFilter = {}): Promise<Chat[]> {
  const stored = await store.chats();
  const tags = new Map((await contactsUnlessWithheld(client)).map((c) => [`${c.avatarId}/${c.contactId}`, c.note?.hashtags ?? []]));
  const chats = await Promise.all(stored.map((s) => openStoredChat(client, s, tags.get(`${s.subtree}/${s.otherId}`) ?? [])));
  const hidden = new Set(filter.hideHashtags ?? []);
  return chats
    .filter((c) => !(filter.hideHungUp && c.hungUp))
    .filter((c) => !c.hashtags.some((t) => hidden.has(t)))
    .filter((c) => filter.hashtag === undefined || c.hashtags.includes(filter.hashtag))
    .sort((a, b) => b.version - a.version);
}

/** Who answers the account's urgent chats: the treasurer and the delegates of its partition. */
export async function urgentCorrespondents(client: IlotClient): Promise<OutputOf<'chat.urgentCorrespondents'>['correspondents']> {
  return (await client.call('chat.urgentCorrespondents')).correspondents;
}

/** Opens (or finds) the urgent chat of the account's primary avatar with another primary avatar (see urgentCorrespondents). */
export async function openUrgentChat(
  client: IlotClient,
  correspondent: { avatarId: string; ecdhPublicKey: string },
): Promise<ChatHandle & { urgent: true }> {
  const avatarId = client.member.avatars[0]!.id;
  const opened = await client.call('chat.openUrgent', {
    avatarId,
    withId: correspondent.avatarId,
    ...(await newChatKeys(client, avatarId, correspondent.ecdhPublicKey)),
  });
  return { ...(await handleOf(client, avatarId, opened)), urgent: true };
}

/** The treasurer gives (or withdraws, with null) the address where it is told of new urgent items. */
export async function setUrgentAlert(client: IlotClient, alert: InputOf<'chat.setUrgentAlert'>['alert']): Promise<void> {
  await client.call('chat.setUrgentAlert', { alert });
}
