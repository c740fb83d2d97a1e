import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, inject } from 'vitest';
import type { Engine } from '../../src/store/database.js';

export interface TestEngine {
  name: Engine;
  /** A database URL no other test uses: a new SQLite file, or a new PostgreSQL schema. */
  freshUrl(): Promise<string>;
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A directory removed after the test file. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ilot-test-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** SQLite: always there. */
export const sqliteEngine: TestEngine = {
  name: 'sqlite',
  freshUrl: async () => `sqlite:${join(tempDir(), 'ilot.db')}`,
};

function postgres(runUrl: string): TestEngine {
  return {
    name: 'postgres',
    async freshUrl() {
      const schema = `t_${randomBytes(6).toString('hex')}`;
      const client = new pg.Client({ connectionString: runUrl });
      await client.connect();
      await client.query(`create schema ${schema}`);
      await client.end();
      cleanups.push(async () => {
        const c = new pg.Client({ connectionString: runUrl });
        await c.connect();
        await c.query(`drop schema ${schema} cascade`);
        await c.end();
      });
      const url = new URL(runUrl);
      url.searchParams.set('options', `-c search_path=${schema}`);
      return url.toString();
    },
  };
}

const postgresMissing = 'PostgreSQL only runs with ILOT_TEST_PG set';

/** Declares `body` as a suite "<title> on <engine>" for each engine (see `describePostgres`). */
export function describeEngines(title: string, body: (engine: TestEngine) => void): void {
  describe(`${title} on sqlite`, () => body(sqliteEngine));
  describePostgres(title, body);
}

/**
 * Declares `body` as the suite "<title> on postgres". Without ILOT_TEST_PG it is declared as skipped,
 * with the reason in its title, so that the output shows what did not run.
 */
export function describePostgres(title: string, body: (engine: TestEngine) => void): void {
  const pgUrl = inject('pgUrl');
  if (pgUrl) describe(`${title} on postgres`, () => body(postgres(pgUrl)));
  // Collected but never run: each of its tests is listed as skipped.
  else describe.skip(`${title} on postgres (skipped: ${postgresMissing})`, () => body(absentPostgres));
}

const absentPostgres: TestEngine = {
  name: 'postgres',
  freshUrl: () => Promise.reject(new Error(postgresMissing)),
};
