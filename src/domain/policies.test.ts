import { describe, expect, it } from 'vitest';
import { IlotError } from '../shared/errors.js';
import { authorize, can, type Actions, type ResourceType, type Resources } from './policies.js';
import type { Principal } from './principal.js';

// Who may do what to each resource, as tables: principal × action → allowed.

const member = (accountId: string, avatars: string[], roles: string[] = []): Principal => ({
  kind: 'member',
  spaceId: 10,
  accountId,
  roles,
  accountKind: 'O',
  partitionId: null,
  sessionId: 's',
  avatars,
  tokenSecret: '',
  usageKey: null,
});
const owner = '1020000000000001';
/** The owner's secondary avatar, which holds the resources below. */
const ownAvatar = '1030000000000001';
const principals = {
  owner: member(owner, ['1030000000000005', ownAvatar]),
  // The same account, in a session that has not presented that avatar: it cannot act as it.
  ownerUnpresented: member(owner, ['1030000000000005']),
  otherAccount: member('1020000000000002', ['1030000000000002']),
  treasurer: member('1020000000000003', ['1030000000000003'], ['treasurer']),
  operator: { kind: 'operator', name: 'alice', role: 'admin', sessionId: 's' },
  anonymous: { kind: 'anonymous' },
} satisfies Record<string, Principal>;
type Who = keyof typeof principals;

/** The code `authorize` refuses with, or null when it lets the principal through. */
function refusalOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return error instanceof IlotError ? error.code : String(error);
  }
}

/** Checks `can` and `authorize` against a resource's table, and that a missing resource is refused like a forbidden one. */
function checkTable<T extends ResourceType>(type: T, resource: Resources[T], notFound: string, table: [Who, Actions[T], boolean][]) {
  it.each(table)('%s may %s: %s', (who, action, allowed) => {
    expect(can(principals[who], action, type, resource)).toBe(allowed);
    expect(refusalOf(() => authorize(principals[who], action, type, resource))).toBe(allowed ? null : notFound);
  });
  it(`answers a missing ${type} like a refused one`, () => {
    expect(refusalOf(() => authorize(principals.owner, table[0]![1], type, undefined))).toBe(notFound);
  });
}

describe('avatar', () => {
  const avatar = { id: ownAvatar };
  checkTable('avatar', avatar, 'AVATAR_NOT_FOUND', [
    ['owner', 'read', true],
    ['owner', 'write', true],
    ['owner', 'delete', true],
    ['ownerUnpresented', 'read', false],
    ['ownerUnpresented', 'delete', false],
    ['otherAccount', 'read', false],
    ['otherAccount', 'write', false],
    ['otherAccount', 'delete', false],
    ['treasurer', 'read', false],
    ['treasurer', 'write', false],
    ['treasurer', 'delete', false],
    ['operator', 'read', false],
    ['operator', 'delete', false],
    ['anonymous', 'read', false],
  ]);
  it('returns the facts it was given, for the operation to go on with', () => {
    const loaded = { ...avatar, is_primary: 1 };
    expect(authorize(principals.owner, 'delete', 'avatar', loaded)).toBe(loaded);
  });
});

describe('contact', () => {
  checkTable('contact', { id: '1030000000000009', avatarId: ownAvatar }, 'CONTACT_NOT_FOUND', [
    ['owner', 'read', true],
    ['owner', 'write', true],
    ['ownerUnpresented', 'write', false],
    ['otherAccount', 'read', false],
    ['otherAccount', 'write', false],
    ['treasurer', 'read', false],
    ['treasurer', 'write', false],
    ['operator', 'read', false],
    ['anonymous', 'write', false],
  ]);
});

describe('chat', () => {
  checkTable('chat', { id: '10910000000000001', avatarId: ownAvatar }, 'CHAT_NOT_FOUND', [
    ['owner', 'write', true],
    ['owner', 'delete', true],
    ['ownerUnpresented', 'write', false],
    ['otherAccount', 'write', false],
    ['otherAccount', 'delete', false],
    ['treasurer', 'write', false],
    ['operator', 'write', false],
    ['anonymous', 'delete', false],
  ]);
});

