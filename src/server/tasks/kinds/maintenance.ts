import type { TaskKind } from '../task-kind.js';

/**
 * The database's daily upkeep, through the store (each engine does what suits it: statistics,
 * vacuum or checkpoint). It takes no lock that other transactions would wait for; what another
 * transaction holds is done the next day.
 */
export const databaseMaintenance: TaskKind = {
  kind: 'db.maintenance',
  daily: true,
  summary: 'Refresh the planner statistics and give back space (ANALYZE/VACUUM, optimize and checkpoint)',
  async run({ store, log }) {
    const bytesBefore = await store.bytes();
    const report = await store.maintain();
    log.info({ ...report, bytesBefore, bytesAfter: await store.bytes() }, 'database maintained');
  },
};
