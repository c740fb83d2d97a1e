import * as contracts from '../../../shared/operations/reporting.js';
import { licenceOf } from '../../../domain/licence.js';
import { IlotError } from '../../../shared/errors.js';
import type { Tx } from '../../../store/database.js';
import { defineOperation } from '../../pipeline/operation.js';

/** The dashboard of a space: its gauges now, and the warnings the daily quota watch reported and that still stand. */
async function dashboard(tx: Tx, spaceId: number) {
  const warnings = await tx
    .selectFrom('quota_warnings')
    .selectAll()
    .where('space_id', '=', spaceId)
    .orderBy('scope')
    .orderBy('measure')
    .execute();
  return {
    ...(await licenceOf(tx, spaceId)),
    warnings: warnings.map((w) => ({
      partitionId: w.scope === '' ? null : w.scope,
      measure: w.measure,
      level: Number(w.level),
      used: Number(w.used),
      quota: Number(w.quota),
      reportedAt: Number(w.reported_at),
    })),
  };
}

/** The treasurer (whoever holds `licence.read`): the space's licence dashboard. */
export const showLicence = defineOperation({
  ...contracts.showLicence,
  access: { plane: 'admin', permission: 'licence.read' },
  effect: 'read',
  run: (_input, { tx, spaceId }) => dashboard(tx, spaceId!),
});

/** Operators: a space's licence dashboard, as its treasurer sees it. */
export const showSpaceLicence = defineOperation({
  ...contracts.showSpaceLicence,
  access: { plane: 'operator' },
  effect: 'read',
  async run({ orgCode }, { tx }) {
    const space = await tx.selectFrom('spaces').select('id').where('org_code', '=', orgCode).executeTakeFirst();
    if (!space) throw new IlotError('SPACE_NOT_FOUND');
    return dashboard(tx, space.id);
  },
});
