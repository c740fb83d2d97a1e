import { Type, type TSchema } from '@sinclair/typebox';

// Schemas shared by the server's operations and the client SDK.

/** 32 bytes in base64url (43 characters): derived keys and key hashes. */
export const Key32 = (description?: string) => Type.String({ pattern: '^[A-Za-z0-9_-]{43}$', ...(description ? { description } : {}) });

/** 4 to 12 lowercase letters or digits; `admin` designates the operators. */
export const OrgCode = () => Type.String({ pattern: '^[a-z0-9]{4,12}$', description: 'org code (admin for operators)' });

export const operatorOrgCode = 'admin';

/** A value or null. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** What a client sends of a phrase: the id of its prefix and its auth key, never the phrase. */
export const PhraseKeys = (description: string) => Type.Object({ prefixId: Key32(), authKey: Key32() }, { additionalProperties: false, description });
