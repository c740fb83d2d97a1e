import { fromBase64Url, newAesKeyBytes, toBase64Url, wrapKeyFor } from '../shared/crypto/index.js';
import { chatTextMaxLength } from '../shared/limits.js';
import type { InputOf } from '../shared/operations/index.js';
import { IlotClientError } from './errors.js';
import { sealJson } from './sealing.js';

// Sealing chat items, apart from chats.ts so that accepting a sponsorship (membership.ts) opens the
// sponsor's chat without a cycle between the two.

/** Seals an item's text and time under the chat key, with the plain length the server bounds it by. */
export async function sealChatItem(key: Uint8Array, text: string): Promise<InputOf<'chat.append'>['item']> {
  const length = [...text].length;
  if (length === 0 || length > chatTextMaxLength)
    throw new IlotClientError('CHAT_ITEM_TOO_LARGE', `An item holds 1 to ${chatTextMaxLength} characters.`, 0);
  return { length, payload: await sealJson(key, { text, at: Date.now() }, 'chat-item') };
}

/** The chat key and words that open the chat of sponsor and sponsored when a sponsorship is accepted. */
export async function sponsorshipChat(
  avatarEcdhPublicKey: Uint8Array,
  sponsorEcdhPublicKey: string,
  words: string[],
): Promise<NonNullable<NonNullable<InputOf<'sponsorship.accept'>['contact']>['chat']>> {
  const key = newAesKeyBytes();
  return {
    keyForMe: toBase64Url(await wrapKeyFor(avatarEcdhPublicKey, key, 'chat')),
    keyForSponsor: toBase64Url(await wrapKeyFor(fromBase64Url(sponsorEcdhPublicKey), key, 'chat')),
    words: await Promise.all(words.map((w) => sealChatItem(key, w))),
  };
}
