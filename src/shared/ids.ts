import { Type, type StringOptions } from '@sinclair/typebox';

// Ids of a space's records are 16 digits whose first two are the space number (10–89): an id
// tells which space it belongs to, so the pipeline can refuse one that names another space
// without loading anything.
export const scopedIdKeyword = 'x-ilot-scoped-id';

/** Schema of an id that belongs to a space; the pipeline checks its space against the session's. */
export const ScopedId = (options: StringOptions = {}) =>
  Type.String({ pattern: '^[1-8][0-9][0-9]{14}$', ...options, [scopedIdKeyword]: true });

/** The space number of a scoped id. */
export function spaceOfId(id: string): number {
  return Number(id.slice(0, 2));
}

/** Kinds of record, the third digit of their id. */
export const idKinds = { sponsorship: 1, account: 2, avatar: 3, partition: 4, note: 5, file: 6 } as const;

/** A new id: space number (2 digits), kind (1 digit), 13 random digits. */
export function newScopedId(spaceId: number, kind: keyof typeof idKinds): string {
  const random = crypto.getRandomValues(new Uint32Array(4));
  const digits = Array.from(random, (n) => String(n % 10_000).padStart(4, '0')).join('').slice(0, 13);
  return `${spaceId}${idKinds[kind]}${digits}`;
}
