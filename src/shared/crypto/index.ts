export * from './bytes.js';
export * from './phrase.js';
export * from './kdf.js';
export * from './aead.js';
export * from './keys.js';
export * from './avatar-proof.js';
export * from './authorship.js';
