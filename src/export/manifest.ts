import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ilotVersion } from '../config/version.js';
import { compareVersions } from '../backup/manifest.js';
import { IlotError } from '../shared/errors.js';
import { migrations } from '../store/migrations/index.js';
import { archiveCorrupt } from './format.js';

const Count = Type.Integer({ minimum: 0 });

/** The archive's first record: what made it and which space it holds. */
export const HeaderSchema = Type.Object({
  format: Type.Literal(1),
  ilotVersion: Type.String({ maxLength: 64 }),
  createdAt: Type.Integer(),
  engine: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
  /** Migrations applied to the source database: an archive's rows have the shape of its last one. */
  migrations: Type.Object({ applied: Count, last: Type.Union([Type.String(), Type.Null()]) }),
  orgCode: Type.String({ pattern: '^[a-z0-9]{4,12}$' }),
  spaceNumber: Type.Integer({ minimum: 10, maximum: 89 }),
  /** The org code and cost members derive their keys with (see domain/key-derivation.ts). */
  keyDerivation: Type.Object({
    orgCode: Type.String({ pattern: '^[a-z0-9]{4,12}$' }),
    argon2: Type.Object({ memoryKib: Count, iterations: Count, parallelism: Count }),
  }),
  /** Exported while the space was not frozen (--force): rows and files may disagree a little. */
  forced: Type.Boolean(),
});

/** The archive's last record: what it holds, to be found again on import. */
export const ManifestSchema = Type.Object({
  rows: Type.Record(Type.String(), Count),
  files: Type.Object({ count: Count, bytes: Count }),
  /** SHA-256 of the archive before the manifest record, its bodies left out (their own checksums stand for them). */
  archiveSha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
});

export type Header = Static<typeof HeaderSchema>;
export type Manifest = Static<typeof ManifestSchema>;

/** Parses a header or manifest body; ARCHIVE_CORRUPT when it is not one Ilot writes. */
export function parseBody<S extends TSchema>(schema: S, body: Buffer, what: string): Static<S> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw archiveCorrupt(`its ${what} is not JSON`);
  }
  if (!Value.Check(schema, parsed)) throw archiveCorrupt(`its ${what} is not one Ilot writes`);
  return parsed;
}

/**
 * Refuses an archive whose rows this site cannot take as they are: made by a newer Ilot, or at
 * another migration level (the source site is to be brought to the same version first).
 */
export function refuseUnusable(header: Header): void {
  const level = migrations.at(-1)?.name ?? null;
  const known = new Set(migrations.map((m) => m.name));
  if (compareVersions(header.ilotVersion, ilotVersion) > 0 || (header.migrations.last !== null && !known.has(header.migrations.last)))
    throw new IlotError(
      'ARCHIVE_TOO_NEW',
      `This archive was made by Ilot ${header.ilotVersion} (migrations up to ${header.migrations.last}); this is Ilot ${ilotVersion}: update this site first.`,
    );
  if (header.migrations.last !== level)
    throw new IlotError(
      'ARCHIVE_TOO_OLD',
      `This archive was made by Ilot ${header.ilotVersion} (migrations up to ${header.migrations.last}); this site is at ${level}: update the source site to Ilot ${ilotVersion}, then export again.`,
    );
}
