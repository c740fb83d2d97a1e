import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Config } from '../config/schema.js';
import type { DatabaseCopy } from './database-copy.js';
import { libpqTarget, pgTools, runPgProgram } from './pg-tools.js';
import { countRows } from './row-counts.js';
import { withSiteStore } from './site-store.js';

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

export async function serverMajor(db: Kysely<unknown>): Promise<number> {
  const { rows } = await sql<{ v: string }>`select current_setting('server_version_num') as v`.execute(db);
  return Math.floor(Number(rows[0]!.v) / 10_000);
}

const tools = async (config: Config, db: Kysely<unknown>) => pgTools(config, await serverMajor(db));

/** The same server and credentials, another database (and the URL's other options kept). */
function onDatabase(url: string, database: string, schema?: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  if (schema) parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}

/**
 * PostgreSQL: `pg_dump -Fc` of the site's schema. The dump runs in a snapshot exported by a
 * repeatable-read transaction, in which the rows are counted too: the counts are the dump's.
 */
export const postgresCopy: DatabaseCopy = {
  engine: 'postgres',
  fileName: 'database.pgdump',

  async snapshot(config, store, target) {
    const db = store.db as unknown as Kysely<unknown>;
    const { dump } = await tools(config, db);
    const { url, env } = libpqTarget(config.database.url);
    return db.connection().execute(async (connection) => {
      await sql`begin isolation level repeatable read read only`.execute(connection);
      try {
        const { rows } = await sql<{
          snapshot: string;
          schema: string;
        }>`select pg_export_snapshot() as snapshot, current_schema() as schema`.execute(connection);
        const { snapshot, schema } = rows[0]!;
        // No compression: the notes and files are ciphertext, which does not compress.
        const dumped = runPgProgram(
          dump.path,
          ['-Fc', '-Z', '0', `--snapshot=${snapshot}`, `--schema=${quoted(schema)}`, '-f', target, url],
          env,
        );
        const [counts] = await Promise.all([countRows(connection, 'postgres'), dumped]);
        return { rows: counts, schema };
      } finally {
        await sql`commit`.execute(connection);
      }
    });
  },

  async integrity(config, file) {
    const list = await withSiteStore(config, async (store) => {
      const { restore } = await tools(config, store.db as unknown as Kysely<unknown>);
      return runPgProgram(restore.path, ['--list', file]);
    });
    const entries = list.split('\n').filter((l) => l && !l.startsWith(';')).length;
    return `pg_restore reads the dump's table of contents (${entries} entries)`;
  },

  async scratch(config, file, manifest) {
    const database = `ilot_scratch_${randomBytes(6).toString('hex')}`;
    return withSiteStore(config, async (store) => {
      const db = store.db as unknown as Kysely<unknown>;
      const { restore } = await tools(config, db);
      await sql`create database ${sql.id(database)}`.execute(db);
      const remove = () =>
        withSiteStore(config, async (s) => void (await sql`drop database if exists ${sql.id(database)} with (force)`.execute(s.db)));
      try {
        const { url, env } = libpqTarget(onDatabase(config.database.url, database));
        await runPgProgram(restore.path, ['--exit-on-error', '--no-owner', '--no-privileges', '-d', url, file], env);
      } catch (error) {
        await remove();
        throw error;
      }
      return { url: onDatabase(config.database.url, database, manifest.schema ?? 'public'), remove };
    });
  },

  async restore(config, file, manifest) {
    const schema = manifest.schema ?? 'public';
    const aside = `${schema}_before_restore_${randomBytes(3).toString('hex')}`.slice(0, 63);
    await withSiteStore(config, async (store) => {
      const db = store.db as unknown as Kysely<unknown>;
      const { restore } = await tools(config, db);
      // The current schema is set aside whole (tables of a newer migration too), and put back if the restore fails.
      const { rows } = await sql`select 1 from pg_namespace where nspname = ${schema}`.execute(db);
      const present = rows.length > 0;
      if (present) await sql`alter schema ${sql.id(schema)} rename to ${sql.id(aside)}`.execute(db);
      try {
        const { url, env } = libpqTarget(config.database.url);
        await runPgProgram(
          restore.path,
          ['--single-transaction', '--exit-on-error', '--no-owner', '--no-privileges', '-d', url, file],
          env,
        );
      } catch (error) {
        if (present) {
          await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
          await sql`alter schema ${sql.id(aside)} rename to ${sql.id(schema)}`.execute(db);
        }
        throw error;
      }
      if (present) await sql`drop schema ${sql.id(aside)} cascade`.execute(db);
    });
  },

  describeRestore(config) {
    return `set the site's schema aside, pg_restore the dump into ${libpqTarget(config.database.url).url.replace(/\?.*$/, '')} in one transaction, then drop the old schema (put back if the restore fails)`;
  },
};
