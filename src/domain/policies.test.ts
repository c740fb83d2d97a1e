import { describe, expect, it } from 'vitest';
import { IlotError } from '../shared/errors.js';
import { authorize, can } from './policies.js';
import type { Principal } from './principal.js';

// Who may do what, as tables: principal × action × resource → allowed. One block per resource.

const member = (accountId: string): Principal => ({ kind: 'member', spaceId: 12, accountId, roles: [], accountKind: 'O', partitionId: null, sessionId: 's' });
const owner = member('12100000000001');
const otherAccount = member('12100000000002');
const operator: Principal = { kind: 'operator', name: 'alice', role: 'admin', sessionId: 's' };
const anonymous: Principal = { kind: 'anonymous' };
const principals = { owner, otherAccount, operator, anonymous };
type Who = keyof typeof principals;

/** The code a refusal throws, or null if there is none. */
function refusal(act: () => unknown): string | null {
  try {
    act();
    return null;
  } catch (error) {
    return error instanceof IlotError ? error.code : String(error);
  }
}

/** Rows of one resource: only its owner is allowed, for every action it knows. */
function ownerOnly<A extends string>(actions: readonly A[]): [Who, A, boolean][] {
  return actions.flatMap((action) => (Object.keys(principals) as Who[]).map((who): [Who, A, boolean] => [who, action, who === 'owner']));
}

// --- note ---------------------------------------------------------------------------------------
describe('note', () => {
  const note = { id: '12300000000001', accountId: '12100000000001' };
  it.each(ownerOnly(['read', 'write', 'delete'] as const))('%s may %s: %s', (who, action, allowed) => {
    expect(can(principals[who], action, 'note', note)).toBe(allowed);
  });
  it('refuses as if the note did not exist', () => {
    expect(refusal(() => authorize(otherAccount, 'write', 'note', note))).toBe('NOTE_NOT_FOUND');
    expect(refusal(() => authorize(owner, 'write', 'note', undefined))).toBe('NOTE_NOT_FOUND');
    expect(authorize(owner, 'write', 'note', note)).toBe(note);
  });
});

// --- avatar (writing under it: a note's creation) -----------------------------------------------
describe('avatar, for note creation', () => {
  const avatar = { id: '12200000000001', accountId: '12100000000001' };
  it.each(ownerOnly(['write'] as const))('%s may %s under it: %s', (who, action, allowed) => {
    expect(can(principals[who], action, 'avatar', avatar)).toBe(allowed);
  });
  it('refuses as if the avatar did not exist', () => {
    expect(refusal(() => authorize(otherAccount, 'write', 'avatar', avatar))).toBe('AVATAR_NOT_FOUND');
  });
});

// --- file ---------------------------------------------------------------------------------------
describe('file', () => {
  const file = { id: '12600000000001', accountId: '12100000000001' };
  it.each(ownerOnly(['read', 'write', 'delete'] as const))('%s may %s: %s', (who, action, allowed) => {
    expect(can(principals[who], action, 'file', file)).toBe(allowed);
  });
  it('refuses as if the file did not exist', () => {
    expect(refusal(() => authorize(otherAccount, 'read', 'file', file))).toBe('FILE_NOT_FOUND');
    expect(refusal(() => authorize(owner, 'read', 'file', undefined))).toBe('FILE_NOT_FOUND');
  });
});

// --- upload -------------------------------------------------------------------------------------
describe('upload', () => {
  const upload = { id: '12600000000002', accountId: '12100000000001' };
  it.each(ownerOnly(['write', 'delete'] as const))('%s may %s: %s', (who, action, allowed) => {
    expect(can(principals[who], action, 'upload', upload)).toBe(allowed);
  });
  it('refuses as if the upload did not exist', () => {
    expect(refusal(() => authorize(otherAccount, 'write', 'upload', upload))).toBe('UPLOAD_NOT_FOUND');
  });
});
