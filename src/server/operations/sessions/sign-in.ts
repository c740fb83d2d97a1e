import { timingSafeEqual } from 'node:crypto';
import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/sessions.js';
import { rolesOf } from '../../../domain/accounts.js';
import { avatarMaterial } from '../../../domain/avatars.js';
import { lifetimeEnd } from '../../../domain/lifetime.js';
import { settleConsumption } from '../../../domain/costs.js';
import { notificationsOf } from '../../../domain/notifications.js';
import { accountRestrictions, extendsLifetime } from '../../../domain/restrictions.js';
import { keyMatches, verifierOf } from '../../../domain/secrets.js';
import { siteSpaceId, type AvatarsTable } from '../../../store/schema.js';
import { createSession } from '../../auth/sessions.js';
import { defineOperation } from '../../pipeline/operation.js';
import { monthOf } from '../../tasks/schedule.js';
import { automaticSourcesAt } from '../../pipeline/automatic-restrictions.js';
import { applyPresentation, checkProofs, checkUsageKey, type PresentedRow } from './presentation.js';

/**
 * Signs in with an org code and the keys the client derived from its passphrase (never the
 * passphrase). Operators: org code `admin`, the auth key matching one configured verifier.
 * Members: the account whose passphrase prefix and auth key match. Every failure looks the same and
 * is slowed and throttled by the pipeline; the space's state (closed, sign-in ban) restricts it.
 * A member's sign-in extends its account's lifetime, except under frozen or minimal access
 * (domain/restrictions.ts), and tells its notifications and restrictions; the session starts
 * with the avatars the account names, and those presented with it (see presentation.ts) or, for a
 * client without the keyring yet, just after (session.presentAvatars).
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
    // The account, the avatars it names (its primary one, legacy secondary ones) and those presented,
    // each found by an index, in one round trip: a row for each pair of them.
    const presentedIds = input.present?.avatars.map((a) => a.id) ?? [];
    const rows = await tx
      .selectFrom('accounts')
      .leftJoin('avatars', (join) =>
        join.onRef('avatars.space_id', '=', 'accounts.space_id').onRef('avatars.account_id', '=', 'accounts.id'),
      )
      .leftJoin('avatars as presented', (join) =>
        join
          .onRef('presented.space_id', '=', 'accounts.space_id')
          .on((eb) => (presentedIds.length > 0 ? eb('presented.id', 'in', presentedIds) : eb.lit(false))),
      )
      .leftJoin('account_usage', (join) =>
        join.onRef('account_usage.space_id', '=', 'accounts.space_id').onRef('account_usage.account_id', '=', 'accounts.id'),
      )
      .select([
        'accounts.id',
        'accounts.auth_hash',
        'accounts.roles',
        'accounts.kind',
        'accounts.partition_id',
        'accounts.wrapped_account_key',
        'accounts.wrapped_space_key',
        'accounts.expires_at',
        'accounts.keyring',
        'accounts.keyring_revision',
        'accounts.usage_key_hash',
        'account_usage.mask_day as usage_mask_day',
      ])
      .select([
        'avatars.id as avatar_id',
        'avatars.account_id as avatar_account',
        'avatars.proof_hash',
        'avatars.expires_at as avatar_expires_at',
        'avatars.name',
        'avatars.ecdh_public_key',
        'avatars.signing_public_key',
        'avatars.wrapped_private_keys',
        'avatars.wrapped_card_key',
        'avatars.is_primary',
        'avatars.created_at',
      ])
      .select([
        'presented.id as presented_id',
        'presented.account_id as presented_account',
        'presented.proof_hash as presented_proof_hash',
        'presented.expires_at as presented_expires_at',
        'presented.name as presented_name',
        'presented.ecdh_public_key as presented_ecdh_public_key',
        'presented.signing_public_key as presented_signing_public_key',
        'presented.wrapped_private_keys as presented_wrapped_private_keys',
        'presented.wrapped_card_key as presented_wrapped_card_key',
      ])
      .where('accounts.space_id', '=', spaceId)
      .where('accounts.prefix_id', '=', input.prefixId)
      .execute();
    const account = rows[0];
    if (!keyMatches(input.authKey, account?.auth_hash) || !account) throw new IlotError('SIGNIN_FAILED');
    describe(account.id);
    const avatarRows = new Map<string, AvatarRow>(
      rows
        .filter((r) => r.avatar_id !== null)
        .map((r) => [
          r.avatar_id!,
          {
            id: r.avatar_id!,
            account_id: r.avatar_account,
            proof_hash: r.proof_hash,
            expires_at: r.avatar_expires_at,
            name: r.name!,
            ecdh_public_key: r.ecdh_public_key!,
            signing_public_key: r.signing_public_key!,
            wrapped_private_keys: r.wrapped_private_keys!,
            wrapped_card_key: r.wrapped_card_key,
            is_primary: r.is_primary,
            created_at: r.created_at!,
          },
        ]),
    );
    for (const r of rows)
      if (r.presented_id !== null && !avatarRows.has(r.presented_id))
        avatarRows.set(r.presented_id, {
          id: r.presented_id,
          account_id: r.presented_account,
          proof_hash: r.presented_proof_hash,
          expires_at: r.presented_expires_at,
          name: r.presented_name!,
          ecdh_public_key: r.presented_ecdh_public_key!,
          signing_public_key: r.presented_signing_public_key!,
          wrapped_private_keys: r.presented_wrapped_private_keys!,
          wrapped_card_key: r.presented_wrapped_card_key,
        });
    const material = (id: string) => avatarMaterial(avatarRows.get(id)!);
    // The primary avatar first, then legacy ones by age.
    const named = [...avatarRows.values()]
      .filter((r) => r.account_id === account.id)
      .sort((a, b) => (b.is_primary ?? 0) - (a.is_primary ?? 0) || (a.created_at ?? 0) - (b.created_at ?? 0))
      .map((r) => r.id);
    // Proofs made from an older keyring, or naming an avatar gone since, wait for the client to
    // read the keyring again and present with session.presentAvatars, which forgets gone ones.
    const present =
      input.present?.keyringRevision === account.keyring_revision && presentedIds.every((id) => avatarRows.has(id))
        ? input.present
        : undefined;
    if (present) {
      checkProofs(account.id, input.authKey, present.avatars, avatarRows);
      await checkUsageKey(tx, spaceId, account.id, present.usageKey, account.usage_key_hash);
    }
    const session = await createSession(
      tx,
      {
        spaceId,
        subject: account.id,
        role: account.roles,
        state: {
          avatars: [...new Set([...named, ...(present ? presentedIds : [])])],
          ...(present && { usageKey: present.usageKey }),
        },
      },
      config,
      now,
      request,
    );
    const restricted = { spaceId, accountId: account.id, partitionId: account.partition_id, roles: rolesOf(account.roles) };
    const restrictions = [...context.restrictions, ...(await accountRestrictions(tx, restricted, automaticSourcesAt(now, config)))];
    if (present) {
      await applyPresentation(
        tx,
        { spaceId, accountId: account.id, usageKey: present.usageKey },
        presentedIds.map((id) => avatarRows.get(id)!),
        space,
        restrictions,
        now,
        account.usage_mask_day === null ? null : Number(account.usage_mask_day),
      );
      // Its key read, the account's ended months are settled (domain/costs.ts).
      await settleConsumption(
        tx,
        { spaceId, accountId: account.id, usageKey: present.usageKey },
        monthOf(now, config.tasks.timeZone).month,
        config.costs,
      );
    }
    let expiresAt = account.expires_at;
    if (expiresAt !== null && extendsLifetime(restrictions)) {
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
        avatars: named.map(material),
        keyring: account.keyring,
        keyringRevision: account.keyring_revision,
        presented: present ? presentedIds.map(material) : null,
        notifications: space ? await notificationsOf(tx, space, restricted) : [],
        restrictions,
      },
    };
  },
});

/** An avatar as a sign-in reads it: to present it, and for the material its client gets. */
type AvatarRow = PresentedRow &
  Pick<AvatarsTable, 'name' | 'ecdh_public_key' | 'signing_public_key' | 'wrapped_private_keys' | 'wrapped_card_key'> &
  Partial<Pick<AvatarsTable, 'is_primary' | 'created_at'>>;

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
