import { decrypt, encrypt, importAesKey } from './aead.js';
import { concatBytes, textEncoder } from './bytes.js';
import { hkdf } from './kdf.js';

// Key wrapping and signatures. A wrapped key is a raw key encrypted with AES-GCM, its purpose as
// associated data, so that a wrapped key cannot be passed off as another kind of key.

export function wrapKey(wrappingKey: CryptoKey, rawKey: Uint8Array, purpose: string): Promise<Uint8Array> {
  return encrypt(wrappingKey, rawKey, textEncoder.encode(`ilot/v1/key/${purpose}`));
}

export function unwrapKey(wrappingKey: CryptoKey, wrapped: Uint8Array, purpose: string): Promise<Uint8Array> {
  return decrypt(wrappingKey, wrapped, textEncoder.encode(`ilot/v1/key/${purpose}`));
}

export interface KeyPairBytes {
  /** SPKI, shareable. */
  publicKey: Uint8Array;
  /** PKCS#8, to be wrapped before it leaves memory. */
  privateKey: Uint8Array;
}

async function exportPair(pair: CryptoKeyPair): Promise<KeyPairBytes> {
  return {
    publicKey: new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey)),
    privateKey: new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey)),
  };
}

const ecdh = { name: 'ECDH', namedCurve: 'P-256' } as const;
const ecdsa = { name: 'ECDSA', namedCurve: 'P-256' } as const;

export async function newEcdhKeyPair(): Promise<KeyPairBytes> {
  return exportPair(await crypto.subtle.generateKey(ecdh, true, ['deriveBits']));
}

export async function newSigningKeyPair(): Promise<KeyPairBytes> {
  return exportPair(await crypto.subtle.generateKey(ecdsa, true, ['sign', 'verify']));
}

async function sharedKey(privateKey: CryptoKey, publicKey: Uint8Array, ephemeralPublic: Uint8Array, purpose: string): Promise<CryptoKey> {
  const peer = await crypto.subtle.importKey('spki', publicKey as BufferSource, ecdh, false, []);
  const secret = new Uint8Array(await crypto.subtle.deriveBits({ name: 'ECDH', public: peer }, privateKey, 256));
  return importAesKey(await hkdf(concatBytes(secret, ephemeralPublic), `ilot/v1/ecdh/${purpose}`));
}

/** Wraps a raw key for the holder of an ECDH public key: ephemeral key pair, ECDH, HKDF, AES-GCM. Output = ephemeral public key length (1 byte) ‖ key ‖ sealed. */
export async function wrapKeyFor(recipientPublicKey: Uint8Array, rawKey: Uint8Array, purpose: string): Promise<Uint8Array> {
  const ephemeral = await crypto.subtle.generateKey(ecdh, true, ['deriveBits']);
  const ephemeralPublic = new Uint8Array(await crypto.subtle.exportKey('spki', ephemeral.publicKey));
  const key = await sharedKey(ephemeral.privateKey, recipientPublicKey, ephemeralPublic, purpose);
  return concatBytes(Uint8Array.of(ephemeralPublic.length), ephemeralPublic, await wrapKey(key, rawKey, purpose));
}

/** Opens what `wrapKeyFor` produced with the recipient's private key (PKCS#8). */
export async function unwrapKeyFrom(recipientPrivateKey: Uint8Array, wrapped: Uint8Array, purpose: string): Promise<Uint8Array> {
  const length = wrapped[0] ?? 0;
  const ephemeralPublic = wrapped.slice(1, 1 + length);
  const privateKey = await crypto.subtle.importKey('pkcs8', recipientPrivateKey as BufferSource, ecdh, false, ['deriveBits']);
  const key = await sharedKey(privateKey, ephemeralPublic, ephemeralPublic, purpose);
  return unwrapKey(key, wrapped.slice(1 + length), purpose);
}

export async function sign(privateKey: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('pkcs8', privateKey as BufferSource, ecdsa, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, data as BufferSource));
}

export async function verify(publicKey: Uint8Array, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
  const key = await crypto.subtle.importKey('spki', publicKey as BufferSource, ecdsa, false, ['verify']);
  return crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, signature as BufferSource, data as BufferSource);
}
