import { decrypt, encrypt, fromBase64Url, importAesKey, textEncoder, toBase64Url } from '../shared/crypto/index.js';
import { cardPhotoMaxBytes, cardTextMaxLength } from '../shared/limits.js';
import { IlotClientError } from './errors.js';

// What clients encrypt for each other, each kind under its own associated data so that one cannot
// be passed off as another.

const textDecoder = new TextDecoder();

type Key = Uint8Array | CryptoKey;
const aesKey = (key: Key) => (key instanceof Uint8Array ? importAesKey(key) : key);

/** The associated data of each purpose, encoded once. */
const purposes = new Map<string, Uint8Array>();
function associated(purpose: string): Uint8Array {
  let data = purposes.get(purpose);
  if (!data) purposes.set(purpose, (data = textEncoder.encode(`ilot/v1/${purpose}`)));
  return data;
}

/** Encrypts a JSON value under an AES key (raw or imported); base64url out. */
export async function sealJson(key: Key, value: unknown, purpose: string): Promise<string> {
  return toBase64Url(await encrypt(await aesKey(key), textEncoder.encode(JSON.stringify(value)), associated(purpose)));
}

/** Opens what `sealJson` made; throws if it was altered. */
export async function openJson<T>(key: Key, sealed: string, purpose: string): Promise<T> {
  return JSON.parse(textDecoder.decode(await decrypt(await aesKey(key), fromBase64Url(sealed), associated(purpose)))) as T;
}

/** A card: short text and an optional photo thumbnail (already resized by the app). */
export interface Card {
  text: string;
  photo: Uint8Array | null;
}

export async function sealCard(cardKey: Uint8Array, card: Card): Promise<string> {
  if ([...card.text].length > cardTextMaxLength || (card.photo?.length ?? 0) > cardPhotoMaxBytes) {
    throw new IlotClientError(
      'CARD_TOO_LARGE',
      `A card holds at most ${cardTextMaxLength} characters of text and a ${cardPhotoMaxBytes / 1024} KB photo.`,
      0,
    );
  }
  return sealJson(cardKey, { text: card.text, photo: card.photo ? toBase64Url(card.photo) : null }, 'card');
}

export async function openCard(cardKey: Uint8Array, sealed: string | null): Promise<Card | null> {
  if (sealed === null) return null;
  const card = await openJson<{ text: string; photo: string | null }>(cardKey, sealed, 'card');
  return { text: card.text, photo: card.photo ? fromBase64Url(card.photo) : null };
}
