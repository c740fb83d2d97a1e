import { secretOfProof } from '../../../shared/crypto/avatar-proof.js';
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
    const rows =
      ids.length === 0
        ? []
        : await tx
            .selectFrom('avatars')
            .select(['id', 'is_primary', 'account_id', 'proof_hash', 'name', 'ecdh_public_key', 'signing_public_key'])
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
      if (!keyMatches(await secretOfProof(member.tokenSecret, id, proof), row.proof_hash ?? undefined))
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
      const forgotten = [...new Set(input.keyring.forgotten)];
      if (forgotten.length > 0) {
        const alive = await tx
          .selectFrom('avatars')
          .select('id')
          .where('space_id', '=', member.spaceId)
          .where('id', 'in', forgotten)
          .execute();
        // Only an avatar that is gone may leave the count: one still alive is deleted with avatar.delete.
        if (alive.length > 0) throw new IlotError('AVATAR_PROOF_INVALID', undefined, { avatarId: alive[0]!.id });
      }
      keyringRevision = await replaceKeyring(tx, member, input.keyring, -forgotten.length);
      notify({ spaceId: member.spaceId, subtree: member.accountId, version: keyringRevision });
    }
    const presented = [...new Set(ids)];
    const primary = member.avatars[0]!;
    const legacy = await tx
      .selectFrom('avatars')
      .select('id')
      .where('space_id', '=', member.spaceId)
      .where('account_id', '=', member.accountId)
      .where('is_primary', '=', 0)
      .execute();
    const avatars = [primary, ...new Set([...legacy.map((l) => l.id), ...presented])];
    await saveSessionAvatars(tx, member, avatars);
    if (writable && avatars.length > 1) {
      // Month granularity: the same end for every avatar extended this month, whoever's it is.
      await tx
        .updateTable('avatars')
        .set({ expires_at: lifetimeEnd(now, space.lifetime_months) })
        .where('space_id', '=', member.spaceId)
        .where('id', 'in', avatars.slice(1))
        .where('expires_at', 'is not', null)
        .execute();
    }
    notify({ spaceId: member.spaceId, presentedSession: member.sessionId });
    return {
      avatars: presented.map((id) => avatarMaterial(byId.get(id)!)),
      keyringRevision: keyringRevision ?? (await currentRevision()),
    };

    async function currentRevision() {
      const row = await tx
        .selectFrom('accounts')
        .select('keyring_revision')
        .where('space_id', '=', member.spaceId)
        .where('id', '=', member.accountId)
        .executeTakeFirstOrThrow();
      return row.keyring_revision;
    }
  },
});
