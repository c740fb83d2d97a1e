import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { IlotError } from '../shared/errors.js';
import { manifestFile } from './layout.js';

const Part = Type.Object({
  file: Type.String({ pattern: '^[a-z.]+$' }),
  bytes: Type.Integer({ minimum: 0 }),
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
});

/** What a backup holds and how to check it: written last, once every part is on disk. */
export const ManifestSchema = Type.Object({
  format: Type.Literal(1),
  ilotVersion: Type.String(),
  createdAt: Type.Integer(),
  label: Type.Union([Type.Literal('daily'), Type.Literal('manual'), Type.Literal('pre-restore')]),
  engine: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
  /** Migrations applied to the database copied, and the last of them. */
  migrations: Type.Object({ applied: Type.Integer({ minimum: 0 }), last: Type.Union([Type.String(), Type.Null()]) }),
  /** PostgreSQL: the schema dumped (the site's tables), restored under the same name. */
  schema: Type.Union([Type.String(), Type.Null()]),
  database: Part,
  filesList: Part,
  files: Type.Object({ count: Type.Integer({ minimum: 0 }), bytes: Type.Integer({ minimum: 0 }) }),
  /** Rows of each table in the copy, which a test restore must find again. */
  rows: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
});

export type Manifest = Static<typeof ManifestSchema>;
export type PartRecord = Static<typeof Part>;

/** The manifest of a backup folder; BACKUP_NOT_FOUND when absent, BACKUP_CORRUPT when it is not one. */
export async function readManifest(folder: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(join(folder, manifestFile), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new IlotError('BACKUP_NOT_FOUND', `There is no backup at ${folder}.`);
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new IlotError('BACKUP_CORRUPT', `The manifest of ${folder} is not valid JSON: the backup is truncated or altered.`);
  }
  if (!Value.Check(ManifestSchema, parsed))
    throw new IlotError('BACKUP_CORRUPT', `The manifest of ${folder} is not one Ilot writes: the backup is altered or from another tool.`);
  return parsed;
}

export async function writeManifest(folder: string, manifest: Manifest): Promise<void> {
  await writeFile(join(folder, manifestFile), JSON.stringify(manifest, null, 2) + '\n', { flag: 'wx' });
}

/** -1, 0 or 1 as version `a` is older than, the same as, or newer than `b` (x.y.z). */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) =>
    v
      .split(/[.+-]/)
      .slice(0, 3)
      .map((p) => Number.parseInt(p, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return Math.sign(x[i]! - y[i]!);
  return 0;
}
