import { derivePhraseKeys, type Argon2Params } from '../../../src/shared/crypto/index.js';

// Key derivation (Argon2id, 64 MiB by default) takes about a second: here, off the page's thread.
// The keys come back as structured clones; the wrap key stays a non-extractable CryptoKey.

self.onmessage = async (event: MessageEvent<{ phrase: string; orgCode: string; params: Argon2Params }>) => {
  const { phrase, orgCode, params } = event.data;
  try {
    postMessage({ keys: await derivePhraseKeys(phrase, orgCode, params) });
  } catch (error) {
    postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
};
