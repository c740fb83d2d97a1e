import { Type } from '@sinclair/typebox';
import { IlotError } from '../../../shared/errors.js';
import { AccountQuotas, Bytes, Key32, Nullable, PhraseKeys } from '../../../shared/protocol.js';
import { ownAccount, rolesOf } from '../../../domain/accounts.js';
import { claimPrefix, releasePrefix } from '../../../domain/phrases.js';
import { hashKey, keyMatches } from '../../../domain/secrets.js';
import { openSessions, revokeSession } from '../../auth/sessions.js';
import { SessionView, sessionView } from '../../../domain/sessions.js';
import { defineOperation } from '../../pipeline/operation.js';
import type { Member } from '../../pipeline/principal.js';
import type { Tx } from '../../../store/database.js';
import { removeAccounts } from '../../../domain/account-removal.js';

/** The member's account if `keys` are its current passphrase's; PASSPHRASE_WRONG otherwise. */
async function accountWithPassphrase(tx: Tx, member: Member, keys: { prefixId: string; authKey: string }) {
  const account = await ownAccount(tx, member);
  if (account.prefix_id !== keys.prefixId || !keyMatches(keys.authKey, account.auth_hash)) throw new IlotError('PASSPHRASE_WRONG');
  return account;
}

/** The member's own account: kind, partition, quotas, lifetime, roles. */
export const showAccount = defineOperation({
  name: 'account.show',
  summary: 'Show this account',
  access: { plane: 'member' },
  effect: 'read',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({
    id: Type.String(),
    roles: Type.Array(Type.String()),
    kind: Nullable(Type.Union([Type.Literal('O'), Type.Literal('A')])),
    partitionId: Nullable(Type.String()),
    quotas: Nullable(AccountQuotas()),
    giftCents: Type.Integer(),
    createdAt: Type.Integer(),
    expiresAt: Nullable(Type.Integer()),
  }),
  async run(_input, { tx, member }) {
    const a = await ownAccount(tx, member);
    return {
      id: a.id,
      roles: rolesOf(a.roles),
      kind: a.kind,
      partitionId: a.partition_id,
      quotas: a.quota_documents === null ? null : { documents: a.quota_documents, volumeBytes: a.quota_volume_bytes ?? 0 },
      giftCents: a.gift_cents ?? 0,
      createdAt: a.created_at,
      expiresAt: a.expires_at,
    };
  },
});

/**
 * Changes the passphrase, given the current one: only the account key's wrapping changes (the
 * client re-wraps it under the new wrap key). Open sessions continue; the old passphrase no longer
 * signs in. The new prefix must be free in the space, unless it is the account's own.
 */
export const changePassphrase = defineOperation({
  name: 'account.changePassphrase',
  summary: 'Change the passphrase',
  access: { plane: 'member' },
  effect: 'write',
  audit: true,
  checksCredentials: true,
  input: Type.Object(
    {
      current: PhraseKeys('keys of the current passphrase'),
      next: Type.Object(
        { prefixId: Key32(), authKey: Key32(), wrappedAccountKey: Bytes(200, 'account key wrapped under the new wrap key') },
        { additionalProperties: false, description: 'keys of the new passphrase' },
      ),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ ok: Type.Boolean() }),
  async run(input, { tx, member }) {
    const account = await accountWithPassphrase(tx, member, input.current);
    if (input.next.prefixId !== account.prefix_id) {
      await releasePrefix(tx, member.spaceId, account.prefix_id);
      await claimPrefix(tx, member.spaceId, input.next.prefixId, 'passphrase', account.id);
    }
    await tx
      .updateTable('accounts')
      .set({ prefix_id: input.next.prefixId, auth_hash: hashKey(input.next.authKey), wrapped_account_key: input.next.wrappedAccountKey })
      .where('space_id', '=', member.spaceId)
      .where('id', '=', account.id)
      .execute();
    return { ok: true };
  },
});

/**
 * Deletes the member's account, given its passphrase, once it has no secondary avatar left (the
 * treasurer's cannot be deleted). The account, its primary avatar, its phrases and its sessions go
 * at once; its notes, files and the contacts' side are purged later by the task engine.
 */
export const deleteAccount = defineOperation({
  name: 'account.delete',
  summary: 'Delete this account',
  access: { plane: 'member' },
  effect: 'write',
  audit: true,
  checksCredentials: true,
  input: Type.Object({ passphrase: PhraseKeys('keys of the current passphrase') }, { additionalProperties: false }),
  output: Type.Object({ ok: Type.Boolean() }),
  async run(input, { tx, member, now, describe, notify }) {
    const account = await accountWithPassphrase(tx, member, input.passphrase);
    describe(account.id);
    if (rolesOf(account.roles).includes('treasurer')) throw new IlotError('TREASURER_UNDELETABLE');
    const secondary = await tx.selectFrom('avatars').select('id').where('space_id', '=', member.spaceId).where('account_id', '=', account.id).where('is_primary', '<>', 1).executeTakeFirst();
    if (secondary) throw new IlotError('AVATARS_REMAIN');
    await removeAccounts(tx, [account], now);
    notify({ spaceId: member.spaceId, endedAccount: account.id });
    return { ok: true };
  },
});

/** The member's open sessions, newest first. */
export const listAccountSessions = defineOperation({
  name: 'account.sessions.list',
  summary: "List this account's open sessions",
  access: { plane: 'member' },
  effect: 'read',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({ sessions: Type.Array(SessionView) }),
  async run(_input, { tx, member, now }) {
    const rows = await openSessions(tx, member.spaceId, now, member.accountId);
    return { sessions: rows.map((r) => sessionView(r, member.sessionId)) };
  },
});

/** Ends one of the member's own sessions. */
export const revokeAccountSession = defineOperation({
  name: 'account.sessions.revoke',
  summary: "End one of this account's sessions",
  access: { plane: 'member' },
  effect: 'session',
  input: Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{22}$' }) }, { additionalProperties: false }),
  output: Type.Object({ ok: Type.Boolean() }),
  async run(input, { tx, member, now, notify }) {
    if (!(await revokeSession(tx, member.spaceId, input.id, now, member.accountId))) throw new IlotError('SESSION_NOT_FOUND');
    notify({ spaceId: member.spaceId, endedSession: input.id });
    return { ok: true };
  },
});
