import { concatBytes, fromBase64Url, randomBytes, sha256, textEncoder, toBase64Url } from './bytes.js';

// A paid ticket becomes credit on a balance through an RSA blind signature (Chaum), so that the
// server never learns which account a ticket paid for. The account hands the server, with the
// ticket's code and no session, a random token blinded by a random factor; the server checks the
// ticket is paid and signs the blinded value without seeing the token. The account unblinds the
// signature and, later, in its own session, spends token and signature: the server checks the
// signature and that the token was never spent, but has never seen this token before, and cannot
// match it to the blinded value it signed. The amount is bound to the signature by its public
// exponent, a prime drawn from the amount (distinct amounts, distinct primes; same modulus), so
// that a signature for 10 € cannot be spent as 100 €.

/** The most a ticket may carry, in cents (10,000 €). */
export const maxTicketCents = 1_000_000;

/** A ticket code: 16 characters of base32 (80 random bits), what the payer quotes on the transfer. */
export const ticketCodePattern = '^[A-Z2-7]{16}$';

const base32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A new ticket code, drawn by the account and kept by it alone. */
export function newTicketCode(): string {
  return [...randomBytes(16)].map((b) => base32[b & 31]).join('');
}

export const bigIntOf = (bytes: Uint8Array): bigint =>
  bytes.length === 0 ? 0n : BigInt(`0x${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`);

export function bytesOf(value: bigint): Uint8Array {
  const hex = value.toString(16);
  const even = hex.length % 2 === 0 ? hex : `0${hex}`;
  return Uint8Array.from(even.match(/../g)!.map((pair) => parseInt(pair, 16)));
}

export const toBig64 = (value: bigint) => toBase64Url(bytesOf(value));
export const fromBig64 = (text: string) => bigIntOf(fromBase64Url(text));

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

/** The inverse of `a` modulo `m` (throws when there is none). */
export function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new Error('not invertible');
  return ((oldS % m) + m) % m;
}

// Miller–Rabin with these bases is exact below 3.3 × 10^24: the exponents stay far under.
const witnesses = [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n, 41n];

function isPrime(n: bigint): boolean {
  if (n < 2n) return false;
  for (const p of witnesses) if (n % p === 0n) return n === p;
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) [d, s] = [d >> 1n, s + 1];
  return witnesses.every((a) => {
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) return true;
    for (let i = 1; i < s; i++) if ((x = (x * x) % n) === n - 1n) return true;
    return false;
  });
}

const exponents = new Map<number, bigint>();

/**
 * The public exponent of credits of `amountCents`: the first prime from 2^40 + amount × 2^16. Gaps
 * between primes there are far under 2^16, so two amounts never share one.
 */
export function exponentOf(amountCents: number): bigint {
  const known = exponents.get(amountCents);
  if (known) return known;
  let e = (1n << 40n) + (BigInt(amountCents) << 16n) + 1n;
  while (!isPrime(e)) e += 2n;
  exponents.set(amountCents, e);
  return e;
}

/** The token hashed onto the whole range of the modulus (full-domain hash), as the signature covers it. */
export async function tokenDigest(token: Uint8Array, modulus: bigint): Promise<bigint> {
  const length = bytesOf(modulus).length + 16;
  const blocks: Uint8Array[] = [];
  for (let i = 0; blocks.length * 32 < length; i++)
    blocks.push(await sha256(concatBytes(textEncoder.encode(`ilot/v1/credit/${i}/`), token)));
  return bigIntOf(concatBytes(...blocks).subarray(0, length)) % modulus;
}

/** What an account keeps between redeeming a ticket and spending its credit: never shown to the server together. */
export interface BlindedCredit {
  token: string;
  /** The blinding factor: whoever holds it could match the blinded value to the token. */
  factor: string;
  blinded: string;
}

/** A fresh token for `amountCents`, blinded for the space's modulus. */
export async function blindCredit(modulus: string, amountCents: number): Promise<BlindedCredit> {
  const n = fromBig64(modulus);
  const token = randomBytes(32);
  let factor = 0n;
  while (factor < 2n) factor = bigIntOf(randomBytes(bytesOf(n).length + 16)) % n;
  const blinded = ((await tokenDigest(token, n)) * modPow(factor, exponentOf(amountCents), n)) % n;
  return { token: toBase64Url(token), factor: toBig64(factor), blinded: toBig64(blinded) };
}

/** The signature of the token itself, from the server's signature of the blinded value. */
export function unblindCredit(modulus: string, credit: BlindedCredit, blindSignature: string): string {
  const n = fromBig64(modulus);
  return toBig64((fromBig64(blindSignature) * modInverse(fromBig64(credit.factor), n)) % n);
}

/** Whether `signature` is the space's signature of `token` for `amountCents`. */
export async function creditSigned(modulus: string, amountCents: number, token: string, signature: string): Promise<boolean> {
  const n = fromBig64(modulus);
  const s = fromBig64(signature);
  if (s <= 1n || s >= n) return false;
  return modPow(s, exponentOf(amountCents), n) === (await tokenDigest(fromBase64Url(token), n));
}
