import * as contracts from '../../../shared/operations/audit.js';
import { checkAuditFilter } from '../../../domain/audit-log.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * Authorizes a CSV export of the space's audit log (the export route streams it, see
 * http/csv-routes.ts) and fixes its end: the last entry now, so that the export is exactly the rows
 * the filters matched when it was asked, whatever is appended while it streams.
 */
export const exportSpaceAudit = defineOperation({
  ...contracts.exportSpaceAudit,
  access: { plane: 'admin', permission: 'audit.read' },
  effect: 'read',
  async run(input, { tx, spaceId }) {
    checkAuditFilter(input);
    const space = await tx.selectFrom('spaces').select('org_code').where('id', '=', spaceId!).executeTakeFirstOrThrow();
    const last = await tx
      .selectFrom('audit_entries')
      .select('seq')
      .where('space_id', '=', spaceId!)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return { spaceId: spaceId!, orgCode: space.org_code, upTo: Number(last?.seq ?? 0) };
  },
});
