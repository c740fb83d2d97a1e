import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { describeEngines } from '../../../test/support/engines.js';
import {
  bearer,
  countItems,
  itemAttempts,
  prepareFixtures,
  setSpaceState,
  testAuthenticator,
  testOperations,
} from '../../../test/support/fixtures.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { IlotError } from '../../shared/errors.js';
import { operations } from '../operations/index.js';
import type { ChangeNotice } from './notices.js';
import type { Authenticator } from './principal.js';
import type { Caller } from './operation.js';

const id10 = (n: number) => `105${String(n).padStart(13, '0')}`;
const id11 = (n: number) => `115${String(n).padStart(13, '0')}`;
/** `levels` arrays nested around 1. */
const arrays = (levels: number) => Array.from({ length: levels }).reduce<unknown>((inner) => [inner], 1);

describeEngines('operation pipeline', (engine) => {
  let server: TestServer;
  const notices: ChangeNotice[][] = [];
  // Told as a request has been authenticated: a test that stages a conflict ends it from there.
  let authenticated: (() => void) | undefined;

  beforeAll(async () => {
    const authenticate: Authenticator = async (request) => {
      const principal = await testAuthenticator(request);
      authenticated?.();
      return principal;
    };
    server = await startTestServer(
      engine,
      { database: { busyTimeoutMs: 500 } },
      { operations: [...operations, ...testOperations], authenticate },
    );
    await prepareFixtures(server.store);
    server.app.notices.subscribe((batch) => notices.push(batch));
  });
  afterAll(() => server.stop());
  afterEach(async () => {
    authenticated = undefined;
    itemAttempts.started = undefined;
    notices.length = 0;
    await server.store.db.deleteFrom('audit_entries').execute();
    await setSpaceState(server.store, 10, { read_only: 0, frozen: 0, closed_at: null });
    await server.store.db.deleteFrom('test_items' as never).execute();
  });

  const audit = () => server.store.db.selectFrom('audit_entries').selectAll().orderBy('space_id').orderBy('seq').execute();
  const writesOfMember10 = async () => {
    await server.app.consumption.flush();
    const row = await server.store.db
      .selectFrom('account_consumption')
      .select('writes')
      .where('account_id', '=', '1000000000000001')
      .executeTakeFirst();
    return row?.writes ?? 0;
  };

  describe('validate', () => {
    it('refuses input that does not match the schema, before anything else runs', async () => {
      const reply = await server.call('test.items.add', { id: 'not-an-id', value: 'x' }, bearer('member-10'));
      expect(reply.status).toBe(400);
      expect(reply.body.code).toBe('VALIDATION_FAILED');
      expect(reply.body.details.issues[0].path).toBe('/id');
      expect(await countItems(server.store)).toBe(0);
    });

    it('does not count malformed calls of a credential check as failed guesses', async () => {
      const maxFailures = server.config.sessions.maxFailedSignIns;
      const key = 'k'.repeat(43);
      const caller = { credential: null, address: '198.51.100.4', userAgent: null, requestId: 'r' };
      for (let i = 0; i <= maxFailures; i++) {
        await expect(
          server.app.pipeline.execute('session.signIn', { orgCode: 'NOT VALID', prefixId: key, authKey: key }, caller),
        ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      }
      // A well-formed guess is still judged on its merits, not throttled.
      await expect(
        server.app.pipeline.execute('session.signIn', { orgCode: 'nowhere', prefixId: key, authKey: key }, caller),
      ).rejects.toMatchObject({ code: 'SIGNIN_FAILED' });
    });
  });

  describe('authenticate', () => {
    it('refuses an unknown credential with SESSION_INVALID', async () => {
      const reply = await server.call('test.items.list', {}, { authorization: 'Bearer forged' });
      expect(reply.status).toBe(401);
      expect(reply.body.code).toBe('SESSION_INVALID');
    });

    it('asks anonymous callers of a non-public operation to sign in', async () => {
      const reply = await server.call('test.items.list', {});
      expect(reply.status).toBe(401);
      expect(reply.body.code).toBe('AUTH_REQUIRED');
    });

    it('lets anyone call a public operation', async () => {
      const reply = await server.call('ping');
      expect(reply.status).toBe(200);
      expect(reply.body.site).toBe('Ilot');
    });
  });

  describe('authorize', () => {
    it('keeps operators off the member plane and members off the operator plane', async () => {
      expect((await server.call('test.items.list', {}, bearer('op-admin'))).body.code).toBe('FORBIDDEN');
      expect((await server.call('test.site.read', {}, bearer('member-10'))).body.code).toBe('FORBIDDEN');
    });

    it('lets observers read but not change, and audits the refusal', async () => {
      expect((await server.call('test.site.read', {}, bearer('op-observer'))).status).toBe(200);
      const reply = await server.call('test.site.change', {}, bearer('op-observer'));
      expect(reply.status).toBe(403);
      expect(reply.body.code).toBe('FORBIDDEN');
      const [entry] = await audit();
      expect(entry).toMatchObject({
        space_id: 0,
        actor: 'oscar',
        role: 'operator:observer',
        action: 'test.site.change',
        result: 'error',
        error_code: 'FORBIDDEN',
      });
    });

    it('requires the permission of an administrative operation', async () => {
      const refused = await server.call('test.admin.rename', { name: 'n' }, bearer('member-10'));
      expect(refused.status).toBe(403);
      expect(refused.body.details).toEqual({ permission: 'space.options' });
      expect((await server.call('test.admin.rename', { name: 'n' }, bearer('treasurer-10'))).status).toBe(200);
    });
  });

  describe('space guard', () => {
    it('refuses ids of another space with 403 CROSS_SPACE and audits the attempt', async () => {
      const reply = await server.call('test.items.add', { id: id11(1), value: 'x' }, { ...bearer('member-10'), 'user-agent': 'probe/1.0' });
      expect(reply.status).toBe(403);
      expect(reply.body.code).toBe('CROSS_SPACE');
      expect(await countItems(server.store)).toBe(0);
      const [entry] = await audit();
      expect(entry).toMatchObject({
        space_id: 10,
        actor: '1000000000000001',
        action: 'test.items.add',
        result: 'error',
        error_code: 'CROSS_SPACE',
        address: '127.0.0.1',
        user_agent: 'probe/1.0',
      });
    });

    it('checks ids inside arrays too', async () => {
      const reply = await server.call('test.items.list', { ids: [id10(1), id11(2)] }, bearer('member-10'));
      expect(reply.body).toMatchObject({ code: 'CROSS_SPACE', details: { field: 'ids.*' } });
      expect((await server.call('test.items.list', { ids: [id10(1)] }, bearer('member-10'))).status).toBe(200);
    });
  });

  describe('restrictions', () => {
    it('refuses writes in a read-only space but lets reads through', async () => {
      await setSpaceState(server.store, 10, { read_only: 1 });
      const reply = await server.call('test.items.add', { id: id10(1), value: 'x' }, bearer('member-10'));
      expect(reply.status).toBe(409);
      expect(reply.body.code).toBe('SPACE_READ_ONLY');
      expect((await server.call('test.items.list', {}, bearer('member-10'))).status).toBe(200);
      expect(await countItems(server.store)).toBe(0);
    });

    it('refuses writes in a frozen space with SPACE_FROZEN', async () => {
      await setSpaceState(server.store, 10, { frozen: 1, read_only: 1 });
      const reply = await server.call('test.items.add', { id: id10(1), value: 'x' }, bearer('member-10'));
      expect(reply.body.code).toBe('SPACE_FROZEN');
    });

    it('refuses everything in a closed space, reads included', async () => {
      await setSpaceState(server.store, 10, { closed_at: Date.now() });
      const reply = await server.call('test.items.list', {}, bearer('member-10'));
      expect(reply.status).toBe(410);
      expect(reply.body.code).toBe('SPACE_CLOSED');
    });

    it('does not restrict other spaces', async () => {
      await setSpaceState(server.store, 10, { frozen: 1 });
      expect((await server.call('test.items.add', { id: id11(1), value: 'x' }, bearer('member-11'))).status).toBe(200);
    });
  });

  describe('transaction', () => {
    it('commits the writes of a successful operation', async () => {
      const reply = await server.call('test.items.add', { id: id10(1), value: 'x' }, bearer('member-10'));
      expect(reply.body).toEqual({ attempt: 1, count: 1 });
      expect(await countItems(server.store)).toBe(1);
    });

    it('rolls back everything when the operation fails after writing, and hides the cause', async () => {
      const reply = await server.call('test.items.add', { id: id10(1), value: 'crash' }, bearer('member-10'));
      expect(reply.status).toBe(500);
      expect(reply.body).toEqual({ code: 'INTERNAL', message: expect.any(String) });
      expect(JSON.stringify(reply.body)).not.toContain('simulated');
      expect(await countItems(server.store)).toBe(0);
      expect(server.logs.raw.some((line) => line.includes('simulated crash'))).toBe(true);
    });

    it('runs the operation again after a conflict with another writer, counting the last attempt only', async () => {
      const before = await writesOfMember10();
      let reply: Awaited<ReturnType<typeof server.call>>;
      if (engine.name === 'sqlite') {
        // Another connection holds the write lock. The first attempt's BEGIN IMMEDIATE waits for it,
        // blocking this thread (the server's), and times out; nothing between authentication and
        // that BEGIN waits for the event loop, so the lock is released once the first attempt failed.
        const holder = new BetterSqlite3(server.config.database.url.slice('sqlite:'.length));
        holder.exec('begin immediate');
        authenticated = () =>
          setImmediate(() => {
            holder.exec('commit');
            holder.close();
          });
        reply = await server.call('test.items.add', { id: id10(1), value: 'x' }, bearer('member-10'));
      } else {
        // Another client holds the key the operation inserts (uncommitted): the first attempt waits
        // for it longer than lock_timeout; the second one starting gives it up.
        const other = new pg.Client({ connectionString: server.config.database.url });
        await other.connect();
        await other.query('begin');
        await other.query(`insert into test_items (space_id, id, value) values (10, '${id10(1)}', 'other')`);
        itemAttempts.started = (attempt) => {
          if (attempt === 2) void other.query('rollback').then(() => other.end());
        };
        reply = await server.call('test.items.add', { id: id10(1), value: 'x' }, bearer('member-10'));
      }
      expect(reply.status).toBe(200);
      expect(reply.body.attempt).toBeGreaterThan(1);
      expect(await countItems(server.store)).toBe(1);
      expect(await writesOfMember10()).toBe(before + 1);
    });
  });

  describe('audit', () => {
    it('records a successful administrative operation with who, what, where, in the same transaction', async () => {
      await server.call(
        'test.admin.rename',
        { name: 'Club', secretNote: 'do not log me' },
        { ...bearer('treasurer-10'), 'user-agent': 'ua-test' },
      );
      const entries = await audit();
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        space_id: 10,
        seq: 1,
        actor: '1000000000000002',
        role: 'treasurer',
        action: 'test.admin.rename',
        target: 'space',
        details: JSON.stringify({ name: 'Club' }),
        address: '127.0.0.1',
        user_agent: 'ua-test',
        result: 'ok',
        error_code: null,
      });
      expect(JSON.stringify(entries)).not.toContain('do not log me');
    });

    it('records a refused administrative operation after its rollback', async () => {
      await server.call('test.admin.rename', { name: 'ok' }, bearer('treasurer-10'));
      const reply = await server.call('test.admin.rename', { name: 'refuse' }, bearer('treasurer-10'));
      expect(reply.body.code).toBe('FORBIDDEN');
      const entries = await audit();
      expect(entries.map((e) => [e.seq, e.result, e.error_code])).toEqual([
        [1, 'ok', null],
        [2, 'error', 'FORBIDDEN'],
      ]);
    });

    it('does not let anonymous callers write to the audit log', async () => {
      const reply = await server.call('test.site.change', {});
      expect(reply.body.code).toBe('AUTH_REQUIRED');
      expect(await audit()).toHaveLength(0);
    });

    it('does not audit ordinary member operations', async () => {
      await server.call('test.items.add', { id: id10(1), value: 'x' }, bearer('member-10'));
      expect(await audit()).toHaveLength(0);
    });
  });

  describe('change notices', () => {
    it('publishes the notices of an operation once it has committed', async () => {
      await server.call('test.items.add', { id: id10(7), value: 'x' }, bearer('member-10'));
      expect(notices).toEqual([[{ spaceId: 10, subtree: id10(7) }]]);
    });

    it('still answers a committed operation when a listener fails', async () => {
      const unsubscribe = server.app.notices.subscribe(() => {
        throw new Error('listener bug');
      });
      try {
        const reply = await server.call('test.items.add', { id: id10(8), value: 'x' }, bearer('member-10'));
        expect(reply.status).toBe(200);
        expect(await countItems(server.store)).toBe(1);
      } finally {
        unsubscribe();
      }
    });

    it('publishes nothing for an operation that rolled back', async () => {
      await server.call('test.items.add', { id: id10(7), value: 'crash' }, bearer('member-10'));
      expect(notices).toEqual([]);
    });
  });

  describe('without HTTP', () => {
    const caller = (credential: string | null, extra: Partial<Caller> = {}): Caller => ({
      credential,
      address: '192.0.2.7',
      userAgent: 'task-engine/1',
      requestId: 'in-process-1',
      ...extra,
    });
    /** Runs an operation in process: its output, or the code it was refused with. */
    const run = (name: string, input: unknown, credential: string | null, extra: Partial<Caller> = {}) =>
      server.app.pipeline.execute(name, input, caller(credential, extra)).then(
        (output) => ({ code: 'OK', output: output as any }),
        (error: unknown) => ({ code: error instanceof IlotError ? error.code : 'INTERNAL', output: undefined }),
      );

    const refusals: [string, string, unknown, string | null, string][] = [
      ['validates the input', 'test.items.add', { id: 'not-an-id', value: 'x' }, 'member-10', 'VALIDATION_FAILED'],
      ['refuses unknown fields', 'test.items.list', { admin: true }, 'member-10', 'VALIDATION_FAILED'],
      ['refuses NUL characters', 'test.items.add', { id: id10(1), value: 'a\0b' }, 'member-10', 'VALIDATION_FAILED'],
      ['refuses lone surrogates', 'test.items.add', { id: id10(1), value: 'a\ud800b' }, 'member-10', 'VALIDATION_FAILED'],
      ['refuses nesting past 64 levels', 'test.items.add', { id: id10(1), value: arrays(64) }, 'member-10', 'INPUT_TOO_DEEP'],
      ['authenticates the credential', 'test.items.list', {}, 'forged', 'SESSION_INVALID'],
      ['asks anonymous callers to sign in', 'test.items.list', {}, null, 'AUTH_REQUIRED'],
      ['authorizes by plane', 'test.site.read', {}, 'member-10', 'FORBIDDEN'],
      ['authorizes by permission', 'test.admin.rename', { name: 'n' }, 'member-10', 'FORBIDDEN'],
      ['guards the space', 'test.items.list', { ids: [id11(1)] }, 'member-10', 'CROSS_SPACE'],
    ];

    it.each(refusals)('%s, exactly as over HTTP', async (_stage, name, input, who, code) => {
      const overHttp = await server.call(name, input, who === null ? {} : { authorization: `Bearer ${who}` });
      expect(overHttp.body.code).toBe(code);
      expect(await run(name, input, who)).toEqual({ code, output: undefined });
      expect(await countItems(server.store)).toBe(0);
    });

    it('validates with the same issues as over HTTP', async () => {
      const input = { id: id10(1), value: 'v', admin: true, extra: 1 };
      const overHttp = await server.call('test.items.add', input, bearer('member-10'));
      const error = await server.app.pipeline.execute('test.items.add', input, caller('member-10')).catch((e: IlotError) => e);
      expect(error).toBeInstanceOf(IlotError);
      expect((error as IlotError).toBody()).toEqual(overHttp.body);
      expect(overHttp.body.details.issues).toEqual([
        { path: '/admin', problem: 'unknown field' },
        { path: '/extra', problem: 'unknown field' },
      ]);
    });

    it('restricts by the state of the space', async () => {
      await setSpaceState(server.store, 10, { read_only: 1 });
      expect((await run('test.items.add', { id: id10(1), value: 'x' }, 'member-10')).code).toBe('SPACE_READ_ONLY');
      expect((await run('test.items.list', {}, 'member-10')).code).toBe('OK');
    });

    it('commits in one transaction, counts consumption and publishes notices once committed', async () => {
      const before = await writesOfMember10();
      expect(await run('test.items.add', { id: id10(3), value: 'x' }, 'member-10')).toEqual({
        code: 'OK',
        output: { attempt: 1, count: 1 },
      });
      expect(notices).toEqual([[{ spaceId: 10, subtree: id10(3) }]]);
      expect(await writesOfMember10()).toBe(before + 1);
      expect((await run('test.items.add', { id: id10(4), value: 'crash' }, 'member-10')).code).toBe('INTERNAL');
      expect(await countItems(server.store)).toBe(1);
      expect(notices).toHaveLength(1);
    });

    it("audits with the caller's description, success and failure alike", async () => {
      await run('test.admin.rename', { name: 'Club' }, 'treasurer-10');
      await run('test.admin.rename', { name: 'refuse' }, 'treasurer-10', { requestId: 'in-process-2' });
      await run('test.items.add', { id: id11(1), value: 'x' }, 'member-10', { requestId: 'in-process-3' });
      const entries = await audit();
      expect(entries.map((e) => [e.request_id, e.action, e.result, e.error_code, e.address, e.user_agent])).toEqual([
        ['in-process-1', 'test.admin.rename', 'ok', null, '192.0.2.7', 'task-engine/1'],
        ['in-process-2', 'test.admin.rename', 'error', 'FORBIDDEN', '192.0.2.7', 'task-engine/1'],
        ['in-process-3', 'test.items.add', 'error', 'CROSS_SPACE', '192.0.2.7', 'task-engine/1'],
      ]);
    });

    it("reports a failing notice listener to the caller's log", async () => {
      const logged: string[] = [];
      const unsubscribe = server.app.notices.subscribe(() => {
        throw new Error('listener bug');
      });
      try {
        const reply = await run('test.items.add', { id: id10(5), value: 'x' }, 'member-10', {
          log: { error: (_details, message) => logged.push(message) },
        });
        expect(reply.code).toBe('OK');
      } finally {
        unsubscribe();
      }
      expect(logged).toEqual(['a change-notice listener failed']);
    });

    it('runs operations given by name or as registered, and no other', async () => {
      const ping = operations.find((o) => o.name === 'ping')!;
      expect(await server.app.pipeline.execute(ping, {}, caller(null))).toMatchObject({ site: 'Ilot' });
      await expect(server.app.pipeline.execute('no.such.operation', {}, caller(null))).rejects.toThrow(/not registered/);
      await expect(server.app.pipeline.execute({ ...ping }, {}, caller(null))).rejects.toThrow(/not registered/);
    });
  });

  describe('scoped transaction', () => {
    it("confines a member's queries to its space, an anonymous caller's to the space it names or the site, and leaves operators' alone", async () => {
      const seen = async (who: string | null, orgCode?: string) => {
        const [name, input] = orgCode ? ['test.spaces.seenIn', { orgCode }] : ['test.spaces.seen', {}];
        const overHttp = await server.call(name, input, who === null ? {} : { authorization: `Bearer ${who}` });
        const inProcess = await server.app.pipeline.execute(name, input, {
          credential: who,
          address: '192.0.2.7',
          userAgent: null,
          requestId: 'r',
        });
        expect(inProcess).toEqual(overHttp.body);
        return overHttp.body.ids;
      };
      expect(await seen('member-10')).toEqual([10]);
      expect(await seen('member-11')).toEqual([11]);
      // A public operation that names no space acts on the site.
      expect(await seen(null)).toEqual([0]);
      // One that names a space by org code acts in it, or in none when no space has that code.
      expect(await seen(null, 'beta')).toEqual([11]);
      expect(await seen(null, 'nowhere')).toEqual([]);
      expect(await seen('op-admin')).toEqual([0, 10, 11]);
    });
  });
});
