import { Type } from '@sinclair/typebox';
import { ScopedId } from '../ids.js';
import { Count } from '../integers.js';
import { cardMaxLength, groupChatItemMaxBytes, groupChatItemMaxLength, groupMaxHolders } from '../limits.js';
import { Bytes, Nullable } from '../protocol.js';
import { defineContract } from './contract.js';

// Groups: the client seals the name, the card, chat items and members' card keys under the group
// key, and the group key for each holder's avatar (ECDH); the server sees ids, states, rights and
// versions. Every operation names the avatar of the session that acts in the group.

/** A group key (or a member's card key) sealed for an avatar's ECDH public key or under a group key. */
const SealedKey = (description: string) => Bytes(400, description);
/** A version of the group key. */
const KeyVersion = () => Count(1_000_000, { minimum: 1, description: 'version of the group key it is sealed under' });
const NotesAccess = () => Type.Union([Type.Literal('none'), Type.Literal('read'), Type.Literal('write')]);
/** The accesses an invitation carries. */
const Accesses = () =>
  Type.Object(
    { members: Type.Boolean({ description: 'access to members and chat' }), notes: NotesAccess(), moderator: Type.Boolean() },
    { additionalProperties: false },
  );
/** The group acted on, and the avatar of the session that acts in it. */
const Acting = { groupId: ScopedId(), avatarId: ScopedId({ description: 'the avatar of this session that acts in the group' }) };
/** The group's subtree version that holds the change. */
const Changed = Type.Object({ version: Type.Integer() });

/** An avatar creates a group and becomes its first active member, moderator with every access, holding its first key. */
export const createGroup = defineContract({
  name: 'group.create',
  summary: 'Create a group',
  input: Type.Object(
    {
      avatarId: ScopedId({ description: 'the avatar of this session that creates it' }),
      name: Bytes(2000, 'the immutable name, sealed under the first group key'),
      card: Nullable(Bytes(cardMaxLength, 'the card, sealed under the first group key')),
      unanimous: Type.Boolean({ description: 'invitations need every moderator (true) or one (false)' }),
      key: SealedKey("the first group key, sealed for the creator's ECDH key"),
      cardKey: SealedKey("the creator's card key, sealed under the first group key"),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ groupId: Type.String(), version: Type.Integer() }),
});

/** Names the group, the acting avatar and another avatar of the group. */
const OnMember = (role: string) => Type.Object({ ...Acting, memberId: ScopedId({ description: role }) }, { additionalProperties: false });
const Rights = {
  members: Type.Boolean({ description: 'access to members and chat' }),
  notes: NotesAccess(),
  moderator: Type.Boolean(),
};

/** The groups where the session's avatars are active or invited (by every moderator needed), with each one's copy of the key. */
export const listGroups = defineContract({
  name: 'group.list',
  summary: "List the groups of this session's avatars",
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({
    groups: Type.Array(
      Type.Object({
        groupId: Type.String(),
        avatarId: Type.String(),
        state: Type.Union([Type.Literal('active'), Type.Literal('invited')]),
        name: Type.String(),
        card: Nullable(Type.String()),
        cardKeyVersion: Nullable(Type.Integer()),
        unanimous: Type.Boolean(),
        simpleModeVotes: Type.Array(Type.String(), { description: 'in unanimous mode, the moderators who asked for simple mode' }),
        keyVersion: Type.Integer(),
        rotationDue: Type.Boolean(),
        /** This avatar's copy of the current key, and each later version's predecessor sealed under it. */
        key: Type.String(),
        previousKeys: Type.Array(Type.Object({ version: Type.Integer(), previousKey: Type.String() })),
        rights: Type.Object({ ...Rights, membersWaived: Type.Boolean(), notesWaived: Type.Boolean() }),
        note: Nullable(Type.String()),
        hostAvatarId: Nullable(Type.String()),
        invitedBy: Nullable(Type.String()),
        version: Type.Integer(),
      }),
    ),
  }),
});

