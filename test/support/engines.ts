import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
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

const sqlite: TestEngine = {
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

/** SQLite always; PostgreSQL too when the run has ILOT_TEST_PG. Use with describe.each. */
export function testEngines(): TestEngine[] {
  const pgUrl = inject('pgUrl');
  return pgUrl ? [sqlite, postgres(pgUrl)] : [sqlite];
}
