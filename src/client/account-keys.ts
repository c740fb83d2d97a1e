import {
  decrypt,
  encrypt,
  fromBase64Url,
  hkdf,
  importAesKey,
  newAesKeyBytes,
  newEcdhKeyPair,
  newSigningKeyPair,
  textEncoder,
  toBase64Url,
  unwrapKey,
  wrapKey,
} from '../shared/crypto/index.js';
import type { InputOf } from '../shared/operations/index.js';

/** What a client sends for a new avatar: public keys; private keys and card key wrapped under the account key. */
export type AvatarKeysMaterial = InputOf<'avatar.create'>['keys'];

/** What a new treasurer's client makes and sends: everything secret is wrapped before it leaves. */
export type NewAccountMaterial = Pick<InputOf<'account.createTreasurer'>['account'], 'wrappedAccountKey' | 'wrappedSpaceKey'> & {
  avatar: AvatarKeysMaterial;
};

/** The keys an account holds in memory once signed in. */
export interface AccountKeys {
  accountKey: CryptoKey;
  spaceKey: CryptoKey | null;
  /** HMAC key of the tags of file names (revisions are files of one tag): the server sees tags, never names. */
  fileNameKey: CryptoKey;
  /** The key that masks the account's usage on the server (base64url): its sessions present it, see domain/usage.ts. */
  usageKey: string;
}

const privateKeysAd = textEncoder.encode('ilot/v1/avatar-private-keys');

/** A new account key K, wrapped under the passphrase's wrap key. */
export async function newAccountKey(wrapKeyOfPassphrase: CryptoKey): Promise<{ accountKey: CryptoKey; wrappedAccountKey: string }> {
  const bytes = newAesKeyBytes();
  return { accountKey: await importAesKey(bytes), wrappedAccountKey: toBase64Url(await wrapKey(wrapKeyOfPassphrase, bytes, 'account')) };
}

/** A new avatar's key pairs and card key; what leaves is public or wrapped under the account key. */
export async function newAvatarMaterial(
  accountKey: CryptoKey,
): Promise<{ keys: AvatarKeysMaterial; cardKey: Uint8Array; ecdhPublicKey: Uint8Array }> {
  const [ecdh, signing] = await Promise.all([newEcdhKeyPair(), newSigningKeyPair()]);
  const cardKey = newAesKeyBytes();
  const privateKeys = textEncoder.encode(JSON.stringify({ ecdh: toBase64Url(ecdh.privateKey), signing: toBase64Url(signing.privateKey) }));
  return {
    keys: {
      ecdhPublicKey: toBase64Url(ecdh.publicKey),
      signingPublicKey: toBase64Url(signing.publicKey),
      wrappedPrivateKeys: toBase64Url(await encrypt(accountKey, privateKeys, privateKeysAd)),
      wrappedCardKey: toBase64Url(await wrapKey(accountKey, cardKey, 'card')),
    },
    cardKey,
    ecdhPublicKey: ecdh.publicKey,
  };
}

/** A new account key K (wrapped under the passphrase's wrap key), a new space key (wrapped under K) and the primary avatar's keys. */
export async function newTreasurerMaterial(wrapKeyOfPassphrase: CryptoKey): Promise<NewAccountMaterial> {
  const { accountKey, wrappedAccountKey } = await newAccountKey(wrapKeyOfPassphrase);
  return {
    wrappedAccountKey,
    wrappedSpaceKey: toBase64Url(await wrapKey(accountKey, newAesKeyBytes(), 'space')),
    avatar: (await newAvatarMaterial(accountKey)).keys,
  };
}

/** An avatar's card key, opened with the account key. */
export async function openCardKey(accountKey: CryptoKey, wrappedCardKey: string): Promise<Uint8Array> {
  return unwrapKey(accountKey, fromBase64Url(wrappedCardKey), 'card');
}

/** Opens an account's keys after sign-in; fails if the material was altered. */
export async function openAccountKeys(
  wrapKeyOfPassphrase: CryptoKey,
  wrappedAccountKey: string,
  wrappedSpaceKey: string | null,
): Promise<AccountKeys> {
  const raw = await unwrapKey(wrapKeyOfPassphrase, fromBase64Url(wrappedAccountKey), 'account');
  const accountKey = await importAesKey(raw);
  const spaceKey = wrappedSpaceKey ? await importAesKey(await unwrapKey(accountKey, fromBase64Url(wrappedSpaceKey), 'space')) : null;
  const fileNameKey = await crypto.subtle.importKey(
    'raw',
    (await hkdf(raw, 'ilot/v1/file-names')) as BufferSource,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return { accountKey, spaceKey, fileNameKey, usageKey: toBase64Url(await hkdf(raw, 'ilot/v1/usage-key')) };
}

/** An avatar's private keys (PKCS#8), opened with the account key. */
export async function openAvatarPrivateKeys(accountKey: CryptoKey, wrapped: string): Promise<{ ecdh: Uint8Array; signing: Uint8Array }> {
  const json = JSON.parse(new TextDecoder().decode(await decrypt(accountKey, fromBase64Url(wrapped), privateKeysAd))) as {
    ecdh: string;
    signing: string;
  };
  return { ecdh: fromBase64Url(json.ecdh), signing: fromBase64Url(json.signing) };
}
