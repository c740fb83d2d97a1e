import type { KdfParameters, KeyDerivation } from '../../../src/client/client.js';

// What a space's members derive their keys with (its org code and the site's cost, unless the
// space was moved from another site), kept where offline mode finds it before it knows which
// account is asked for. Written only by synced sessions. The storage must not tell which space
// this browser's member belongs to, so the entry is named and sealed by digests of the org code:
// only someone who types that org code finds and opens it.

const key = 'ilot.kdf';

const digest = async (purpose: string, orgCode: string) =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${key}|${purpose}|${orgCode}`)));

const entryName = async (orgCode: string) =>
  `${key}.${Array.from((await digest('name', orgCode)).slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('')}`;

const sealingKey = async (orgCode: string, use: KeyUsage) =>
  crypto.subtle.importKey('raw', await digest('seal', orgCode), 'AES-GCM', false, [use]);

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unbase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

export async function keepKdfParameters(orgCode: string, derivation: KeyDerivation): Promise<void> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plain = new TextEncoder().encode(JSON.stringify(derivation));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await sealingKey(orgCode, 'encrypt'), plain));
  localStorage.setItem(await entryName(orgCode), `${base64(iv)}.${base64(sealed)}`);
}

/** None when this browser never held a synced session (of this space, or of any space before versions kept them per space). */
export async function keptKdfParameters(orgCode: string): Promise<KeyDerivation | KdfParameters | undefined> {
  const kept = localStorage.getItem(await entryName(orgCode));
  if (kept) {
    const [iv, sealed] = kept.split('.');
    try {
      const key = await sealingKey(orgCode, 'decrypt');
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: unbase64(iv!) }, key, unbase64(sealed!));
      return JSON.parse(new TextDecoder().decode(plain)) as KeyDerivation;
    } catch {
      return undefined;
    }
  }
  const earlier = localStorage.getItem(key);
  return earlier ? (JSON.parse(earlier) as KdfParameters) : undefined;
}
