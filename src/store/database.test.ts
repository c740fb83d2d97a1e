import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEngines, tempDir } from '../../test/support/engines.js';
import { IlotError } from '../shared/errors.js';
import { DatabaseUnreachableError, openStore, type Store } from './database.js';
import { migrateUp } from './migrator.js';

describeEngines('store', (engine) => {
  let store: Store;
  let url: string;
  beforeAll(async () => {
    url = await engine.freshUrl();
    store = await openStore({ url, busyTimeoutMs: 30 });
    await migrateUp(store);
  });
  afterAll(() => store.close());

  const spaceCount = async () => Number((await sql<{ n: number }>`select count(*) as n from spaces`.execute(store.db)).rows[0]!.n);

  it('commits a transaction as a whole', async () => {
    await store.transaction(async (tx) => {
      await tx.insertInto('spaces').values({ id: 20, org_code: 'commit', created_at: 1 }).execute();
      await tx.insertInto('spaces').values({ id: 21, org_code: 'commit2', created_at: 1 }).execute();
    });
    expect(await spaceCount()).toBe(3);
  });

  it('rolls a failed transaction back as a whole', async () => {
    const before = await spaceCount();
    await expect(
      store.transaction(async (tx) => {
        await tx.insertInto('spaces').values({ id: 22, org_code: 'rolled', created_at: 1 }).execute();
        await tx.insertInto('spaces').values({ id: 23, org_code: 'rolled', created_at: 1 }).execute(); // unique violation
      }),
    ).rejects.toThrow();
    expect(await spaceCount()).toBe(before);
  });

  it('returns 64-bit integers as numbers', async () => {
    await store.transaction((tx) =>
      tx.insertInto('spaces').values({ id: 24, org_code: 'bigint', created_at: 1_795_000_000_000 }).execute(),
    );
    const row = await store.db.selectFrom('spaces').select('created_at').where('id', '=', 24).executeTakeFirstOrThrow();
    expect(row.created_at).toBe(1_795_000_000_000);
  });

  it('turns the foreign keys on', async () => {
    await expect(
      store.transaction((tx) =>
        tx
          .insertInto('audit_entries')
          .values({
            space_id: 77,
            seq: 1,
            at: 1,
            request_id: 'r',
            actor: 'a',
            role: 'r',
            action: 'a',
            target: null,
            details: null,
            address: null,
            user_agent: null,
            result: 'ok',
            error_code: null,
          })
          .execute(),
      ),
    ).rejects.toThrow(/foreign key/i);
  });

  it('gives up with DB_BUSY when the conflict outlasts its attempts', async () => {
    if (engine.name === 'sqlite') {
      const file = store.description.slice('sqlite:'.length);
      const holder = spawn(
        process.execPath,
        [
          '-e',
          `const D = require('better-sqlite3'); const d = new D(${JSON.stringify(file)}); d.exec('begin immediate'); console.log('locked'); setInterval(() => {}, 1000);`,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      await once(holder.stdout, 'data');
      try {
        const error = await store.transaction(async () => undefined, { attempts: 3 }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(IlotError);
        expect((error as IlotError).code).toBe('DB_BUSY');
      } finally {
        holder.kill();
      }
    } else {
      // Another client holds a row lock longer than lock_timeout (the busy timeout) on every attempt.
      const holder = new pg.Client({ connectionString: url });
      await holder.connect();
      await holder.query('begin');
      await holder.query('select * from spaces where id = 0 for update');
      let attempts = 0;
      try {
        const error = await store
          .transaction(
            async (tx) => {
              attempts++;
              await sql`select * from spaces where id = 0 for update`.execute(tx);
            },
            { attempts: 3 },
          )
          .catch((e: unknown) => e);
        expect((error as IlotError).code).toBe('DB_BUSY');
        expect(attempts).toBe(3);
      } finally {
        await holder.end();
      }
    }
  });

  it('does not retry an error that is not a conflict', async () => {
    let attempts = 0;
    await expect(
      store.transaction(async () => {
        attempts++;
        throw new Error('plain failure');
      }),
    ).rejects.toThrow('plain failure');
    expect(attempts).toBe(1);
  });
});

describe('opening an unreachable database', () => {
  it('names the PostgreSQL server and why, without the password', async () => {
    const error = await openStore({ url: 'postgres://ilot:s3cret@127.0.0.1:1/ilot' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnreachableError);
    expect((error as Error).message).toMatch(/^Cannot reach the database postgres:\/\/ilot:\*\*\*@127\.0\.0\.1:1\/ilot: .*ECONNREFUSED/);
    expect((error as Error).message).not.toContain('s3cret');
  });

  it('names a SQLite file that cannot be created', async () => {
    const blocker = join(tempDir(), 'a-file');
    writeFileSync(blocker, '');
    const error = await openStore({ url: `sqlite:${blocker}/ilot.db` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnreachableError);
    expect((error as Error).message).toMatch(/^Cannot reach the database sqlite:.*a-file\/ilot\.db: .*(EEXIST|ENOTDIR)/);
  });
});
