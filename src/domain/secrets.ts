import { createHash, timingSafeEqual } from 'node:crypto';

/** SHA-256 (hex) of a client-derived key: what the server stores instead of the key. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The verifier of an operator's auth key: what `ilot operator verifier` prints and the configuration holds. */
export function verifierOf(authKey: string): string {
  return createHash('sha256').update(authKey).digest('base64url');
}

/** Compares a key with a stored hash in constant time; a missing hash compares as a mismatch, in the same time. */
export function keyMatches(key: string, storedHash: string | undefined): boolean {
  const given = Buffer.from(hashKey(key), 'hex');
  const stored = Buffer.from(storedHash && storedHash.length === 64 ? storedHash : '00'.repeat(32), 'hex');
  return timingSafeEqual(given, stored) && storedHash !== undefined;
}
