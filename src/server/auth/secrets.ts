import { createHash, timingSafeEqual } from 'node:crypto';

/** SHA-256 (hex) of a client-derived key: what the server stores instead of the key. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Compares a key with a stored hash in constant time; a missing hash compares as a mismatch, in the same time. */
export function keyMatches(key: string, storedHash: string | undefined): boolean {
  const given = Buffer.from(hashKey(key), 'hex');
  const stored = Buffer.from(storedHash && storedHash.length === 64 ? storedHash : '00'.repeat(32), 'hex');
  return timingSafeEqual(given, stored) && storedHash !== undefined;
}
