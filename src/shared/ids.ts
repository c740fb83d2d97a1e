import { Type, type StringOptions } from '@sinclair/typebox';

// Ids of a space's records are digits: the space number (10–89, two digits), the kind of record,
// then 13 random digits. An id tells which space it belongs to, so the pipeline can refuse one that
// names another space without loading anything.
// Kind codes are prefix-free, so an id parses without knowing its length: one digit 1–8 (the first
// kinds: 16-digit ids, such as an avatar's number), or two digits starting with 9 or 0 (kinds added
// later: 17-digit ids).
export const scopedIdKeyword = 'x-ilot-scoped-id';

/** Schema of an id that belongs to a space; the pipeline checks its space against the session's. */
export const ScopedId = (options: StringOptions = {}) =>
  Type.String({ pattern: '^[1-8][0-9](?:[1-8]|[09][0-9])[0-9]{13}$', ...options, [scopedIdKeyword]: true });

/** The space number of a scoped id. */
export function spaceOfId(id: string): number {
  return Number(id.slice(0, 2));
}

/** Kinds of record and their codes (see above: 1–8, then 90–99 and 00–09). */
export const idKinds = {
  sponsorship: '1',
  account: '2',
  avatar: '3',
  partition: '4',
  note: '5',
  file: '6',
  group: '8',
  chat: '91',
} as const;

export type IdKind = keyof typeof idKinds;

/** The kind code of a scoped id. */
export function kindCodeOfId(id: string): string {
  return /[09]/.test(id[2] ?? '') ? id.slice(2, 4) : id.slice(2, 3);
}

/** A new id: space number, kind code, 13 random digits. */
export function newScopedId(spaceId: number, kind: IdKind): string {
  return scopedIdWithCode(spaceId, idKinds[kind]);
}

/** A new id of a kind code (exported for the format's own tests). */
export function scopedIdWithCode(spaceId: number, code: string): string {
  const random = crypto.getRandomValues(new Uint32Array(4));
  const digits = Array.from(random, (n) => String(n % 10_000).padStart(4, '0'))
    .join('')
    .slice(0, 13);
  return `${spaceId}${code}${digits}`;
}
