import { IlotError, type ErrorCode } from '../shared/errors.js';
import type { Principal } from './principal.js';

// Who may do what to which resource, stated once per resource. Operations load the facts a rule
// needs (the avatar that holds the resource, or the account) and call `authorize`; tasks act for
// the site and do not ask. A secondary avatar names no account: a session acts as the avatars it
// presented, which the principal carries. A refusal looks exactly like a missing resource, so that
// nobody learns what exists elsewhere.

/** An avatar of the session that is an active member of a group with access to its notes. */
export interface GroupNotesMember {
  avatarId: string;
  notes: 'read' | 'write';
  moderator: boolean;
}

/** The notes of a group, with the session's avatars that are active members with access to them (see domain/group-notes.ts). */
export interface GroupNotes {
  groupId: string;
  members: readonly GroupNotesMember[];
}

/** A document held by an avatar, or in a group's subtree (`group` then says what the session may do with the group's notes). */
type Held = { id: string; avatarId: string; group?: GroupNotes };

/** The facts about a resource that its rules read. */
export interface Resources {
  /** An avatar. */
  avatar: { id: string };
  /** The notes of a group. */
  groupNotes: GroupNotes;
  /** A note: personal, held by its avatar, or of a group. */
  note: Held;
  /** A file attached to a note, held like the note. */
  file: Held;
  /** A file being uploaded (reserved, not yet validated), held like its note. */
  upload: Held;
  /** One side of a contact, held by one avatar. */
  contact: { id: string; avatarId: string };
  /** One avatar's side of a chat, held by that avatar. */
  chat: { id: string; avatarId: string };
  /** A sponsorship, handled by the account that made it (null: the treasurer's, given by an operator, which no member handles). */
  sponsorship: { id: string; accountId: string | null };
  /** A group as one avatar belongs to it (its state there): the session acts as that avatar. */
  group: { id: string; avatarId: string; state: string };
}

export type ResourceType = keyof Resources;

/** The actions each resource knows. */
export interface Actions {
  avatar: 'read' | 'write' | 'delete';
  /** Writing and deleting need read-write access; `moderate` (group hashtags) a moderator's power. */
  groupNotes: 'read' | 'write' | 'delete' | 'moderate';
  note: 'read' | 'write' | 'delete';
  file: 'read' | 'write' | 'delete';
  upload: 'write' | 'delete';
  contact: 'read' | 'write';
  chat: 'write' | 'delete';
  sponsorship: 'read' | 'write';
  /** act: as an active member; answer: as the avatar it names, whatever its state (the operation checks for an invitation). */
  group: 'act' | 'answer';
}

type Rule<T extends ResourceType> = (principal: Principal, action: Actions[T], resource: Resources[T]) => boolean;

/** The session acts as this avatar: its account's primary one, or one it presented with its proof. */
export const actsAs = (principal: Principal, avatarId: string) => principal.kind === 'member' && principal.avatars.includes(avatarId);

const heldByAvatar = (principal: Principal, _action: string, resource: { avatarId: string }) => actsAs(principal, resource.avatarId);

const groupNotesRule: Rule<'groupNotes'> = (principal, action, notes) =>
  notes.members.some(
    (m) => actsAs(principal, m.avatarId) && (action === 'read' || (action === 'moderate' ? m.moderator : m.notes === 'write')),
  );

/** A document of a group follows the group's notes; a personal one, its avatar. */
const held = (principal: Principal, action: 'read' | 'write' | 'delete', resource: Held) =>
  resource.group ? groupNotesRule(principal, action, resource.group) : heldByAvatar(principal, action, resource);

const rules: { [T in ResourceType]: Rule<T> } = {
  avatar: (principal, _action, avatar) => actsAs(principal, avatar.id),
  groupNotes: groupNotesRule,
  note: held,
  file: held,
  upload: held,
  contact: heldByAvatar,
  chat: heldByAvatar,
  sponsorship: (principal, _action, sponsorship) => principal.kind === 'member' && principal.accountId === sponsorship.accountId,
  group: (principal, action, membership) =>
    actsAs(principal, membership.avatarId) && (action === 'answer' || membership.state === 'active'),
};

/** What a refusal (or a missing resource) answers. */
export const notFoundOf: Record<ResourceType, ErrorCode> = {
  avatar: 'AVATAR_NOT_FOUND',
  groupNotes: 'GROUP_NOT_FOUND',
  note: 'NOTE_NOT_FOUND',
  file: 'FILE_NOT_FOUND',
  upload: 'UPLOAD_NOT_FOUND',
  contact: 'CONTACT_NOT_FOUND',
  chat: 'CHAT_NOT_FOUND',
  sponsorship: 'SPONSORSHIP_NOT_FOUND',
  group: 'GROUP_NOT_FOUND',
};

export function can<T extends ResourceType>(principal: Principal, action: Actions[T], type: T, resource: Resources[T]): boolean {
  return (rules[type] as Rule<T>)(principal, action, resource);
}

/** Returns the resource if the principal may act on it; throws its not-found code if it is missing or not the principal's to touch. */
export function authorize<T extends ResourceType, R extends Resources[T]>(
  principal: Principal,
  action: Actions[T],
  type: T,
  resource: R | undefined,
): R {
  if (!resource || !can(principal, action, type, resource)) throw new IlotError(notFoundOf[type]);
  return resource;
}
