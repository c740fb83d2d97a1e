import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/sessions.js';
import { avatarMaterial } from '../../../domain/avatars.js';
import { replaceKeyring } from '../../../domain/keyring.js';
import { settleConsumption } from '../../../domain/costs.js';
import { saveSessionAvatars } from '../../auth/sessions.js';
import { defineOperation } from '../../pipeline/operation.js';
import { monthOf } from '../../tasks/schedule.js';
import { applyPresentation, checkProofs, checkUsageKey } from './presentation.js';

/**
 * Presents the session's secondary avatars and its account's usage key (see presentation.ts): each
 * proof is unmasked with this session's token. The session then acts as its primary avatar and
 * these (legacy ones included), and reads its account's usage with the key: both kept only sealed
 * under its token. Keyring changes (legacy avatars adopted, gone ones forgotten) wait while
 * the space is frozen or read-only, like every write.
 */
export const presentAvatars = defineOperation({
  ...contracts.presentAvatars,
  access: { plane: 'member' },
  effect: 'session',
  async run(input, { tx, member, space, restrictions, now, notify, config }) {
    const ids = input.avatars.map((a) => a.id);
    const forgotten = new Set(input.keyring?.forgotten);
    const rows =
      ids.length === 0
        ? []
        : await tx
            .selectFrom('avatars')
            .select(['id', 'is_primary', 'account_id', 'proof_hash', 'expires_at', 'name', 'ecdh_public_key', 'signing_public_key'])
            .select(['wrapped_private_keys', 'wrapped_card_key'])
            .where('space_id', '=', member.spaceId)
            .where('id', 'in', ids)
            .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    checkProofs(member.accountId, member.tokenSecret, input.avatars, byId);
    const account = await tx
      .selectFrom('accounts')
      .select('usage_key_hash')
      .where('space_id', '=', member.spaceId)
      .where('id', '=', member.accountId)
      .executeTakeFirstOrThrow();
    await checkUsageKey(tx, member.spaceId, member.accountId, input.usageKey, account.usage_key_hash);
    const writable = space !== null && !space.frozen && !space.read_only;
    let keyringRevision: number | undefined;
    if (input.keyring && writable) {
      for (const { id, proofHash } of input.keyring.adopted) {
        const adopted = await tx
          .updateTable('avatars')
          .set({ account_id: null, proof_hash: proofHash })
          .where('space_id', '=', member.spaceId)
          .where('id', '=', id)
          .where('account_id', '=', member.accountId)
          .where('is_primary', '=', 0)
          .executeTakeFirst();
        if (Number(adopted.numUpdatedRows) !== 1) throw new IlotError('AVATAR_NOT_FOUND', undefined, { avatarId: id });
      }
      if (forgotten.size > 0) {
        const alive = await tx
          .selectFrom('avatars')
          .select('id')
          .where('space_id', '=', member.spaceId)
          .where('id', 'in', [...forgotten])
          .execute();
        // Only an avatar that is gone may leave the count: one still alive is deleted with avatar.delete.
        if (alive.length > 0) throw new IlotError('AVATAR_PROOF_INVALID', undefined, { avatarId: alive[0]!.id });
      }
      keyringRevision = await replaceKeyring(tx, member, input.keyring, -forgotten.size);
      notify({ spaceId: member.spaceId, subtree: member.accountId, version: keyringRevision });
    }
    // The session acts as what it held (its primary avatar, legacy ones) and what it presented.
    const avatars = [...new Set([...member.avatars, ...ids])].filter((id) => !forgotten.has(id));
    const presented = { ...member, usageKey: input.usageKey };
    await saveSessionAvatars(tx, presented, avatars);
    await applyPresentation(tx, presented, rows, space, restrictions, now);
    await settleConsumption(tx, presented, monthOf(now, config.tasks.timeZone).month, config.costs);
    notify({ spaceId: member.spaceId, presentedSession: member.sessionId });
    return { avatars: ids.map((id) => avatarMaterial(byId.get(id)!)), keyringRevision: keyringRevision ?? null };
  },
});
