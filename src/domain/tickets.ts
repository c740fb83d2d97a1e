import { createHash, generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { creditSigned, exponentOf, fromBig64, modInverse, modPow, toBig64 } from '../shared/crypto/blind-credits.js';
import { IlotError } from '../shared/errors.js';
import type { Tx } from '../store/database.js';
import { addToBalance, type Balance } from './costs.js';

// Anonymous payments of A accounts (see shared/crypto/blind-credits.ts and docs/security.md). The
// account draws a ticket code and pays by bank transfer quoting it; the treasurer records the
// payment by code: `tickets` keeps the code's hash and the amount, no account. The account turns
// the paid ticket into a blindly signed credit without a session, then spends the credit in its
// session: `spent_credits` keeps the token's hash, no account, and nothing ties it to the ticket.

const hashOf = (label: string, value: string) => createHash('sha256').update(`ilot/v1/${label}/${value}`).digest('hex');

/** Records a payment received for a ticket code (TICKET_ALREADY_RECORDED the second time). */
export async function recordTicket(tx: Tx, spaceId: number, code: string, amountCents: number, now: number): Promise<void> {
  // The signing key is made here, in a writing transaction, so that reading a ticket's status never writes.
  await creditKey(tx, spaceId);
  const added = await tx
    .insertInto('tickets')
    .values({ space_id: spaceId, code_hash: hashOf('ticket', code), amount_cents: amountCents, recorded_at: now })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  if (Number(added.numInsertedOrUpdatedRows ?? 0) === 0) throw new IlotError('TICKET_ALREADY_RECORDED');
}

/** A recorded ticket as its code finds it (TICKET_UNKNOWN for none). */
export async function ticketOf(tx: Tx, spaceId: number, code: string): Promise<{ amountCents: number; redeemed: boolean }> {
  const row = await tx
    .selectFrom('tickets')
    .select(['amount_cents', 'redeemed_at'])
    .where('space_id', '=', spaceId)
    .where('code_hash', '=', hashOf('ticket', code))
    .executeTakeFirst();
  if (!row) throw new IlotError('TICKET_UNKNOWN');
  return { amountCents: Number(row.amount_cents), redeemed: row.redeemed_at !== null };
}

interface CreditKey {
  n: bigint;
  p: bigint;
  q: bigint;
}

/** The space's signing key of credits, made on its first use. */
async function creditKey(tx: Tx, spaceId: number): Promise<CreditKey> {
  const read = () => tx.selectFrom('credit_keys').select('private_key').where('space_id', '=', spaceId).executeTakeFirst();
  let row = await read();
  if (!row) {
    const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
    await tx
      .insertInto('credit_keys')
      .values({ space_id: spaceId, private_key: JSON.stringify(privateKey.export({ format: 'jwk' })) })
      .onConflict((oc) => oc.doNothing())
      .execute();
    row = (await read())!;
  }
  const jwk = JSON.parse(row.private_key) as { n: string; p: string; q: string };
  return { n: fromBig64(jwk.n), p: fromBig64(jwk.p), q: fromBig64(jwk.q) };
}

/** The modulus credits of the space are signed under (base64url), which accounts blind their tokens for. */
export async function creditModulus(tx: Tx, spaceId: number): Promise<string> {
  return toBig64((await creditKey(tx, spaceId)).n);
}

/**
 * Turns a paid ticket into the signature of a blinded credit of its amount, once: the ticket is
 * marked redeemed, and the signature is all that leaves. Nothing here names an account.
 */
export async function redeemTicket(
  tx: Tx,
  spaceId: number,
  code: string,
  amountCents: number,
  blinded: string,
  now: number,
): Promise<string> {
  const ticket = await ticketOf(tx, spaceId, code);
  if (ticket.redeemed) throw new IlotError('TICKET_ALREADY_REDEEMED');
  if (ticket.amountCents !== amountCents) throw new IlotError('TICKET_AMOUNT_MISMATCH', undefined, { amountCents: ticket.amountCents });
  const { n, p, q } = await creditKey(tx, spaceId);
  const m = fromBig64(blinded);
  if (m <= 1n || m >= n) throw new IlotError('CREDIT_INVALID');
  const taken = await tx
    .updateTable('tickets')
    .set({ redeemed_at: now })
    .where('space_id', '=', spaceId)
    .where('code_hash', '=', hashOf('ticket', code))
    .where('redeemed_at', 'is', null)
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) === 0) throw new IlotError('TICKET_ALREADY_REDEEMED');
  // m^(1/e) mod n by the Chinese remainder theorem: two half-size exponentiations.
  const e = exponentOf(amountCents);
  const sp = modPow(m, modInverse(e, p - 1n), p);
  const sq = modPow(m, modInverse(e, q - 1n), q);
  return toBig64(sq + (((((sp - sq) * modInverse(q, p)) % p) + p) % p) * q);
}

/** Adds a signed credit to an A account's balance, once (CREDIT_INVALID, CREDIT_ALREADY_SPENT). */
export async function spendCredit(
  tx: Tx,
  spaceId: number,
  accountId: string,
  amountCents: number,
  token: string,
  signature: string,
): Promise<Balance> {
  if (!(await creditSigned(await creditModulus(tx, spaceId), amountCents, token, signature))) throw new IlotError('CREDIT_INVALID');
  const spent = await tx
    .insertInto('spent_credits')
    .values({ space_id: spaceId, token_hash: hashOf('credit', token) })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  if (Number(spent.numInsertedOrUpdatedRows ?? 0) === 0) throw new IlotError('CREDIT_ALREADY_SPENT');
  return addToBalance(tx, spaceId, accountId, 'credits', amountCents * 1000);
}
