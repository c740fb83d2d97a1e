import { Type, type TSchema } from '@sinclair/typebox';
import { ByteSize, Count } from './integers.js';
import { fileMetaMaxLength } from './limits.js';

// Schemas shared by the server's operations and the client SDK.

/** 32 bytes in base64url (43 characters): derived keys and key hashes. */
export const Key32 = (description?: string) => Type.String({ pattern: '^[A-Za-z0-9_-]{43}$', ...(description ? { description } : {}) });

/** A SHA-256 in hex: what the server keeps of a secret instead of the secret. */
export const SecretHash = (description: string) => Type.String({ pattern: '^[0-9a-f]{64}$', description });

/** 4 to 12 lowercase letters or digits; `admin` designates the operators. */
export const OrgCode = () => Type.String({ pattern: '^[a-z0-9]{4,12}$', description: 'org code (admin for operators)' });

export const operatorOrgCode = 'admin';

/** A value or null. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** What a client sends of a phrase: the id of its prefix and its auth key, never the phrase. */
export const PhraseKeys = (description: string) =>
  Type.Object({ prefixId: Key32(), authKey: Key32() }, { additionalProperties: false, description });

/** Bytes in base64url: ciphertext, wrapped keys and public keys, opaque to the server. */
export const Bytes = (maxLength: number, description: string) => Type.String({ pattern: '^[A-Za-z0-9_-]+$', maxLength, description });

/** The client's keyed tag of a file name (HMAC, base64url): files of one tag in a note are revisions of one file. */
export const NameTag = () =>
  Type.String({ pattern: '^[A-Za-z0-9_-]{43}$', description: 'keyed tag of the file name, same for all its revisions' });

/** A file's name, type, size and content key (and an image's thumbnail), encrypted by the client (base64url). */
export const FileMeta = () => Bytes(fileMetaMaxLength, 'name, type, size and content key of the file, encrypted by the client');

/** An avatar's name: 1 to 40 characters, no `#` (it separates the number), no control characters, no surrounding spaces. */
export const AvatarName = () =>
  Type.String({
    pattern: '^[^#\\s\\p{Cc}]([^#\\p{Cc}]{0,38}[^#\\s\\p{Cc}])?$',
    maxLength: 40,
    description: 'avatar name, shown as Name#1234',
  });

/** What a new avatar's client sends: public keys, and private and card keys wrapped under the account key. */
export const AvatarKeys = () =>
  Type.Object(
    {
      ecdhPublicKey: Bytes(200, 'SPKI of the ECDH P-256 public key'),
      signingPublicKey: Bytes(200, 'SPKI of the ECDSA P-256 public key'),
      wrappedPrivateKeys: Bytes(2000, 'private keys wrapped under the account key'),
      wrappedCardKey: Bytes(200, 'card key wrapped under the account key'),
    },
    { additionalProperties: false },
  );

/** What a client needs of one of its avatars to open its keys. */
export const AvatarMaterial = () =>
  Type.Object({
    id: Type.String(),
    name: Type.String(),
    ecdhPublicKey: Type.String(),
    signingPublicKey: Type.String(),
    wrappedPrivateKeys: Type.String(),
    wrappedCardKey: Nullable(Type.String()),
  });

/** Most secondary avatars an account's keyring may list. */
export const maxSecondaryAvatars = 100;

/**
 * The account's keyring: the list of its secondary avatars and their secrets, sealed by the client
 * under the account key; `revision` is the one the change is based on (a stale one is refused).
 */
export const KeyringChange = () =>
  Type.Object(
    {
      sealed: Bytes(24_000, "the account's list of secondary avatars and their secrets, sealed under the account key"),
      revision: Type.Integer({ minimum: 0, maximum: 2 ** 31, description: 'revision of the keyring this change is based on' }),
    },
    { additionalProperties: false },
  );

/** Quotas an account is given (documents, file volume). */
export const AccountQuotas = () => Type.Object({ documents: Count(1_000_000), volumeBytes: ByteSize() }, { additionalProperties: false });

/** An account's kind: O (the organization pays) or A (autonomous, pays for itself). */
export const AccountKind = () => Type.Union([Type.Literal('O'), Type.Literal('A')]);

/** A session as its owner sees it in a list. */
export const SessionView = Type.Object({
  id: Type.String(),
  createdAt: Type.Integer(),
  expiresAt: Type.Integer(),
  address: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  current: Type.Boolean({ description: 'the session making this request' }),
});

/** A session's id, as its lists show it. */
export const SessionId = () => Type.String({ pattern: '^[A-Za-z0-9_-]{22}$' });
