import type { TaskKind } from '../task-kind.js';
import { dailyBackup } from './backup.js';
import { sendMail } from './mail.js';
import { watchQuotas } from './quota-watch.js';
import { chargeCosts } from './costs.js';
import { databaseMaintenance } from './maintenance.js';
import { fleetReaper } from './fleet-reaper.js';
import { expireAccounts, expireAvatars, expireSponsorships, forgetClosedSpaces, housekeeping, removeStaleUploads } from './daily.js';
import { purgeAccount, purgeAvatar, purgeFile, purgeGroup, purgeSpace } from './purges.js';
import { hostlessGroups } from './hostless-groups.js';
import { auditRetention, monthlyStatistics, purgeTombstones } from './records.js';

/** Every kind of task the engine knows. */
export const taskKinds: TaskKind[] = [
  purgeAvatar,
  purgeAccount,
  purgeSpace,
  purgeFile,
  purgeGroup,
  expireAccounts,
  expireAvatars,
  expireSponsorships,
  removeStaleUploads,
  forgetClosedSpaces,
  auditRetention,
  monthlyStatistics,
  purgeTombstones,
  housekeeping,
  dailyBackup,
  sendMail,
  watchQuotas,
  chargeCosts,
  databaseMaintenance,
  hostlessGroups,
  fleetReaper,
];
