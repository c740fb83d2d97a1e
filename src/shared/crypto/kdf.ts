import { argon2id } from 'hash-wasm';
import { concatBytes, sha256, textEncoder } from './bytes.js';
import { normalizePhrase, phrasePrefix } from './phrase.js';

/** Argon2id cost, site configuration published to clients. */
export interface Argon2Params {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

/** Keys derived from a phrase on the client. Only `prefixId` and `authKey` are ever sent. */
export interface PhraseKeys {
  /** Hash of the key of the phrase's first 12 characters: the server's uniqueness index. */
  prefixId: Uint8Array;
  /** Proves knowledge of the phrase; the server keeps only its SHA-256. */
  authKey: Uint8Array;
  /** Encrypts the account key; never leaves the client. */
  wrapKey: CryptoKey;
  /** Names what the phrase's holder keeps in a browser (its local database); never sent, so the site cannot name it. */
  localId: Uint8Array;
}

async function stretch(secret: string, purpose: string, orgCode: string, params: Argon2Params): Promise<Uint8Array> {
  // The salt binds the result to the space and the purpose: one phrase gives unrelated keys elsewhere.
  const salt = (await sha256(textEncoder.encode(`ilot/v1/${purpose}/${orgCode}`))).slice(0, 16);
  return argon2id({
    password: secret,
    salt,
    parallelism: params.parallelism,
    iterations: params.iterations,
    memorySize: params.memoryKiB,
    hashLength: 32,
    outputType: 'binary',
  });
}

export async function hkdf(ikm: Uint8Array, info: string, length = 32): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', ikm as BufferSource, 'HKDF', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: textEncoder.encode(info) },
    key,
    length * 8,
  );
  return new Uint8Array(bits);
}

/** Derives the keys of a phrase for a space (org code; `admin` for operators). */
export async function derivePhraseKeys(phrase: string, orgCode: string, params: Argon2Params): Promise<PhraseKeys> {
  const normalized = normalizePhrase(phrase);
  const [prefixKey, phraseKey] = await Promise.all([
    stretch(phrasePrefix(normalized), 'prefix', orgCode, params),
    stretch(normalized, 'phrase', orgCode, params),
  ]);
  const authKey = await hkdf(phraseKey, 'ilot/v1/auth');
  const wrapBytes = await hkdf(phraseKey, 'ilot/v1/wrap');
  const wrapKey = await crypto.subtle.importKey('raw', wrapBytes as BufferSource, 'AES-GCM', false, ['encrypt', 'decrypt']);
  return {
    prefixId: await sha256(concatBytes(textEncoder.encode('ilot/v1/prefix-id'), prefixKey)),
    authKey,
    wrapKey,
    localId: await hkdf(phraseKey, 'ilot/v1/local-id'),
  };
}
