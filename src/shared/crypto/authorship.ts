import { concatBytes, fromBase64Url, sha256, textEncoder, toBase64Url } from './bytes.js';
import { sign, verify } from './keys.js';

// An authorship of a group note: the writing avatar signs, with its ECDSA key, the version of the
// group key the payload was sealed with and the SHA-256 of the payload (the ciphertext as sent),
// kept with the note so that earlier authorships stay checkable after later edits. The ciphertext
// opens only with its group's key, which binds it to the group; no id is signed, so that a space
// moved to another site (its ids re-keyed) keeps its signatures. The server checks it against the
// avatar's public key before it stores the note; every member's client checks it again, so a
// server cannot pass off one member's text as another's.

/** An ECDSA P-256 signature in WebCrypto's raw form (r ‖ s), base64url: exactly 86 characters. */
export const authorshipSignaturePattern = '^[A-Za-z0-9_-]{86}$';

/** The SHA-256 of a payload as sent (base64url): an authorship keeps it, so that it can be checked after later edits. */
export async function payloadDigest(payload: string): Promise<string> {
  return toBase64Url(await sha256(textEncoder.encode(payload)));
}

/** What one authorship states: this avatar wrote the payload of this digest, sealed under this version of its group's key. */
export interface Authorship {
  keyVersion: number;
  digest: string;
}

const message = (a: Authorship) =>
  concatBytes(textEncoder.encode(`ilot/v1/group-note-authorship/${a.keyVersion}/`), fromBase64Url(a.digest));

/** Signs an authorship with the avatar's private signing key (PKCS#8); base64url out. */
export async function signAuthorship(signingKey: Uint8Array, authorship: Authorship): Promise<string> {
  return toBase64Url(await sign(signingKey, message(authorship)));
}

/** Whether `signature` signs the authorship with the key of `publicKey` (SPKI, base64url). False for anything malformed. */
export async function verifyAuthorship(publicKey: string, signature: string, authorship: Authorship): Promise<boolean> {
  try {
    return await verify(fromBase64Url(publicKey), fromBase64Url(signature), message(authorship));
  } catch {
    return false;
  }
}
