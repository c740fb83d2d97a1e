import { concatBytes, randomBytes } from './bytes.js';

const nonceLength = 12;

/** AES-256-GCM with a fresh random nonce; output = nonce ‖ ciphertext ‖ tag. */
export async function encrypt(key: CryptoKey, plaintext: Uint8Array, associatedData: Uint8Array = new Uint8Array(0)): Promise<Uint8Array> {
  const nonce = randomBytes(nonceLength);
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: nonce as BufferSource, additionalData: associatedData as BufferSource },
    key,
    plaintext as BufferSource,
  );
  return concatBytes(nonce, new Uint8Array(sealed));
}

/** Decrypts what `encrypt` produced; throws if anything (data, nonce, tag, associated data) was altered. */
export async function decrypt(key: CryptoKey, sealed: Uint8Array, associatedData: Uint8Array = new Uint8Array(0)): Promise<Uint8Array> {
  if (sealed.length < nonceLength + 16) throw new Error('ciphertext too short');
  const opened = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: sealed.slice(0, nonceLength), additionalData: associatedData as BufferSource },
    key,
    sealed.slice(nonceLength),
  );
  return new Uint8Array(opened);
}

export function importAesKey(raw: Uint8Array, extractable = false): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', raw as BufferSource, 'AES-GCM', extractable, ['encrypt', 'decrypt']);
}

/** A new random AES-256 key (account key, card key, space key…), as raw bytes to be wrapped. */
export function newAesKeyBytes(): Uint8Array {
  return randomBytes(32);
}
