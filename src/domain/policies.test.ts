import { describe, expect, it } from 'vitest';
import { IlotError } from '../shared/errors.js';
import { authorize, can } from './policies.js';
import type { Principal } from './principal.js';

// Who may do what to each resource, as tables: principal × action → allowed.

const member = (accountId: string, roles: string[] = []): Principal => ({ kind: 'member', spaceId: 10, accountId, roles, accountKind: 'O', partitionId: null, sessionId: 's' });
const principals = {
  owner: member('1020000000000001'),
  otherAccount: member('1020000000000002'),
  treasurer: member('1020000000000003', ['treasurer']),
  operator: { kind: 'operator', name: 'alice', role: 'admin', sessionId: 's' },
  anonymous: { kind: 'anonymous' },
} satisfies Record<string, Principal>;
type Who = keyof typeof principals;

/** The refusal code `authorize` throws, or null when it lets the principal through. */
function refusalOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return error instanceof IlotError ? error.code : String(error);
  }
}

describe('avatar', () => {
  const avatar = { id: '1030000000000001', accountId: '1020000000000001' };
  const table: [Who, 'read' | 'write' | 'delete', boolean][] = [
    ['owner', 'read', true],
    ['owner', 'write', true],
    ['owner', 'delete', true],
    ['otherAccount', 'read', false],
    ['otherAccount', 'write', false],
    ['otherAccount', 'delete', false],
    ['treasurer', 'read', false],
    ['treasurer', 'write', false],
    ['treasurer', 'delete', false],
    ['operator', 'read', false],
    ['operator', 'delete', false],
    ['anonymous', 'read', false],
  ];
  it.each(table)('%s may %s: %s', (who, action, allowed) => {
    expect(can(principals[who], action, 'avatar', avatar)).toBe(allowed);
    expect(refusalOf(() => authorize(principals[who], action, 'avatar', avatar))).toBe(allowed ? null : 'AVATAR_NOT_FOUND');
  });
  it('answers a missing avatar like a refused one', () => {
    expect(refusalOf(() => authorize(principals.owner, 'write', 'avatar', undefined))).toBe('AVATAR_NOT_FOUND');
  });
  it('returns the facts it was given, for the operation to go on with', () => {
    const loaded = { ...avatar, is_primary: 1 };
    expect(authorize(principals.owner, 'delete', 'avatar', loaded)).toBe(loaded);
  });
});

describe('contact', () => {
  const contact = { id: '1030000000000009', accountId: '1020000000000001' };
  const table: [Who, 'read' | 'write', boolean][] = [
    ['owner', 'read', true],
    ['owner', 'write', true],
    ['otherAccount', 'read', false],
    ['otherAccount', 'write', false],
    ['treasurer', 'read', false],
    ['treasurer', 'write', false],
    ['operator', 'read', false],
    ['anonymous', 'write', false],
  ];
  it.each(table)('%s may %s: %s', (who, action, allowed) => {
    expect(can(principals[who], action, 'contact', contact)).toBe(allowed);
    expect(refusalOf(() => authorize(principals[who], action, 'contact', contact))).toBe(allowed ? null : 'CONTACT_NOT_FOUND');
  });
  it('answers a missing contact like a refused one', () => {
    expect(refusalOf(() => authorize(principals.owner, 'write', 'contact', undefined))).toBe('CONTACT_NOT_FOUND');
  });
});

describe('sponsorship', () => {
  const sponsorship = { id: '1010000000000001', accountId: '1020000000000001' };
  const table: [Who, 'read' | 'write', boolean][] = [
    ['owner', 'read', true],
    ['owner', 'write', true],
    ['otherAccount', 'read', false],
    ['otherAccount', 'write', false],
    ['treasurer', 'read', false],
    ['treasurer', 'write', false],
    ['operator', 'write', false],
    ['anonymous', 'read', false],
  ];
  it.each(table)('%s may %s: %s', (who, action, allowed) => {
    expect(can(principals[who], action, 'sponsorship', sponsorship)).toBe(allowed);
    expect(refusalOf(() => authorize(principals[who], action, 'sponsorship', sponsorship))).toBe(allowed ? null : 'SPONSORSHIP_NOT_FOUND');
  });
  it('lets no member handle the treasurer’s sponsorship, which no account made', () => {
    for (const who of Object.keys(principals) as Who[]) expect(can(principals[who], 'write', 'sponsorship', { id: sponsorship.id, accountId: null })).toBe(false);
  });
  it('answers a missing sponsorship like a refused one', () => {
    expect(refusalOf(() => authorize(principals.owner, 'write', 'sponsorship', undefined))).toBe('SPONSORSHIP_NOT_FOUND');
  });
});
