import { Type } from '@sinclair/typebox';
import { ScopedId } from '../ids.js';
import { Count } from '../integers.js';
import { chatItemMaxLength, chatTextMaxLength } from '../limits.js';
import { MailLanguage } from '../mail.js';
import { Bytes, Nullable } from '../protocol.js';
import { defineContract } from './contract.js';

// Chats between two avatars: the client sends ciphertext under a chat key that only the two
// avatars can open; the server sees who wrote, the declared plain length and the month.

const WrappedKey = (description: string) => Bytes(400, description);

/** An item as its author sends it: the declared length of its plain text bounds its ciphertext. */
export const ChatItem = () =>
  Type.Object(
    {
      length: Count(chatTextMaxLength, { minimum: 1, description: 'characters of plain text' }),
      payload: Bytes(chatItemMaxLength(chatTextMaxLength), 'text and time, encrypted under the chat key'),
    },
    { additionalProperties: false },
  );

const ChatKeys = {
  keyForMe: WrappedKey("the chat key wrapped for my avatar's ECDH key"),
  keyForThem: WrappedKey("the chat key wrapped for the other avatar's ECDH key"),
};

/** The chat opened or found, with the chat key wrapped for the member's avatar. */
const Opened = Type.Object({ chatId: Type.String(), wrappedKey: Type.String() });

/** A side of a chat: the chat and the member's avatar in it. */
const Side = { chatId: ScopedId(), avatarId: ScopedId({ description: "the member's avatar in the chat" }) };

/** Opens the chat of an avatar of the member with one of its contacts, or finds it (the keys are then ignored). */
export const openChat = defineContract({
  name: 'chat.open',
  summary: 'Open a chat with a contact',
  input: Type.Object({ avatarId: ScopedId(), contactId: ScopedId(), ...ChatKeys }, { additionalProperties: false }),
  output: Opened,
});

/** Appends an item to a chat; the oldest items go while the chat holds more than 5,000 characters. */
export const appendChatItem = defineContract({
  name: 'chat.append',
  summary: 'Append an item to a chat',
  input: Type.Object({ ...Side, item: ChatItem() }, { additionalProperties: false }),
  output: Type.Object({ seq: Type.Integer() }),
});

/** Deletes an item the member's avatar wrote. */
export const deleteChatItem = defineContract({
  name: 'chat.deleteItem',
  summary: 'Delete an item of a chat written by this avatar',
  input: Type.Object({ ...Side, seq: Count(Number.MAX_SAFE_INTEGER, { minimum: 1 }) }, { additionalProperties: false }),
  output: Type.Object({ ok: Type.Boolean() }),
});

/** Hangs up: the member's side no longer shows the items so far and no longer counts as a document, until it writes again. */
export const hangUpChat = defineContract({
  name: 'chat.hangUp',
  summary: 'Hang up a chat',
  input: Type.Object(Side, { additionalProperties: false }),
  output: Type.Object({ ok: Type.Boolean() }),
});

/** Who answers the account's urgent chats: the treasurer and the delegates of its partition (their primary avatars). */
export const listUrgentCorrespondents = defineContract({
  name: 'chat.urgentCorrespondents',
  summary: 'List who answers urgent chats',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({
    correspondents: Type.Array(
      Type.Object({
        avatarId: Type.String(),
        name: Type.String(),
        ecdhPublicKey: Type.String(),
        role: Type.Union([Type.Literal('treasurer'), Type.Literal('delegate')]),
      }),
    ),
  }),
});

/** Opens (or finds) the urgent chat of the account's primary avatar with the treasurer's or a delegate's, under every restriction. */
export const openUrgentChat = defineContract({
  name: 'chat.openUrgent',
  summary: 'Open an urgent chat with the treasurer or a delegate',
  input: Type.Object({ avatarId: ScopedId(), withId: ScopedId(), ...ChatKeys }, { additionalProperties: false }),
  output: Opened,
});

/** Appends an item to an urgent chat, under every restriction; the treasurer is told by mail if it gave an address. */
export const appendUrgentItem = defineContract({
  name: 'chat.appendUrgent',
  summary: 'Append an item to an urgent chat',
  input: Type.Object({ ...Side, item: ChatItem() }, { additionalProperties: false }),
  output: Type.Object({ seq: Type.Integer() }),
});

/** The treasurer gives (or withdraws, with null) the address where it is told of new urgent items. */
export const setUrgentAlert = defineContract({
  name: 'chat.setUrgentAlert',
  summary: 'Set where the treasurer is told of urgent items',
  input: Type.Object(
    { alert: Nullable(Type.Object({ address: Type.String({ maxLength: 254 }), language: MailLanguage }, { additionalProperties: false })) },
    { additionalProperties: false },
  ),
  output: Type.Object({ ok: Type.Boolean() }),
});
