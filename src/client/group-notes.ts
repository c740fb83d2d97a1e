import { payloadDigest, signAuthorship, verifyAuthorship } from '../shared/crypto/authorship.js';
import { noteTextMaxLength } from '../shared/limits.js';
import type { OutputOf } from '../shared/operations/index.js';
import { openAvatarPrivateKeys } from './account-keys.js';
import type { IlotClient } from './client.js';
import { IlotClientError } from './errors.js';
import { withHashtag } from './hashtags.js';
import type { LocalStore, StoredNote } from './local-store.js';
import { openJson, sealJson } from './sealing.js';

// Notes of a group as a member's client handles them: the text and its times are sealed under the
// group key (its current version), each writing is signed by the writing avatar and checked by
// every reader; group hashtags (moderators) are sealed under the group key, a member's own
// hashtags under its account key. The server sees ids, parents, sizes, versions, months, key
// versions and which avatars wrote.

/** The versions of a group key a member holds (opened with its avatar's key): new content is sealed under the latest. */
export interface GroupKeys {
  groupId: string;
  current: { version: number; key: Uint8Array };
  /** Every version it can open, the current one included. */
  byVersion: ReadonlyMap<number, Uint8Array>;
}

/** One writing of a group note, as the reader checked it. */
export interface GroupNoteAuthorship {
  avatarId: string;
  keyVersion: number;
  /** The signature is the avatar's (its public key known to the reader) over what it states. */
  verified: boolean;
  /** The payload now stored is the one this writing signed (true of the last writing only, unless altered). */
  current: boolean;
}

/** A note of a group, opened by a member: its text, its checked authorships, the group's hashtags and the member's own. */
export interface SharedNote {
  id: string;
  groupId: string;
  parentId: string | null;
  version: number;
  text: string;
  createdAt: number;
  updatedAt: number;
  authors: GroupNoteAuthorship[];
  /** Set by moderators, seen by every member. */
  groupHashtags: string[];
  /** This member's own hashtags on the note. */
  myHashtags: string[];
}

interface Sealed {
  text: string;
  createdAt: number;
  updatedAt: number;
}

const purpose = 'group-note';

/** The private signing key of one of the session's avatars. */
async function signingKeyOf(client: IlotClient, avatarId: string): Promise<Uint8Array> {
  const avatar = client.member.avatars.find((a) => a.id === avatarId);
  if (!avatar) throw new IlotClientError('AVATAR_NOT_FOUND', 'This session does not act as that avatar.', 0);
  return (await openAvatarPrivateKeys(client.member.keys.accountKey, avatar.wrappedPrivateKeys)).signing;
}

/** Seals a group note's text under the current group key and signs the writing as `avatarId`. */
async function sealAndSign(client: IlotClient, keys: GroupKeys, avatarId: string, text: string, createdAt?: number) {
  if ([...text].length > noteTextMaxLength)
    throw new IlotClientError('NOTE_TOO_LARGE', `A note holds at most ${noteTextMaxLength} characters.`, 0);
  const now = Date.now();
  const payload = await sealJson(keys.current.key, { text, createdAt: createdAt ?? now, updatedAt: now } satisfies Sealed, purpose);
  const keyVersion = keys.current.version;
  const signature = await signAuthorship(await signingKeyOf(client, avatarId), { keyVersion, digest: await payloadDigest(payload) });
  return { keyVersion, payload, signature };
}

/** Writes a note in a group as `avatarId` (an active member with read-write access), under a group note or at the root. */
export async function createGroupNote(
  client: IlotClient,
  keys: GroupKeys,
  avatarId: string,
  text: string,
  parentId: string | null = null,
): Promise<OutputOf<'groupNote.create'>> {
  return client.call('groupNote.create', {
    groupId: keys.groupId,
    avatarId,
    parentId,
    ...(await sealAndSign(client, keys, avatarId, text)),
  });
}

/** Rewrites a group note as `avatarId` (pass the note's `createdAt` to keep it) and, when `parentId` is given, moves it. */
export async function editGroupNote(
  client: IlotClient,
  keys: GroupKeys,
  avatarId: string,
  note: { id: string; createdAt?: number },
  text: string,
  parentId?: string | null,
): Promise<OutputOf<'groupNote.edit'>> {
  return client.call('groupNote.edit', {
    noteId: note.id,
    avatarId,
    ...(await sealAndSign(client, keys, avatarId, text, note.createdAt)),
    ...(parentId === undefined ? {} : { parentId }),
  });
}

export async function deleteGroupNote(client: IlotClient, avatarId: string, noteId: string): Promise<OutputOf<'groupNote.delete'>> {
  return client.call('groupNote.delete', { noteId, avatarId });
}

/** A moderator sets the group hashtags of a note (none: an empty list). */
export async function setGroupHashtags(client: IlotClient, keys: GroupKeys, avatarId: string, noteId: string, hashtags: string[]) {
  const sealed = hashtags.length ? await sealJson(keys.current.key, hashtags, 'group-hashtags') : null;
  return client.call('groupNote.setGroupHashtags', { noteId, avatarId, keyVersion: keys.current.version, hashtags: sealed });
}

/** Sets this member's own hashtags on a group note (none: an empty list), which only its account reads. */
export async function setMyHashtags(client: IlotClient, avatarId: string, noteId: string, hashtags: string[]) {
  const sealed = hashtags.length ? await sealJson(client.member.keys.accountKey, hashtags, 'my-group-hashtags') : null;
  return client.call('groupNote.setHashtags', { noteId, avatarId, hashtags: sealed });
}