/** The members of a group as one with access to members sees them: states, rights, cards of active members, invitations and votes. */
export const listMembers = defineContract({
  name: 'group.members',
  summary: 'List the members of a group',
  input: Type.Object(Acting, { additionalProperties: false }),
  output: Type.Object({
    members: Type.Array(
      Type.Object({
        avatarId: Type.String(),
        name: Type.String(),
        ecdhPublicKey: Type.String(),
        state: Type.Union([Type.Literal('listed'), Type.Literal('invited'), Type.Literal('active')]),
        ...Rights,
        membersWaived: Type.Boolean(),
        notesWaived: Type.Boolean(),
        listedBy: Nullable(Type.String()),
        invitedBy: Nullable(Type.String()),
        card: Nullable(Type.String({ description: "an active member's card, sealed under its card key" })),
        cardKey: Nullable(Type.String({ description: 'its card key, sealed under the group key of cardKeyVersion' })),
        cardKeyVersion: Nullable(Type.Integer()),
      }),
    ),
    invitations: Type.Array(
      Type.Object({
        avatarId: Type.String(),
        invitedBy: Type.String(),
        ...Rights,
        unanimous: Type.Boolean(),
        votes: Type.Array(Type.String(), { description: 'the moderators who agreed' }),
        complete: Type.Boolean(),
      }),
    ),
  }),
});

/** The holders of the group's key (active and invited members) and their ECDH public keys: what a rotation seals for. */
export const keyHolders = defineContract({
  name: 'group.keyHolders',
  summary: "List the holders of a group's key",
  input: Type.Object(Acting, { additionalProperties: false }),
  output: Type.Object({
    keyVersion: Type.Integer(),
    holders: Type.Array(Type.Object({ avatarId: Type.String(), ecdhPublicKey: Type.String() })),
  }),
});

/** Any active member with access to members lists one of its contacts in the group (the contact does not know it). */
export const listContact = defineContract({
  name: 'group.listContact',
  summary: 'List a contact in a group',
  input: Type.Object(
    { ...Acting, contactId: ScopedId({ description: 'a contact of the acting avatar' }) },
    { additionalProperties: false },
  ),
  output: Changed,
});

/** A moderator invites a listed contact with the accesses the invitation carries, handing it the current key sealed for it. */
export const invite = defineContract({
  name: 'group.invite',
  summary: 'Invite a listed contact into a group',
  input: Type.Object(
    {
      ...Acting,
      memberId: ScopedId({ description: 'the listed contact invited' }),
      accesses: Accesses(),
      keyVersion: KeyVersion(),
      key: SealedKey("the current group key sealed for the invitee's ECDH key"),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ version: Type.Integer(), complete: Type.Boolean({ description: 'false: other moderators must still agree' }) }),
});

/** A moderator agrees with an invitation (unanimous mode), or disagrees: the invitation is then withdrawn. */
export const vote = defineContract({
  name: 'group.vote',
  summary: 'Agree or disagree with an invitation',
  input: Type.Object(
    { ...Acting, memberId: ScopedId({ description: 'the invitee' }), agree: Type.Boolean() },
    { additionalProperties: false },
  ),
  output: Type.Object({ version: Type.Integer(), complete: Type.Boolean() }),
});

/**
 * A moderator switches the group's invitation mode. Unanimous mode is set at once; leaving it needs
 * every moderator to ask (each call records the request, the last one switches); asking for
 * unanimous mode again withdraws the request. Pending invitations keep the mode they were made in.
 */
export const setMode = defineContract({
  name: 'group.setMode',
  summary: "Switch a group's invitation mode (simple or unanimous)",
  input: Type.Object(
    { ...Acting, unanimous: Type.Boolean({ description: 'invitations need every moderator (true) or one (false)' }) },
    { additionalProperties: false },
  ),
  output: Type.Object({
    version: Type.Integer(),
    unanimous: Type.Boolean({ description: 'the mode now' }),
    simpleModeVotes: Type.Array(Type.String(), { description: 'the moderators who asked for simple mode (unanimous mode only)' }),
  }),
});

/** A moderator withdraws a pending invitation: the invitee is a listed contact again. */
export const withdrawInvitation = defineContract({
  name: 'group.withdrawInvitation',
  summary: 'Withdraw an invitation',
  input: OnMember('the invitee'),
  output: Changed,
});

/** The invitee accepts: it becomes active with the invitation's accesses, and shares its card key with the group. */
export const accept = defineContract({
  name: 'group.accept',
  summary: 'Accept an invitation into a group',
  input: Type.Object(
    { ...Acting, keyVersion: KeyVersion(), cardKey: SealedKey('my card key, sealed under the current group key') },
    { additionalProperties: false },
  ),
  output: Changed,
});

