import * as contracts from '../../../shared/operations/audit.js';
import { auditPage } from '../../../domain/audit-log.js';
import { siteSpaceId } from '../../../store/schema.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Operators: the site's audit log, newest first, filtered, a page at a time (cursor = the last seq seen). */
export const querySiteAudit = defineOperation({
  ...contracts.querySiteAudit,
  access: { plane: 'operator' },
  effect: 'read',
  run: (input, { tx }) => auditPage(tx, siteSpaceId, input),
});

/** The treasurer (whoever holds `audit.read`): the space's audit log, as operators see the site's. */
export const querySpaceAudit = defineOperation({
  ...contracts.querySpaceAudit,
  access: { plane: 'admin', permission: 'audit.read' },
  effect: 'read',
  run: (input, { tx, spaceId }) => auditPage(tx, spaceId!, input),
});
