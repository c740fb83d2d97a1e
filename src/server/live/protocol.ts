import type { RawData } from 'ws';
import { jsonTextTooDeep } from '../../shared/json-depth.js';
import { maxInputDepth } from '../../shared/limits.js';

/** Close codes of the live channel, with the reason sent along. */
export const liveClose = {
  /** No session, an unknown one, or not a member's: signing in again is needed. */
  authRequired: 4001,
  sessionEnded: 4002,
  malformed: 4400,
  /** Too slow: did not authenticate in time, or fell too far behind; reconnecting is fine. */
  tooSlow: 4408,
  /** Too many sockets for the session or the address, or too many messages on one. */
  tooMany: 4429,
  /** The server could not check the session (its database failed); reconnecting later is fine. */
  unavailable: 1011,
  goingAway: 1001,
} as const;

/** Largest client message: an auth message with its token fits many times over. */
export const maxMessageBytes = 4096;

interface Expected {
  auth: { type: 'auth'; token: string };
  ping: { type: 'ping' };
}

const shapes: { [K in keyof Expected]: string } = {
  auth: 'expected {"type":"auth","token":…}',
  ping: 'expected {"type":"ping"}',
};

/** A client message of the expected type, or the reason to refuse it (sent as the close reason). */
export function readMessage<K extends keyof Expected>(
  data: RawData,
  isBinary: boolean,
  type: K,
): { message: Expected[K] } | { refused: string } {
  if (isBinary) return { refused: 'expected a text message' };
  // The socket's binaryType is the default, 'nodebuffer': a message arrives as one Buffer, valid UTF-8 (ws checks).
  const text = (data as Buffer).toString();
  // The channel's own messages nest one level; the limit is every input's.
  if (jsonTextTooDeep(text, maxInputDepth)) return { refused: `nested deeper than ${maxInputDepth} levels` };
  let value: { type?: unknown; token?: unknown } | null;
  try {
    value = JSON.parse(text) as typeof value;
  } catch {
    return { refused: shapes[type] };
  }
  const fits = value !== null && typeof value === 'object' && value.type === type && (type !== 'auth' || typeof value.token === 'string');
  return fits ? { message: value as Expected[K] } : { refused: shapes[type] };
}