/** The invitee declines: it is a listed contact again. */
export const decline = defineContract({
  name: 'group.decline',
  summary: 'Decline an invitation into a group',
  input: Type.Object(Acting, { additionalProperties: false }),
  output: Changed,
});

/** A moderator grants or withdraws an active member's accesses, or grants moderator power (never withdrawn). */
export const setRights = defineContract({
  name: 'group.setRights',
  summary: "Change an active member's rights",
  input: Type.Object(
    {
      ...Acting,
      memberId: ScopedId({ description: 'the active member (the acting moderator itself, or one that is not a moderator)' }),
      members: Type.Optional(Type.Boolean()),
      notes: Type.Optional(NotesAccess()),
      moderator: Type.Optional(Type.Literal(true, { description: 'moderator power is granted, never withdrawn' })),
      key: Type.Optional(
        Type.Object(
          { version: KeyVersion(), key: SealedKey("the current key sealed for the member's ECDH key") },
          { additionalProperties: false, description: 'needed when a member without any access gains one: it holds the key again' },
        ),
      ),
    },
    { additionalProperties: false },
  ),
  output: Changed,
});

/** An active member waives (true) or resumes (false) the use of its own accesses. */
export const waive = defineContract({
  name: 'group.waive',
  summary: 'Waive or resume my accesses in a group',
  input: Type.Object(
    { ...Acting, members: Type.Optional(Type.Boolean()), notes: Type.Optional(Type.Boolean()) },
    { additionalProperties: false },
  ),
  output: Changed,
});

/** An active member steps back to listed contact, or asks to be forgotten. */
export const leave = defineContract({
  name: 'group.leave',
  summary: 'Leave a group',
  input: Type.Object(
    { ...Acting, forget: Type.Boolean({ description: 'true: be forgotten; false: stay a listed contact' }) },
    { additionalProperties: false },
  ),
  output: Changed,
});

/** A moderator forgets a listed contact: it no longer appears in the group. */
export const forget = defineContract({
  name: 'group.forget',
  summary: 'Forget a listed contact of a group',
  input: OnMember('the listed contact'),
  output: Changed,
});

/** An active member sets (or erases) its private comment and hashtags on the group. */
export const annotate = defineContract({
  name: 'group.annotate',
  summary: 'Set my private comment and hashtags on a group',
  input: Type.Object(
    { ...Acting, note: Nullable(Bytes(8000, 'comment and hashtags, encrypted by the member')) },
    { additionalProperties: false },
  ),
  output: Type.Object({ ok: Type.Boolean() }),
});

/**
 * Rotates the group key: the next version, the current key sealed under it (so that holders of the
 * new key open older content), and the new key sealed for every holder (active and invited members), nobody else.
 */
export const rotateKey = defineContract({
  name: 'group.rotateKey',
  summary: "Rotate a group's key",
  input: Type.Object(
    {
      ...Acting,
      version: KeyVersion(),
      previousKey: SealedKey('the current key, sealed under the new one'),
      copies: Type.Array(
        Type.Object(
          { avatarId: ScopedId(), key: SealedKey("the new key sealed for this holder's ECDH key") },
          { additionalProperties: false },
        ),
        {
          maxItems: groupMaxHolders,
        },
      ),
    },
    { additionalProperties: false },
  ),
  output: Changed,
});

/** Appends an item to the group chat (its plain length declared by the client); the oldest items go past the total. */
export const postChat = defineContract({
  name: 'group.postChat',
  summary: 'Write in a group chat',
  input: Type.Object(
    {
      ...Acting,
      keyVersion: KeyVersion(),
      length: Count(groupChatItemMaxLength, { minimum: 1, description: 'characters of plain text' }),
      text: Bytes(groupChatItemMaxBytes, 'the item, sealed under the group key'),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ version: Type.Integer(), seq: Type.Integer() }),
});

/** The group chat, oldest first. */
export const readChat = defineContract({
  name: 'group.chat',
  summary: 'Read a group chat',
  input: Type.Object(Acting, { additionalProperties: false }),
  output: Type.Object({
    items: Type.Array(
      Type.Object({
        seq: Type.Integer(),
        authorId: Type.String(),
        keyVersion: Type.Integer(),
        text: Type.String(),
        createdAt: Type.Integer(),
      }),
    ),
  }),
});
