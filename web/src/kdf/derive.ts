import type { Argon2Params, PhraseKeys } from '../../../src/shared/crypto/index.js';

/** Derives a phrase's keys in a Web Worker of its own, ended once it answers. */
export function deriveInWorker(phrase: string, orgCode: string, params: Argon2Params): Promise<PhraseKeys> {
  const worker = new Worker(new URL('./derive.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<PhraseKeys>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<{ keys?: PhraseKeys; error?: string }>) => {
      worker.terminate();
      if (event.data.keys) resolve(event.data.keys);
      else reject(new Error(event.data.error ?? 'key derivation failed'));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message));
    };
    worker.postMessage({ phrase, orgCode, params });
  });
}
