import { spawn } from 'node:child_process';
import { once } from 'node:events';
import pg from 'pg';
import { readdirSync, readlinkSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { describeEngines, tempDir } from '../support/engines.js';
import { ilot, root } from '../support/cli.js';
import { waitFor } from '../support/wait.js';
import { ilotVersion } from '../../src/config/version.js';
import { openStore } from '../../src/store/database.js';
import { migrateUp } from '../../src/store/migrator.js';
import { appendAuditEntry } from '../../src/domain/audit-entries.js';
import { operatorPhrases, testArgon2, verifierFor } from '../support/operators.js';
import { startTestServer } from '../support/server.js';

// Each command is a new process that loads the sources (1 to 2 s of CPU): a test running several
// needs more than the default timeout when other processes keep the cores busy.
vi.setConfig({ testTimeout: 120_000 });

describe('ilot command', () => {
  it('prints its version', async () => {
    const run = await ilot(['--version']);
    expect(run.stdout.trim()).toBe(ilotVersion);
  });

  it('stops with exit code 2 and names the key of a bad setting', async () => {
    const run = await ilot(['serve'], { ILOT_LISTEN_PORT: 'eighty' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('listen.port (from ILOT_LISTEN_PORT): expected an integer from 0 to 65535, got "eighty"');
  });

  it('refuses bad arguments and missing secrets of `ilot space` before sending anything, and names an unreachable site', async () => {
    const freeze = await ilot(['space', '--url', 'http://127.0.0.1:65000', 'freeze', 'asso1', 'maybe'], {}, tempDir(), '');
    expect([freeze.code, freeze.stderr.trim()]).toEqual([
      1,
      "error: command-argument value 'maybe' is invalid for argument 'on|off'. expected on or off.",
    ]);
    const noSecret = await ilot(['space', '--url', 'http://127.0.0.1:65000', 'list'], {}, tempDir(), '');
    expect([noSecret.code, noSecret.stderr.trim()]).toEqual([1, 'Expected 1 line(s) on standard input: Operator passphrase.']);
    const unreachable = await ilot(
      ['space', '--url', 'http://127.0.0.1:65000', 'list'],
      {},
      tempDir(),
      'an operator passphrase, long enough\n',
    );
    expect([unreachable.code, unreachable.stderr.trim()]).toEqual([
      1,
      'SITE_UNREACHABLE: Cannot reach http://127.0.0.1:65000 (ECONNREFUSED).',
    ]);
  });

  it('stops with exit code 3 and a clear message when the database is unreachable', async () => {
    const run = await ilot(['serve'], { ILOT_DATABASE_URL: 'postgres://ilot:pw@127.0.0.1:1/ilot' });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^Cannot reach the database postgres:\/\/ilot:\*\*\*@127\.0\.0\.1:1\/ilot: .*ECONNREFUSED/);
  });
});

/**
 * Holds what `migrate up` locks (SQLite's write lock, PostgreSQL's advisory lock) until released;
 * `blocks(pid)` tells whether the process waits for it.
 */
async function holdMigrationLock(
  engine: string,
  url: string,
): Promise<{ blocks: (pid: number) => Promise<boolean>; release: () => Promise<void> }> {
  if (engine === 'postgres') {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('select pg_advisory_lock(7310420260001)');
    const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    return {
      blocks: async () =>
        (await client.query('select 1 from pg_stat_activity where $1 = any(pg_blocking_pids(pid))', [rows[0]!.pid])).rowCount! > 0,
      release: async () => void (await client.end()),
    };
  }
  const file = url.slice('sqlite:'.length);
  const holder = spawn(
    process.execPath,
    [
      '-e',
      `const D = require('better-sqlite3'); const d = new D(${JSON.stringify(file)}); d.pragma('journal_mode = WAL'); d.exec('begin immediate'); console.log('locked'); process.stdin.once('data', () => { d.exec('commit'); process.exit(0); });`,
    ],
    { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  await once(holder.stdout, 'data');
  const exited = once(holder, 'exit');
  return {
    // SQLite shows no waiters: a process that has the database open gets no further than its write lock.
    blocks: async (pid) =>
      readdirSync(`/proc/${pid}/fd`).some((fd) => {
        try {
          return readlinkSync(`/proc/${pid}/fd/${fd}`) === realpathSync(file);
        } catch {
          return false; // closed meanwhile
        }
      }),
    release: async () => {
      holder.stdin.write('go\n');
      await exited;
    },
  };
}

describeEngines('ilot command', (engine) => {
  it('prints an operator verifier that the server accepts, and acts on spaces as that operator', async () => {
    const verifierRun = await ilot(
      ['operator', 'verifier'],
      { ILOT_CRYPTO_ARGON2_MEMORY_KIB: String(testArgon2.memoryKib), ILOT_CRYPTO_ARGON2_ITERATIONS: String(testArgon2.iterations) },
      tempDir(),
      `${operatorPhrases.alice}\n${operatorPhrases.alice}\n`,
    );
    expect(verifierRun.code).toBe(0);
    const verifier = verifierRun.stdout.trim();
    expect(verifier).toBe(await verifierFor(operatorPhrases.alice));
    const server = await startTestServer(engine, {
      crypto: { argon2: testArgon2 },
      operators: [{ name: 'alice', role: 'admin', verifier }],
    });
    try {
      const opened = await ilot(
        [
          'space',
          '--url',
          server.url,
          'open',
          'asso1',
          '--documents',
          '100',
          '--volume',
          '1000000',
          '--monthly',
          '500',
          '--accounts',
          '20',
        ],
        {},
        tempDir(),
        `${operatorPhrases.alice}\nthe sponsorship phrase of the treasurer\n`,
      );
      expect([opened.code, opened.stderr]).toEqual([0, '']);
      expect(JSON.parse(opened.stdout)).toEqual({ orgCode: 'asso1', number: 10 });
      const frozen = await ilot(['space', '--url', server.url, 'freeze', 'asso1', 'on'], {}, tempDir(), `${operatorPhrases.alice}\n`);
      expect(JSON.parse(frozen.stdout).state).toBe('frozen');
      const listed = await ilot(['space', '--url', server.url, 'list'], {}, tempDir(), `${operatorPhrases.alice}\n`);
      expect(listed.stdout.trim()).toBe('10  asso1         frozen     accounts 0/20');
      const taken = await ilot(
        ['space', '--url', server.url, 'open', 'asso1', '--documents', '1', '--volume', '1', '--monthly', '1', '--accounts', '1'],
        {},
        tempDir(),
        `${operatorPhrases.alice}\nanother sponsorship phrase, long enough\n`,
      );
      expect([taken.code, taken.stderr.trim()]).toEqual([1, 'ORG_CODE_TAKEN: A space already has this org code.']);
      const wrong = await ilot(['space', '--url', server.url, 'list'], {}, tempDir(), 'not the passphrase of alice at all\n');
      expect([wrong.code, wrong.stderr.trim()]).toEqual([
        1,
        `SIGNIN_FAILED: The operator passphrase is not right, or the site at ${server.url} has no operator with it.`,
      ]);
      const closed = await ilot(
        ['space', '--url', server.url, 'close', 'asso1', '--message', 'We moved.', '--yes'],
        {},
        tempDir(),
        `${operatorPhrases.alice}\n`,
      );
      expect([closed.code, JSON.parse(closed.stdout).state]).toEqual([0, 'closed']);
    } finally {
      await server.stop();
    }
  });

  it('migrates: status lists pending, up applies, status lists applied; doctor agrees', async () => {
    const env = { ILOT_DATABASE_URL: await engine.freshUrl(), ILOT_DOCTOR_MIN_FREE_DISK_MB: '1' };
    const cwd = tempDir();
    const before = await ilot(['migrate', 'status'], env, cwd);
    expect(before.code).toBe(0);
    expect(before.stdout).toContain('pending  0001_foundation');
    const doctorBefore = await ilot(['doctor'], env, cwd);
    expect(doctorBefore.code).toBe(1);
    expect(doctorBefore.stdout).toMatch(/^FAIL {2}migrations +\d+ pending \(0001_foundation, .*\): run `ilot migrate up`/m);
    const up = await ilot(['migrate', 'up'], env, cwd);
    expect(up.stdout).toContain('applied 0001_foundation');
    const after = await ilot(['migrate', 'status'], env, cwd);
    expect(after.stdout).toMatch(/^applied {2}0001_foundation {2}\d{4}-\d\d-\d\dT/m);
    expect(after.stdout).toMatch(/^\d+ applied, 0 pending$/m);
    const doctor = await ilot(['doctor'], env, cwd);
    expect(doctor.code).toBe(0);
    for (const check of ['configuration', 'database', 'migrations', 'file store', 'disk'])
      expect(doctor.stdout).toMatch(new RegExp(`^ok {4}${check}`, 'm'));
  });

  it('doctor fails on too little free disk and on an unwritable file store', async () => {
    const blocked = join(tempDir(), 'file');
    writeFileSync(blocked, '');
    const run = await ilot(['doctor', '--json'], {
      ILOT_DATABASE_URL: await engine.freshUrl(),
      ILOT_FILES_DIR: join(blocked, 'files'),
      ILOT_DOCTOR_MIN_FREE_DISK_MB: String(1024 ** 3),
    });
    expect(run.code).toBe(1);
    const results = JSON.parse(run.stdout) as { check: string; ok: boolean }[];
    expect(Object.fromEntries(results.map((r) => [r.check, r.ok]))).toEqual({
      configuration: true,
      database: true,
      migrations: false,
      pg_dump: true,
      'file store': false,
      disk: false,
      // Not configured here: said, and not a failure.
      backups: true,
      smtp: true,
    });
  });

  it('lets only one of two nodes migrating at once apply the migrations', async () => {
    const env = { ILOT_DATABASE_URL: await engine.freshUrl() };
    const runs = await Promise.all([ilot(['migrate', 'up'], env), ilot(['migrate', 'up'], env)]);
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    const outputs = runs.map((r) => r.stdout.trim()).sort();
    expect(outputs[0]).toMatch(/^applied 0001_foundation\napplied 0002_sessions/);
    expect(outputs[1]).toBe('nothing to apply: the database is up to date');
  });

  it('waits for another node that holds the migration lock, then finds its work done or does it', async () => {
    const url = await engine.freshUrl();
    const lock = await holdMigrationLock(engine.name, url);
    const run = ilot(['migrate', 'up'], { ILOT_DATABASE_URL: url, ILOT_DATABASE_BUSY_TIMEOUT_MS: '100' });
    let finished = false;
    void run.then(() => (finished = true));
    await waitFor(() => lock.blocks(run.child.pid!), { what: '`migrate up` waiting for the lock' });
    expect(finished).toBe(false);
    await lock.release();
    const result = await run;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('applied 0001_foundation');
  });

  it('verifies the audit chains, and fails on a tampered one', async () => {
    const url = await engine.freshUrl();
    const store = await openStore({ url });
    try {
      await migrateUp(store);
      for (let n = 1; n <= 3; n++) {
        await store.transaction((tx) =>
          appendAuditEntry(tx, {
            space_id: 0,
            at: n,
            request_id: `r${n}`,
            actor: 'alice',
            role: 'operator:admin',
            action: 'space.open',
            target: null,
            details: null,
            address: null,
            user_agent: null,
            result: 'ok',
            error_code: null,
          }),
        );
      }
      const ok = await ilot(['audit', 'verify'], { ILOT_DATABASE_URL: url });
      expect([ok.code, ok.stdout.trim()]).toEqual([0, 'ok    space 0: 3 entries']);
      await store.db.updateTable('audit_entries').set({ actor: 'mallory' }).where('seq', '=', 2).execute();
      const broken = await ilot(['audit', 'verify', '--space', '0'], { ILOT_DATABASE_URL: url });
      expect(broken.code).toBe(1);
      expect(broken.stdout).toContain('BROKEN space 0: entry 2');
    } finally {
      await store.close();
    }
  });

  it('serves, then on SIGTERM finishes and exits 0', async () => {
    const env = { ILOT_DATABASE_URL: await engine.freshUrl(), ILOT_LISTEN_PORT: '0' };
    const server = ilot(['serve'], env);
    const url = await new Promise<string>((resolve, reject) => {
      let seen = '';
      server.child.stdout!.on('data', (d: Buffer) => {
        seen += d.toString();
        const match = /"url":"(http:[^"]+)"/.exec(seen);
        if (match) resolve(match[1]!);
      });
      server.child.on('exit', () => reject(new Error(`server exited: ${seen}`)));
    });
    const ping = (await (await fetch(`${url}/api/ops/ping`, { method: 'POST' })).json()) as { site: string };
    expect(ping.site).toBe('Ilot');
    server.child.kill('SIGTERM');
    const run = await server;
    expect(run.code).toBe(0);
    const messages = run.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(messages).toEqual(expect.arrayContaining(['Ilot is listening', 'shutting down: finishing in-flight requests', 'stopped']));
  });
});
