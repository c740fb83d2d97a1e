import { resolve } from 'node:path';
import * as contracts from '../../../shared/operations/backup.js';
import { isGood, listBackups as backupsIn } from '../../../backup/status.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Operators: the backups of backup.dir, read from their folders (nothing in the database). */
export const listBackups = defineOperation({
  ...contracts.listBackups,
  access: { plane: 'operator' },
  effect: 'none',
  async run(_input, { config }) {
    if (!config.backup.dir) return { configured: false, backups: [] };
    const backups = await backupsIn(resolve(config.backup.dir));
    return {
      configured: true,
      backups: backups.map((backup) => {
        const m = backup.manifest;
        return {
          name: backup.name,
          problem: backup.problem,
          manifest: m && {
            createdAt: m.createdAt,
            label: m.label,
            engine: m.engine,
            ilotVersion: m.ilotVersion,
            databaseBytes: m.database.bytes,
            files: m.files,
            rows: Object.values(m.rows).reduce((sum, n) => sum + n, 0),
          },
          verification: backup.verification,
          good: isGood(backup),
        };
      }),
    };
  },
});
