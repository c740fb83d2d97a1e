import type { Config } from '../../config/schema.js';
import { automaticMinimalAccess } from '../../domain/costs.js';
import type { AutomaticSource } from '../../domain/restrictions.js';
import { monthOf } from '../tasks/schedule.js';

/**
 * The sources of automatic minimal access at a moment: an O account whose average consumption of
 * the last ended months exceeds its limit, an A account whose balance is negative
 * (domain/costs.ts). The month is the site's (its tasks' time zone), as the daily charge counts it.
 */
export function automaticSourcesAt(now: number, config: Config): AutomaticSource[] {
  const at = { currentMonth: monthOf(now, config.tasks.timeZone).month, averageMonths: config.costs.averageMonths };
  return [(tx, spaceId, accountIds) => automaticMinimalAccess(tx, spaceId, accountIds, at)];
}
