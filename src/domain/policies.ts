import { IlotError, type ErrorCode } from '../shared/errors.js';
import type { Principal } from './principal.js';

// Who may do what to which resource, stated once per resource. Operations load the facts a rule
// needs (typically the account that owns the resource) and call `authorize`; tasks act for the
// site and do not ask. A refusal looks exactly like a missing resource, so that nobody learns what
// exists in another account.

/** The facts about a resource that its rules read. */
export interface Resources {
  /** An avatar, owned by an account. */
  avatar: { id: string; accountId: string };
  /** A personal note, owned by the account of its avatar. */
  note: { id: string; accountId: string };
  /** A file attached to a note, owned like the note. */
  file: { id: string; accountId: string };
  /** A file being uploaded (reserved, not yet validated), held by the account that reserved it. */
  upload: { id: string; accountId: string };
  /** One side of a contact, kept by the account of the avatar that holds it. */
  contact: { id: string; accountId: string };
  /** A sponsorship, handled by the account that made it (null: the treasurer's, given by an operator, which no member handles). */
  sponsorship: { id: string; accountId: string | null };
}

export type ResourceType = keyof Resources;

/** The actions each resource knows. */
export interface Actions {
  avatar: 'read' | 'write' | 'delete';
  note: 'read' | 'write' | 'delete';
  file: 'read' | 'write' | 'delete';
  upload: 'write' | 'delete';
  contact: 'read' | 'write';
  sponsorship: 'read' | 'write';
}

type Rule<T extends ResourceType> = (principal: Principal, action: Actions[T], resource: Resources[T]) => boolean;

/** The signed-in account owns the resource. */
const ownAccount = (principal: Principal, _action: string, resource: { accountId: string | null }) =>
  principal.kind === 'member' && principal.accountId === resource.accountId;

const rules: { [T in ResourceType]: Rule<T> } = {
  avatar: ownAccount,
  note: ownAccount,
  file: ownAccount,
  upload: ownAccount,
  contact: ownAccount,
  sponsorship: ownAccount,
};

/** What a refusal (or a missing resource) answers. */
const notFound: Record<ResourceType, ErrorCode> = {
  avatar: 'AVATAR_NOT_FOUND',
  note: 'NOTE_NOT_FOUND',
  file: 'FILE_NOT_FOUND',
  upload: 'UPLOAD_NOT_FOUND',
  contact: 'CONTACT_NOT_FOUND',
  sponsorship: 'SPONSORSHIP_NOT_FOUND',
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
  if (!resource || !can(principal, action, type, resource)) throw new IlotError(notFound[type]);
  return resource;
}
