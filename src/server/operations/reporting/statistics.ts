import * as contracts from '../../../shared/operations/reporting.js';
import { checkMonthRange, statisticsPage } from '../../../domain/statistics.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Months a screen is given at most: more than any space has lived (a CSV export streams them all). */
const screenMonths = 1200;

/** The treasurer (whoever holds `stats.read`): the space's monthly figures and its partitions'. */
export const listStatistics = defineOperation({
  ...contracts.listStatistics,
  access: { plane: 'admin', permission: 'stats.read' },
  effect: 'read',
  async run(input, { tx, spaceId }) {
    checkMonthRange(input);
    return { months: await statisticsPage(tx, spaceId!, input, { limit: screenMonths }) };
  },
});

/** Authorizes a CSV export of the statistics (the export route streams it, see http/csv-routes.ts). */
export const exportStatistics = defineOperation({
  ...contracts.exportStatistics,
  access: { plane: 'admin', permission: 'stats.read' },
  effect: 'read',
  async run(input, { tx, spaceId }) {
    checkMonthRange(input);
    const space = await tx.selectFrom('spaces').select('org_code').where('id', '=', spaceId!).executeTakeFirstOrThrow();
    return { spaceId: spaceId!, orgCode: space.org_code };
  },
});
