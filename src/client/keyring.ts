import { avatarProof, newAvatarSecret, sha256, textEncoder, toHex } from '../shared/crypto/index.js';
import { newScopedId, spaceOfId } from '../shared/ids.js';
import { openJson, sealJson } from './sealing.js';

// The keyring: the account's list of its secondary avatars with their secrets, sealed under the
// account key. Only the account's own clients can read it; the server stores it and, for each
// avatar, only the hash of its secret.

/** A secondary avatar of the account and its secret. */
export interface KeyringEntry {
  id: string;
  secret: string;
}

const purpose = 'keyring';
/** Sealed lengths grow by steps of this many characters, so that they hardly tell how many avatars there are. */
const step = 1024;

export async function sealKeyring(accountKey: CryptoKey, entries: KeyringEntry[]): Promise<string> {
  const json = JSON.stringify(entries);
  return sealJson(accountKey, { entries, pad: ' '.repeat(step - (json.length % step)) }, purpose);
}

/**
 * The entries of a sealed keyring (none when the account never had one). Given the account's space,
 * ids of another space number are read as ids of this one: a space moved to another site under
 * another number had its ids re-keyed there (their first two digits), not its sealed keyrings.
 */
export async function openKeyring(accountKey: CryptoKey, sealed: string | null, spaceId?: number): Promise<KeyringEntry[]> {
  const entries = sealed === null ? [] : (await openJson<{ entries: KeyringEntry[] }>(accountKey, sealed, purpose)).entries;
  return spaceId === undefined
    ? entries
    : entries.map((e) => (spaceOfId(e.id) === spaceId ? e : { ...e, id: `${spaceId}${e.id.slice(2)}` }));
}

/** A new entry with a new secret: for an avatar number of the space drawn here, or for a given one (a legacy avatar moving in). */
export function newKeyringEntry(spaceId: number, id = newScopedId(spaceId, 'avatar')): KeyringEntry {
  return { id, secret: newAvatarSecret() };
}

/** What the server keeps of an avatar's secret: its SHA-256, in hex. */
export async function proofHashOf(entry: KeyringEntry): Promise<string> {
  return toHex(await sha256(textEncoder.encode(entry.secret)));
}

/**
 * The proofs that present the entries' avatars under a request's secret: the session token's
 * (`<space>.<id>.<secret>`: its secret part) for session.presentAvatars, the auth key at sign-in.
 */
export async function proofsFor(secret: string, entries: KeyringEntry[]): Promise<{ id: string; proof: string }[]> {
  return Promise.all(entries.map(async (e) => ({ id: e.id, proof: await avatarProof(secret, e.id, e.secret) })));
}

/** The secret of a session token that masks proofs presented in its session. */
export const tokenSecretOf = (token: string) => token.split('.')[2] ?? '';
