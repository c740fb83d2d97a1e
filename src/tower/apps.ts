import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import type { Tx } from '../store/database.js';
import { IlotError } from '../shared/errors.js';

// The catalog of apps (Ilot first) and their versions, each a release archive on the tower's disk
// with its SHA-256.

export async function appByName(tx: Tx, name: string) {
  const app = await tx.selectFrom('fleet_apps').selectAll().where('name', '=', name).executeTakeFirst();
  if (!app) throw new IlotError('FLEET_APP_NOT_FOUND', `There is no app "${name}" in the catalog.`);
  return app;
}

export async function requireVersion(tx: Tx, app: string, version: string): Promise<void> {
  const row = await tx
    .selectFrom('fleet_app_versions')
    .select('version')
    .where('app', '=', app)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw new IlotError('FLEET_VERSION_UNKNOWN', `The app "${app}" has no version "${version}" in the catalog.`);
}

/** The SHA-256 (hex) of a release archive; FLEET_RELEASE_MISSING when it cannot be read. */
export async function archiveSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch {
    throw new IlotError('FLEET_RELEASE_MISSING', undefined, { path });
  }
  return hash.digest('hex');
}

/** An app with its versions, as operators see it. */
export async function appView(tx: Tx, name: string) {
  const app = await appByName(tx, name);
  const versions = await tx.selectFrom('fleet_app_versions').selectAll().where('app', '=', name).orderBy('created_at').execute();
  return {
    name: app.name,
    kind: app.kind,
    command: app.command === null ? null : (JSON.parse(app.command) as string[]),
    versions: versions.map((v) => ({ version: v.version, sha256: v.sha256, archivePath: v.archive_path, createdAt: v.created_at })),
  };
}
