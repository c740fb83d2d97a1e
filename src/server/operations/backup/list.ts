import { resolve } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import * as contracts from '../../../shared/operations/backup.js';
import { isGood, listBackups as backupsIn } from '../../../backup/status.js';
import { defineOperation } from '../../pipeline/operation.js';

const Verification = contracts.BackupView.properties.verification.anyOf[0];
/** A verification.json that is not one Ilot writes: the backup cannot be counted on. */
const unreadableVerification = {
  at: 0,
  ok: false,
  checks: [{ check: 'record', ok: false, detail: 'verification.json is altered or unreadable' }],
};

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
        const readable = backup.verification === null || Value.Check(Verification, backup.verification);
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
          verification: readable ? backup.verification : unreadableVerification,
          good: readable && isGood(backup),
        };
      }),
    };
  },
});
