import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/costs.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * An A account sets its own quotas (and pays for them), each within the space's. Lowering them
 * below what it uses is allowed: it just blocks growth.
 */
export const setOwnQuotas = defineOperation({
  ...contracts.setOwnQuotas,
  access: { plane: 'member' },
  effect: 'write',
  async run({ quotas }, { tx, member }) {
    if (member.accountKind !== 'A') throw new IlotError('ACCOUNT_NOT_A');
    const space = await tx
      .selectFrom('spaces')
      .select(['quota_documents', 'quota_volume_bytes'])
      .where('id', '=', member.spaceId)
      .executeTakeFirstOrThrow();
    const above = (wanted: number, allowed: number | string | null) => allowed !== null && wanted > Number(allowed);
    if (above(quotas.documents, space.quota_documents) || above(quotas.volumeBytes, space.quota_volume_bytes))
      throw new IlotError('QUOTAS_ABOVE_SPACE');
    await tx
      .updateTable('accounts')
      .set({ quota_documents: quotas.documents, quota_volume_bytes: quotas.volumeBytes })
      .where('space_id', '=', member.spaceId)
      .where('id', '=', member.accountId)
      .execute();
    return { ok: true };
  },
});