/** Hosts a group as `avatarId` (or changes its maxima): the account carries them against its quotas. */
export async function hostGroup(
  client: IlotClient,
  groupId: string,
  avatarId: string,
  maxima: { maxDocuments: number; maxVolumeBytes: number },
) {
  return client.call('group.host', { groupId, avatarId, ...maxima });
}

/** Stops hosting a group: it cannot grow until another member hosts it, and is destroyed after 90 days without a host. */
export async function unhostGroup(client: IlotClient, groupId: string, avatarId: string) {
  return client.call('group.unhost', { groupId, avatarId });
}

/** The host, maxima and figures of a group, and when a hostless group will be destroyed (its members' notice). */
export async function groupHosting(client: IlotClient, groupId: string, avatarId: string): Promise<OutputOf<'group.hosting'>> {
  return client.call('group.hosting', { groupId, avatarId });
}

/**
 * The signing public keys of the avatars that wrote the group's notes, by avatar id, as `avatarId`
 * (a reader of the notes) asks: what `readGroupNotes` checks co-members' authorships with.
 */
export async function groupNoteWriters(client: IlotClient, groupId: string, avatarId: string): Promise<Map<string, string>> {
  const { writers } = await client.call('groupNote.writers', { groupId, avatarId });
  return new Map(writers.map((w) => [w.avatarId, w.signingPublicKey]));
}

/** Whether a stored note is a group's (it carries a key version). */
export const isGroupNote = (note: StoredNote): boolean => note.keyVersion !== undefined;

/** What reading group notes needs: the keys of each group held, and the signing public keys of the avatars that wrote. */
export interface GroupNotesReading {
  keysOf(groupId: string): GroupKeys | undefined;
  signingKeyOf(avatarId: string): string | undefined;
  /** Only the notes of this group. */
  groupId?: string;
  /** Only the notes carrying this hashtag, a group one or the member's own: across all groups unless `groupId` says. */
  hashtag?: string;
}

/**
 * The group notes in the local store, opened and their authorships checked, oldest first. A note
 * whose group key the member does not hold, or whose ciphertext fails to open, fails the read
 * (NOTE_ALTERED); a writing whose signature does not check is returned with `verified: false`.
 */
export async function readGroupNotes(client: IlotClient, store: LocalStore, reading: GroupNotesReading): Promise<SharedNote[]> {
  const accountKey = client.member.keys.accountKey;
  const mine = new Map<string, string[]>();
  for (const h of (await store.hashtags?.()) ?? [])
    mine.set(h.noteId, await openJson<string[]>(accountKey, h.payload, 'my-group-hashtags'));
  const stored = (await store.notes()).filter((n) => isGroupNote(n) && (!reading.groupId || n.subtree === reading.groupId));
  const notes = await Promise.all(stored.map((n) => openGroupNote(n, reading, mine.get(n.id) ?? [])));
  return withHashtag(notes, reading.hashtag, (n) => [...n.groupHashtags, ...n.myHashtags]).sort(
    (a, b) => a.createdAt - b.createdAt || a.version - b.version || a.id.localeCompare(b.id),
  );
}

async function openGroupNote(n: StoredNote, reading: GroupNotesReading, myHashtags: string[]): Promise<SharedNote> {
  const keys = reading.keysOf(n.subtree);
  const key = keys?.byVersion.get(n.keyVersion ?? 0);
  const altered = () => new IlotClientError('NOTE_ALTERED', `Group note ${n.id} cannot be decrypted.`, 0);
  if (!keys || !key) throw altered();
  const content = await openJson<Sealed>(key, n.payload, purpose).catch(() => null);
  if (!content) throw altered();
  const digest = await payloadDigest(n.payload);
  const authors = await Promise.all(
    (n.authors ?? []).map(async (a) => {
      const publicKey = reading.signingKeyOf(a.avatarId);
      const verified =
        publicKey !== undefined && (await verifyAuthorship(publicKey, a.signature, { keyVersion: a.keyVersion, digest: a.digest }));
      return { avatarId: a.avatarId, keyVersion: a.keyVersion, verified, current: a.digest === digest };
    }),
  );
  const groupHashtags = n.groupHashtags ? await openGroupHashtags(keys, n) : [];
  return {
    id: n.id,
    groupId: n.subtree,
    parentId: n.parentId,
    version: n.version,
    text: content.text,
    createdAt: content.createdAt,
    updatedAt: content.updatedAt,
    authors,
    groupHashtags,
    myHashtags,
  };
}

/**
 * Opens what was sealed under a group key current at the time (group hashtags, a file's metadata),
 * trying the versions the member holds, newest first; null when none opens it (altered).
 */
export async function openUnderGroup<T>(keys: GroupKeys, sealed: string, sealedFor: string): Promise<T | null> {
  for (const version of [...keys.byVersion.keys()].sort((a, b) => b - a)) {
    const opened = await openJson<T>(keys.byVersion.get(version)!, sealed, sealedFor).catch(() => null);
    if (opened !== null) return opened;
  }
  return null;
}

/** The key that tags file names in a group's notes: from its oldest version a member holds, so that revisions keep their tag across rotations. */
export function groupNameTagKey(keys: GroupKeys): Uint8Array {
  return keys.byVersion.get(Math.min(...keys.byVersion.keys()))!;
}

async function openGroupHashtags(keys: GroupKeys, n: StoredNote): Promise<string[]> {
  const opened = await openUnderGroup<string[]>(keys, n.groupHashtags!, 'group-hashtags');
  if (opened === null) throw new IlotClientError('NOTE_ALTERED', `The group hashtags of note ${n.id} cannot be decrypted.`, 0);
  return opened;
}
