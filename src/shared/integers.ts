import { Type, type IntegerOptions, type TInteger } from '@sinclair/typebox';

// Every integer a request carries is bounded on both sides, by one of the helpers below, so that
// both engines answer alike: without a maximum, JSON's 1e308 is an integer that SQLite stores as a
// float while PostgreSQL refuses it past bigint. Each bound stays within 2^53 - 1, where JavaScript
// numbers, SQLite integers and PostgreSQL bigints are all exact.

/** The largest integer an input may carry anywhere: 2^53 - 1. */
export const maxInputInteger = Number.MAX_SAFE_INTEGER;

/** The latest instant an input may name: the last millisecond of year 9999 (UTC), which every JavaScript date holds. */
export const maxTimestamp = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** The most bytes a quota or a file may weigh: a petabyte. */
export const maxByteSize = 1e15;

/** The highest space number (spaces are numbered 10–89; 0 is the site itself). */
export const maxSpaceNumber = 89;

/** What a schema adds to a bounded integer: what it means and its default, never its bounds. */
type Described = Pick<IntegerOptions, 'description' | 'default'>;

const bounded = (minimum: number, maximum: number, options: Described = {}): TInteger => Type.Integer({ ...options, minimum, maximum });

/** An instant in milliseconds since 1970 (UTC), up to the end of year 9999. */
export const Timestamp = (options?: Described) => bounded(0, maxTimestamp, options);

/** A number of things (documents, accounts, months, items of a page), from 0 — or 1 when `minimum: 1` — to `maximum`. */
export const Count = (maximum: number, options: Described & { minimum?: 1 } = {}) => {
  const { minimum = 0, ...described } = options;
  return bounded(minimum, maximum, described);
};

/** A number of bytes, up to a petabyte. */
export const ByteSize = (options?: Described) => bounded(0, maxByteSize, options);

/** An amount of money in cents, from 0 — or 1 when `minimum: 1` — to `maximum`. */
export const Cents = (maximum: number, options: Described & { minimum?: 1 } = {}) => {
  const { minimum = 0, ...described } = options;
  return bounded(minimum, maximum, described);
};

/** A position in a sequence the server numbers (versions, audit entries): from 0 — or 1 when `minimum: 1` — to 2^53 - 1. */
export const Serial = (options: Described & { minimum?: 1 } = {}) => Count(maxInputInteger, options);

/** A space number, or 0 for the site itself. */
export const SpaceNumber = (options?: Described) => bounded(0, maxSpaceNumber, options);
