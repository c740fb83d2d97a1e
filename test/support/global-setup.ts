import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { redactSecrets } from '../../src/shared/redact.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of this run's own PostgreSQL database, or null when ILOT_TEST_PG is not set. */
    pgUrl: string | null;
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

// With ILOT_TEST_PG set, every run creates a fresh database (each test file then works in its own
// schema of it) and drops it at the end. An unreachable server fails the run: never skip silently.
export default async function setup(project: TestProject) {
  const base = process.env.ILOT_TEST_PG;
  if (!base) {
    console.log('ILOT_TEST_PG is not set: the suites on PostgreSQL are skipped, only SQLite runs.');
    project.provide('pgUrl', null);
    return;
  }
  const name = `ilot_test_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: base, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`ILOT_TEST_PG is set but PostgreSQL at ${redactSecrets(base)} is unreachable: ${(error as Error).message}`, {
      cause: error,
    });
  }
  await admin.query(`create database ${name}`);
  await admin.end();
  project.provide('pgUrl', withDatabase(base, name));
  return async () => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    await client.query(`drop database if exists ${name} with (force)`);
    await client.end();
  };
}
