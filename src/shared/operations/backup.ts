import { Type } from '@sinclair/typebox';
import { Nullable } from '../protocol.js';
import { defineContract } from './contract.js';

// Contracts of the backup operations (see contract.ts): operators watch the site's backups.

/** One check of a backup's verification, as recorded beside it. */
const VerificationCheck = Type.Object({ check: Type.String(), ok: Type.Boolean(), detail: Type.String() });

/** A backup of backup.dir: what its manifest says, and how its last verification ended. */
export const BackupView = Type.Object({
  name: Type.String(),
  /** Why the manifest cannot be read (the backup cannot be counted on); null when it can. */
  problem: Nullable(Type.String()),
  manifest: Nullable(
    Type.Object({
      createdAt: Type.Integer(),
      label: Type.String(),
      engine: Type.String(),
      ilotVersion: Type.String(),
      databaseBytes: Type.Integer(),
      files: Type.Object({ count: Type.Integer(), bytes: Type.Integer() }),
      rows: Type.Integer({ description: 'rows of every table together' }),
    }),
  ),
  verification: Nullable(Type.Object({ at: Type.Integer(), ok: Type.Boolean(), checks: Type.Array(VerificationCheck) })),
  good: Type.Boolean({ description: 'complete, and verified or not verified at all' }),
});

export const listBackups = defineContract({
  name: 'backup.list',
  summary: 'List the backups of backup.dir with their manifest and verification',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({
    configured: Type.Boolean({ description: 'false: backup.dir is not set, and there are no backups' }),
    backups: Type.Array(BackupView, { description: 'newest first' }),
  }),
});
