import { createHmac } from 'node:crypto';
import { proofMaskLabel, secretOfProof } from '../../../shared/crypto/avatar-proof.js';
import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/sessions.js';
import { avatarMaterial } from '../../../domain/avatars.js';
import { replaceKeyring } from '../../../domain/keyring.js';
import { lifetimeEnd } from '../../../domain/lifetime.js';
import { keyMatches } from '../../../domain/secrets.js';
import { saveSessionAvatars } from '../../auth/sessions.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * Presents the session's secondary avatars. Each proof is unmasked with this session's token and
 * its secret's hash compared, in constant time, with the avatar's; one that fails refuses the whole
 * presentation. The session then acts as its primary avatar and these (legacy ones included), a set
 * kept only sealed under its token; each presented avatar's lifetime is extended as a sign-in
 * extends its account's. Keyring changes (legacy avatars adopted, gone ones forgotten) wait while
 * the space is frozen or read-only, like every write.
 */
export const presentAvatars = defineOperation({
  ...contracts.presentAvatars,
  access: { plane: 'member' },
  effect: 'session',
  async run(input, { tx, member, space, now, notify }) {
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
    for (const { id, proof } of input.avatars) {
      const row = byId.get(id);
      if (!row) throw new IlotError('AVATAR_NOT_FOUND', undefined, { avatarId: id });
      // A legacy avatar of this account is the session's by its link until it is adopted.
      if (row.account_id === member.accountId) continue;
      const mask = createHmac('sha256', member.tokenSecret).update(proofMaskLabel(id)).digest();
      if (!keyMatches(secretOfProof(proof, mask), row.proof_hash ?? undefined))
        throw new IlotError('AVATAR_PROOF_INVALID', undefined, { avatarId: id });
    }
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
    await saveSessionAvatars(tx, member, avatars);
    if (writable) {
      // Month granularity: the same end for every avatar extended this month, whoever's it is; an
      // avatar already extended this month is not written again.
      const end = lifetimeEnd(now, space.lifetime_months);
      const extended = rows.filter((r) => r.expires_at !== null && Number(r.expires_at) < end).map((r) => r.id);
      if (extended.length > 0)
        await tx
          .updateTable('avatars')
          .set({ expires_at: end })
          .where('space_id', '=', member.spaceId)
          .where('id', 'in', extended)
          .execute();
    }
    notify({ spaceId: member.spaceId, presentedSession: member.sessionId });
    return { avatars: ids.map((id) => avatarMaterial(byId.get(id)!)), keyringRevision: keyringRevision ?? null };
  },
});
