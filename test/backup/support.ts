import { rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { ilot, type Run } from '../support/cli.js';
import { tempDir, type TestEngine } from '../support/engines.js';

/** A site's places on disk and in the database, and `ilot …` run against them. */
export interface SiteFiles {
  databaseUrl: string;
  filesDir: string;
  backupDir: string;
  env: Record<string, string>;
  run(args: string[], extraEnv?: Record<string, string>): Promise<Run>;
}

export async function siteFiles(engine: TestEngine): Promise<SiteFiles> {
  const dir = tempDir();
  const databaseUrl = await engine.freshUrl();
  const filesDir = join(dir, 'files');
  const backupDir = join(dir, 'backups');
  const env = { ILOT_DATABASE_URL: databaseUrl, ILOT_FILES_DIR: filesDir, ILOT_BACKUP_DIR: backupDir, ILOT_LISTEN_PORT: '0' };
  return { databaseUrl, filesDir, backupDir, env, run: (args, extraEnv = {}) => ilot(args, { ...env, ...extraEnv }) };
}

/** The name of the backup `ilot backup create` reported. */
export function createdName(run: Run): string {
  const name = /^backup (\S+) written/m.exec(run.stdout)?.[1];
  if (!name) throw new Error(`no backup written: ${run.stdout}\n${run.stderr}`);
  return name;
}

/** Destroys a site's data for good: its database (SQLite file, or PostgreSQL schema) and its files. */
export async function destroySite(site: SiteFiles): Promise<void> {
  if (site.databaseUrl.startsWith('sqlite:')) {
    const file = site.databaseUrl.slice('sqlite:'.length);
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  } else {
    const url = new URL(site.databaseUrl);
    const schema = /search_path=(\w+)/.exec(url.searchParams.get('options') ?? '')![1]!;
    url.searchParams.delete('options');
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    await client.query(`drop schema ${schema} cascade`);
    // The suite's cleanup drops it again at the end.
    await client.query(`create schema ${schema}`);
    await client.end();
  }
  rmSync(site.filesDir, { recursive: true, force: true });
}
