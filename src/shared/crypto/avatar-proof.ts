import { fromBase64Url, randomBytes, textEncoder, toBase64Url } from './bytes.js';

// A secondary avatar's owner proves it holds the avatar's secret without the proof being of use in
// any other session: the proof is the secret masked by an HMAC of the avatar id under the session
// token's secret (or, at sign-in, the auth key). The server unmasks it with the secret of the
// request that presents it and compares the secret's hash with the one it keeps; replayed in
// another request, it unmasks to noise.

export const avatarSecretBytes = 32;

/** A new avatar secret (base64url), kept only in its account's keyring. */
export function newAvatarSecret(): string {
  return toBase64Url(randomBytes(avatarSecretBytes));
}

/** What the session token's secret keys the HMAC of, for an avatar: the proof's mask. */
export function proofMaskLabel(avatarId: string): Uint8Array {
  return textEncoder.encode(`ilot/v1/avatar-proof/${avatarId}`);
}

async function mask(sessionSecret: string, avatarId: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', textEncoder.encode(sessionSecret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, proofMaskLabel(avatarId) as BufferSource));
}

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  return a.map((byte, i) => byte ^ (b[i] ?? 0));
}

/** The proof that presents an avatar in the session whose token carries `sessionSecret`. */
export async function avatarProof(sessionSecret: string, avatarId: string, avatarSecret: string): Promise<string> {
  return toBase64Url(xor(fromBase64Url(avatarSecret), await mask(sessionSecret, avatarId)));
}
