import type { KdfParameters, KeyDerivation } from '../../../src/client/client.js';

// What a space's members derive their keys with (its org code and the site's cost, unless the
// space was moved from another site), public: kept per org code where offline mode finds it before
// it knows which account is asked for. Written only by synced sessions.

const key = 'ilot.kdf';

export function keepKdfParameters(orgCode: string, derivation: KeyDerivation): void {
  localStorage.setItem(`${key}.${orgCode}`, JSON.stringify(derivation));
}

/** None when this browser never held a synced session (of this space, or of any space before versions kept them per space). */
export function keptKdfParameters(orgCode: string): KeyDerivation | KdfParameters | undefined {
  const kept = localStorage.getItem(`${key}.${orgCode}`) ?? localStorage.getItem(key);
  return kept ? (JSON.parse(kept) as KeyDerivation | KdfParameters) : undefined;
}
