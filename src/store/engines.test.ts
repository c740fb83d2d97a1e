import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines, describePostgres, type TestEngine } from '../../test/support/engines.js';
import { waitFor } from '../../test/support/wait.js';
import { engineOf, lockRow, openStore, skipLocked, type Engine, type MessageChannel, type Store, type Tx } from './database.js';
import { migrateUp } from './migrator.js';

/** A promise with its resolve function, to hold a transaction open until the test lets it go. */
function gate<T = void>() {
  let open!: (value: T) => void;
  const opened = new Promise<T>((resolve) => (open = resolve));
  return { open, opened };
}

// Errors after which each engine runs the transaction again. SQLite's writers take turns, so a unique
// violation there is the caller's own; on PostgreSQL it is a concurrent transaction that took the key.
const retried: Record<Engine, string[]> = {
  sqlite: ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED'],
  postgres: ['23505', '40001', '40P01', '55P03'],
};

// Real errors of each kind, made by a statement in a transaction.
const provoked: { name: string; statement: (tx: Tx) => Promise<unknown>; retried: Record<Engine, boolean> }[] = [
  {
    name: 'a unique violation',
    statement: (tx) => tx.insertInto('spaces').values({ id: 0, org_code: 'twice', created_at: 1 }).execute(),
    retried: { sqlite: false, postgres: true },
  },
  {
    name: 'a foreign key violation',
    statement: (tx) => tx.insertInto('site_settings').values({ space_id: 404, key: 'k', value: 'v' }).execute(),
    retried: { sqlite: false, postgres: false },
  },
  { name: 'a syntax error', statement: (tx) => sql`selec 1`.execute(tx), retried: { sqlite: false, postgres: false } },
];

// The busy timeout outlasts PostgreSQL's deadlock detection (1 s), so that a deadlock is reported as one.
async function migratedStore(engine: TestEngine): Promise<Store> {
  const store = await openStore({ url: await engine.freshUrl(), poolSize: 4, busyTimeoutMs: 10_000 });
  await migrateUp(store);
  return store;
}

describeEngines('engine', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await migratedStore(engine);
  });
  afterAll(() => store.close());

  it('tells the errors worth a retry by their codes', () => {
    const { isConflict } = engineOf(store.db);
    for (const code of retried[engine.name]) expect(isConflict({ code }), code).toBe(true);
    const others = Object.entries(retried)
      .filter(([name]) => name !== engine.name)
      .flatMap(([, codes]) => codes);
    for (const code of [...others, '23503', '42601', 'SQLITE_CONSTRAINT_UNIQUE', 'ECONNREFUSED'])
      expect(isConflict({ code }), code).toBe(false);
    expect(isConflict(new Error('plain'))).toBe(false);
    expect(isConflict(undefined)).toBe(false);
  });

  it.each(provoked)('retries $name as the engine requires', async ({ statement, retried }) => {
    let attempts = 0;
    const failure = await store
      .transaction(
        async (tx) => {
          attempts++;
          await statement(tx);
        },
        { attempts: 2 },
      )
      .catch((error: unknown) => error);
    expect(attempts).toBe(retried[engine.name] ? 2 : 1);
    // Retried until the attempts run out (DB_BUSY), or given back as it was.
    expect((failure as { code?: string }).code === 'DB_BUSY').toBe(retried[engine.name]);
  });

  it('hashes the audit chain with SHA-256 of the UTF-8 text, as Node does', async () => {
    for (const text of ['', '0:1:abc', 'été 🌍 東京']) {
      const { rows } = await sql<{ hash: string }>`select ilot_sha256(${text}) as hash`.execute(store.db);
      expect(rows[0]!.hash).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    }
  });

  it('offers a channel between nodes only where several may share the database', () => {
    expect(store.openChannel !== undefined).toBe(engine.name === 'postgres');
  });
});

