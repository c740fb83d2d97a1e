import { timingSafeEqual } from 'node:crypto';
import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/sessions.js';
import { rolesOf } from '../../../domain/accounts.js';
import { avatarMaterial } from '../../../domain/avatars.js';
import { lifetimeEnd } from '../../../domain/lifetime.js';
import { keyMatches, verifierOf } from '../../../domain/secrets.js';
import { siteSpaceId } from '../../../store/schema.js';
import { createSession } from '../../auth/sessions.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * Signs in with an org code and the keys the client derived from its passphrase (never the
 * passphrase). Operators: org code `admin`, the auth key matching one configured verifier.
 * Members: the account whose passphrase prefix and auth key match. Every failure looks the same and
 * is slowed and throttled by the pipeline; the space's state (closed, sign-in ban) restricts it.
 * A member's sign-in extends its account's lifetime, except in a frozen space; the session starts
 * with the avatars the account names, and the client then presents the others (session.presentAvatars).
 */
export const signIn = defineOperation({
  ...contracts.signIn,
  access: { plane: 'public' },
  effect: 'session',
  audit: true,
  checksCredentials: true,
  targetsSpace: true,
  async run(input, context) {
    const { tx, config, now, request, describe, spaceId, space } = context;
    if (spaceId === null) throw new IlotError('SIGNIN_FAILED');
    if (spaceId === siteSpaceId) {
      const operator = matchOperator(config.operators, input.authKey);
      describe(operator.name);
      const session = await createSession(tx, { spaceId, subject: operator.name, role: operator.role }, config, now, request);
      return {
        token: session.token,
        sessionId: session.id,
        expiresAt: session.expiresAt,
        operator: { name: operator.name, role: operator.role },
      };
    }
    // The account and the avatars it names (its primary one, legacy secondary ones) in one round trip.
    const rows = await tx
      .selectFrom('accounts')
      .leftJoin('avatars', (join) =>
        join.onRef('avatars.space_id', '=', 'accounts.space_id').onRef('avatars.account_id', '=', 'accounts.id'),
      )
      .select([
        'accounts.id',
        'accounts.auth_hash',
        'accounts.roles',
        'accounts.kind',
        'accounts.wrapped_account_key',
        'accounts.wrapped_space_key',
        'accounts.expires_at',
        'accounts.keyring',
        'accounts.keyring_revision',
      ])
      .select([
        'avatars.id as avatar_id',
        'avatars.name',
        'avatars.ecdh_public_key',
        'avatars.signing_public_key',
        'avatars.wrapped_private_keys',
        'avatars.wrapped_card_key',
        'avatars.is_primary',
        'avatars.created_at',
      ])
      .where('accounts.space_id', '=', spaceId)
      .where('accounts.prefix_id', '=', input.prefixId)
      .execute();
    const account = rows[0];
    if (!keyMatches(input.authKey, account?.auth_hash) || !account) throw new IlotError('SIGNIN_FAILED');
    describe(account.id);
    // The primary avatar first, then legacy ones by age.
    const avatars = rows
      .filter((r) => r.avatar_id !== null)
      .sort((a, b) => (b.is_primary ?? 0) - (a.is_primary ?? 0) || (a.created_at ?? 0) - (b.created_at ?? 0))
      .map((a) =>
        avatarMaterial({
          id: a.avatar_id!,
          name: a.name!,
          ecdh_public_key: a.ecdh_public_key!,
          signing_public_key: a.signing_public_key!,
          wrapped_private_keys: a.wrapped_private_keys!,
          wrapped_card_key: a.wrapped_card_key,
        }),
      );
    const session = await createSession(
      tx,
      { spaceId, subject: account.id, role: account.roles, avatars: avatars.map((a) => a.id) },
      config,
      now,
      request,
    );
    let expiresAt = account.expires_at;
    if (expiresAt !== null && !space?.frozen) {
      expiresAt = lifetimeEnd(now, space?.lifetime_months ?? 12);
      if (expiresAt !== account.expires_at)
        await tx
          .updateTable('accounts')
          .set({ expires_at: expiresAt })
          .where('space_id', '=', spaceId)
          .where('id', '=', account.id)
          .execute();
    }
    return {
      token: session.token,
      sessionId: session.id,
      expiresAt: session.expiresAt,
      account: {
        id: account.id,
        roles: rolesOf(account.roles),
        kind: account.kind,
        expiresAt,
        wrappedAccountKey: account.wrapped_account_key,
        wrappedSpaceKey: account.wrapped_space_key,
        avatars,
        keyring: account.keyring,
        keyringRevision: account.keyring_revision,
        notification: space?.notification ?? null,
      },
    };
  },
});

/** The operator whose verifier the auth key matches, compared with all of them so that the time does not tell which. */
function matchOperator<T extends { verifier: string }>(operators: T[], authKey: string): T {
  const given = Buffer.from(verifierOf(authKey));
  let found: T | undefined;
  for (const operator of operators) {
    if (timingSafeEqual(given, Buffer.from(operator.verifier)) && !found) found = operator;
  }
  if (!found) throw new IlotError('SIGNIN_FAILED');
  return found;
}