describe('sponsorship', () => {
  checkTable('sponsorship', { id: '1010000000000001', accountId: owner }, 'SPONSORSHIP_NOT_FOUND', [
    ['owner', 'read', true],
    ['owner', 'write', true],
    ['ownerUnpresented', 'write', true],
    ['otherAccount', 'read', false],
    ['otherAccount', 'write', false],
    ['treasurer', 'read', false],
    ['treasurer', 'write', false],
    ['operator', 'write', false],
    ['anonymous', 'read', false],
  ]);
  it('lets nobody handle the treasurer’s sponsorship, which no account made', () => {
    for (const who of Object.keys(principals) as Who[])
      expect(can(principals[who], 'write', 'sponsorship', { id: '1010000000000002', accountId: null })).toBe(false);
  });
});

/** Rows of a resource only its owner may touch, for every action it knows. */
function ownerOnly<A extends string>(actions: readonly A[]): [Who, A, boolean][] {
  return actions.flatMap((action) => (Object.keys(principals) as Who[]).map((who): [Who, A, boolean] => [who, action, who === 'owner']));
}

describe('note', () => {
  checkTable('note', { id: '1050000000000001', avatarId: ownAvatar }, 'NOTE_NOT_FOUND', ownerOnly(['read', 'write', 'delete'] as const));
});

describe('file', () => {
  checkTable('file', { id: '1060000000000001', avatarId: ownAvatar }, 'FILE_NOT_FOUND', ownerOnly(['read', 'write', 'delete'] as const));
});

describe('upload', () => {
  checkTable('upload', { id: '1060000000000002', avatarId: ownAvatar }, 'UPLOAD_NOT_FOUND', ownerOnly(['write', 'delete'] as const));
});

describe('group', () => {
  const group = '1080000000000001';
  describe('as an active member', () => {
    checkTable('group', { id: group, avatarId: ownAvatar, state: 'active' }, 'GROUP_NOT_FOUND', [
      ...ownerOnly(['act'] as const),
      ['owner', 'answer', true],
      ['otherAccount', 'answer', false],
    ]);
  });
  describe('as an invitee', () => {
    checkTable('group', { id: group, avatarId: ownAvatar, state: 'invited' }, 'GROUP_NOT_FOUND', [
      ...ownerOnly(['answer'] as const),
      ['owner', 'act', false],
    ]);
  });
  it('lets a listed contact or a forgotten avatar not act', () => {
    for (const state of ['listed', 'forgotten'])
      expect(can(principals.owner, 'act', 'group', { id: group, avatarId: ownAvatar, state })).toBe(false);
  });
});

describe('groupNotes and the documents of a group', () => {
  const groupId = '1080000000000001';
  // The owner's avatar writes; another account's avatar only reads; the treasurer moderates while reading.
  const notes = {
    groupId,
    members: [
      { avatarId: ownAvatar, notes: 'write' as const, moderator: false },
      { avatarId: '1030000000000002', notes: 'read' as const, moderator: false },
      { avatarId: '1030000000000003', notes: 'read' as const, moderator: true },
    ],
  };
  checkTable('groupNotes', notes, 'GROUP_NOT_FOUND', [
    ['owner', 'read', true],
    ['owner', 'write', true],
    ['owner', 'delete', true],
    ['owner', 'moderate', false],
    ['ownerUnpresented', 'read', false],
    ['otherAccount', 'read', true],
    ['otherAccount', 'write', false],
    ['otherAccount', 'delete', false],
    ['treasurer', 'moderate', true],
    ['treasurer', 'write', false],
    ['operator', 'read', false],
    ['anonymous', 'read', false],
  ]);
  checkTable('file', { id: '1060000000000001', avatarId: groupId, group: notes }, 'FILE_NOT_FOUND', [
    ['owner', 'read', true],
    ['owner', 'delete', true],
    ['otherAccount', 'read', true],
    ['otherAccount', 'delete', false],
    ['ownerUnpresented', 'read', false],
    ['operator', 'read', false],
  ]);
});