describePostgres('concurrency', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await migratedStore(engine);
    await store.transaction((tx) =>
      tx
        .insertInto('spaces')
        .values([1, 2, 3].map((id) => ({ id, org_code: `s${id}`, created_at: 1 })))
        .execute(),
    );
  });
  afterAll(() => store.close());

  const backendPid = async (tx: Tx) => (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx)).rows[0]!.pid;
  const blockedBy = async (pid: number) =>
    Number(
      (await sql<{ n: number }>`select count(*) as n from pg_stat_activity where ${pid} = any(pg_blocking_pids(pid))`.execute(store.db))
        .rows[0]!.n,
    );

  it('lets concurrent transactions take different rows with skipLocked', async () => {
    const firstTook = gate<number>();
    const release = gate();
    const first = store.transaction(async (tx) => {
      const row = await skipLocked(
        tx,
        tx.selectFrom('spaces').select('id').where('id', '>', 0).orderBy('id').limit(1),
      ).executeTakeFirstOrThrow();
      firstTook.open(row.id);
      await release.opened;
    });
    try {
      expect(await firstTook.opened).toBe(1);
      const second = await store.transaction(
        async (tx) =>
          (await skipLocked(tx, tx.selectFrom('spaces').select('id').where('id', '>', 0).orderBy('id').limit(1)).executeTakeFirstOrThrow())
            .id,
      );
      expect(second).toBe(2);
    } finally {
      release.open();
      await first;
    }
  });

  it('makes lockRow callers on one row take turns, while inserts referencing the row go on', async () => {
    const locked = gate<number>();
    const release = gate();
    const first = store.transaction(async (tx) => {
      await lockRow(tx, 'spaces', 3);
      locked.open(await backendPid(tx));
      await release.opened;
    });
    const holder = await locked.opened;
    let secondLocked = false;
    const second = store.transaction(async (tx) => {
      await lockRow(tx, 'spaces', 3);
      secondLocked = true;
    });
    try {
      await waitFor(async () => (await blockedBy(holder)) > 0);
      expect(secondLocked).toBe(false);
      // The foreign key check of an insert in the space does not wait for the lock.
      await store.transaction(
        (tx) => tx.insertInto('site_settings').values({ space_id: 3, key: 'during the lock', value: 'v' }).execute(),
        { attempts: 1 },
      );
      expect(secondLocked).toBe(false);
    } finally {
      release.open();
      await Promise.all([first, second]);
    }
    expect(secondLocked).toBe(true);
  });

  it('retries the transaction a deadlock aborted', async () => {
    const bothHold = [gate(), gate()];
    const codes: string[] = [];
    const lockBoth = (mine: 1 | 2, theirs: 1 | 2) =>
      store.transaction(async (tx, attempt) => {
        await lockRow(tx, 'spaces', mine);
        if (attempt === 1) {
          bothHold[mine - 1]!.open();
          await bothHold[theirs - 1]!.opened;
        }
        await lockRow(tx, 'spaces', theirs).catch((error: { code: string }) => {
          codes.push(error.code);
          throw error;
        });
      });
    await Promise.all([lockBoth(1, 2), lockBoth(2, 1)]);
    expect(codes).toEqual(['40P01']);
  });
});

describePostgres('channel between nodes', (engine) => {
  const closing: (Store | MessageChannel)[] = [];
  afterAll(async () => {
    for (const item of closing.reverse()) await item.close();
  });

  const lost: Error[] = [];
  async function listener(url: string) {
    const store = await openStore({ url });
    const received: string[] = [];
    const channel = await store.openChannel!(
      (payload) => received.push(payload),
      (error) => lost.push(error),
    );
    closing.push(store, channel);
    return { channel, received };
  }

  it('carries a message to every node of the same database, and to no other', async () => {
    const url = await engine.freshUrl();
    const [a, b, other] = [await listener(url), await listener(url), await listener(await engine.freshUrl())];
    const long = 'x'.repeat(a.channel.maxPayload);
    await a.channel.send('hello');
    await a.channel.send(long);
    await other.channel.send('marker');
    // Notifications reach a listener in commit order: had `other` shared the channel, it would hear "hello" first.
    await waitFor(() => b.received.length === 2 && a.received.length === 2 && other.received.length === 1);
    expect(b.received).toEqual(['hello', long]);
    expect(a.received).toEqual(['hello', long]);
    expect(other.received).toEqual(['marker']);
    expect(lost).toEqual([]);
  });
});
