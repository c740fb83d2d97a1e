// The SDK's one entry point: everything an application (the web app included) needs to talk to an
// Ilot site. Modules behind it are internal and may move.
export {
  IlotClient,
  type AccountMaterial,
  type ClientOptions,
  type KdfParameters,
  type KeyDerivation,
  type KeptAccount,
  type KeptLookup,
  type SignedInAccount,
  type SiteParameters,
  type SpaceQuotas,
} from './client.js';
export { IlotClientError } from './errors.js';
export * from './membership.js';
export * from './notes.js';
export * from './files.js';
export * from './chats.js';
export * from './groups.js';
export * from './group-notes.js';
export * from './permissions.js';
export * from './partitions.js';
export * from './costs.js';
export * from './notifications.js';
export * from './reports.js';
export { LiveSync, type LiveOptions } from './live.js';
export {
  MemoryStore,
  chatKeyOf,
  type LocalStore,
  type PulledChanges,
  type StoredChat,
  type StoredFile,
  type StoredHashtags,
  type StoredNote,
} from './local-store.js';
export { newTreasurerMaterial, openAvatarPrivateKeys, type AccountKeys } from './account-keys.js';
export type { Card } from './sealing.js';
export { errorCodes, isErrorCode, type ErrorCode } from '../shared/errors.js';
export * from '../shared/limits.js';
export type { InputOf, OperationName, OutputOf } from '../shared/operations/index.js';
