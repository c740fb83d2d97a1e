import type { KdfParameters } from '../../../src/client/client.js';

// The site's key-derivation cost, public and the same for every account: kept where offline mode
// finds it before it knows which account is asked for. Written only by synced sessions.

const key = 'ilot.kdf';

export function keepKdfParameters(parameters: KdfParameters): void {
  localStorage.setItem(key, JSON.stringify(parameters));
}

/** None when this browser never held a synced session. */
export function keptKdfParameters(): KdfParameters | undefined {
  const kept = localStorage.getItem(key);
  return kept ? (JSON.parse(kept) as KdfParameters) : undefined;
}
