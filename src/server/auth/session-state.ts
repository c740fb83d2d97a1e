import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { IlotError } from '../../shared/errors.js';

// What a member session presented (its avatars) is kept in its row sealed with AES-256-GCM under a
// key derived from the bearer token's secret. The server stores only the secret's hash, so a copy
// of the database cannot open it; the server opens it while it serves a request of the session.
// The plain text is padded to a multiple of `block` bytes, so that its length hardly tells how
// many avatars an account has.

const block = 512;

/** What a member session holds: its avatars, the primary first, and the key of its account's usage once presented. */
export interface SessionState {
  avatars: string[];
  usageKey?: string;
}

/**
 * States opened lately, by session, with the tag of the ciphertext they came from: a request of a
 * session whose row still holds that ciphertext is served from memory, without deriving the key
 * and decrypting again. The token was checked against its hash before, and the tag is unique to
 * each sealing, so the entry is what the row would open to.
 */
const opened = new Map<string, { tag: string; state: SessionState }>();
const maxOpened = 10_000;

function stateKey(tokenSecret: string): Buffer {
  return createHmac('sha256', tokenSecret).update('ilot/v1/session-state').digest();
}

const associated = (spaceId: number, sessionId: string) => Buffer.from(`ilot/v1/session-state/${spaceId}/${sessionId}`);

export function sealState(tokenSecret: string, spaceId: number, sessionId: string, state: SessionState): string {
  const json = JSON.stringify(state);
  const plain = Buffer.from(json.padEnd(Math.ceil((json.length + 1) / block) * block, ' '));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', stateKey(tokenSecret), iv);
  cipher.setAAD(associated(spaceId, sessionId));
  const text = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]).toString('base64url');
  // The session's next request finds it opened (a transaction rolled back leaves an entry no row matches).
  remember(`${spaceId}.${sessionId}`, text.slice(-22), state);
  return text;
}

/** Opens a session's state; SESSION_INVALID when it does not open with this token (altered or another session's). */
export function openState(tokenSecret: string, spaceId: number, sessionId: string, sealed: string): SessionState {
  const key = `${spaceId}.${sessionId}`;
  const tag = sealed.slice(-22);
  const known = opened.get(key);
  if (known?.tag === tag) return known.state;
  const state = decrypt(tokenSecret, spaceId, sessionId, sealed);
  remember(key, tag, state);
  return state;
}

function remember(key: string, tag: string, state: SessionState): void {
  if (opened.size >= maxOpened && !opened.has(key)) opened.delete(opened.keys().next().value!);
  opened.set(key, { tag, state });
}

function decrypt(tokenSecret: string, spaceId: number, sessionId: string, sealed: string): SessionState {
  try {
    const bytes = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', stateKey(tokenSecret), bytes.subarray(0, 12));
    decipher.setAAD(associated(spaceId, sessionId));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    const plain = Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]);
    const state = JSON.parse(plain.toString()) as SessionState;
    if (!Array.isArray(state.avatars) || !state.avatars.every((a) => typeof a === 'string')) throw new Error('malformed');
    if (state.usageKey !== undefined && typeof state.usageKey !== 'string') throw new Error('malformed');
    return state;
  } catch {
    throw new IlotError('SESSION_INVALID');
  }
}
