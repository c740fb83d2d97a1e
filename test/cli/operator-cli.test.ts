import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { describeEngines, type TestEngine } from '../support/engines.js';
import { ilot } from '../support/cli.js';
import { operatorClient, operatorPhrases, refusal, withOperators } from '../support/operators.js';
import { startTestServer } from '../support/server.js';
import { appendAuditEntry } from '../../src/domain/audit-entries.js';
import { ilotProgram } from '../../src/cli/program.js';
import { commandPath } from '../../src/cli/examples.js';
import { openStore } from '../../src/store/database.js';
import { migrateUp } from '../../src/store/migrator.js';

// Each command is a new process that loads the sources (1 to 2 s of CPU).
vi.setConfig({ testTimeout: 120_000 });

const alice = `${operatorPhrases.alice}\n`;

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  row.push(field);
  rows.push(row);
  return rows;
}

function everyCommand(command: Command): Command[] {
  return [command, ...command.commands.flatMap(everyCommand)];
}

describe('ilot help', () => {
  it('gives every command examples in its help', () => {
    const commands = everyCommand(ilotProgram()).filter((c) => c.name() !== 'help');
    expect(commands.length).toBeGreaterThan(30);
    for (const command of commands) {
      let help = '';
      command.configureOutput({ writeOut: (text) => (help += text) });
      command.outputHelp();
      expect(help, commandPath(command)).toMatch(/\nExamples:\n {2}\$ ilot /);
    }
  });

  it('lists the commands in groups', async () => {
    const run = await ilot(['--help']);
    expect(run.code).toBe(0);
    const headings = run.stdout.split('\n').filter((l) => /^[A-Z][a-z ]+:$/.test(l));
    expect(headings).toEqual([
      'Options:',
      'Site:',
      'Spaces:',
      'Tasks:',
      'Backups:',
      'Audit:',
      'Sessions:',
      'Fleet:',
      'Commands:',
      'Examples:',
    ]);
    expect(run.stdout).toMatch(/Sessions:\n {2}sessions /);
    const query = await ilot(['audit', 'query', '--help']);
    expect(query.stdout).toContain('$ ilot audit query --space asso1 --from 2027-01-01 --to 2027-02-01');
  });
});

const day = 24 * 3600 * 1000;
const jan = (d: number) => Date.UTC(2027, 0, d);

async function auditEntry(server: Awaited<ReturnType<typeof startTestServer>>, at: number, fields: Record<string, string | null>) {
  await server.store.transaction((tx) =>
    appendAuditEntry(tx, {
      space_id: 0,
      at,
      request_id: `req-${at}`,
      actor: 'camille',
      role: 'operator:admin',
      action: 'space.setQuotas',
      target: 'asso1',
      details: null,
      address: '192.0.2.1',
      user_agent: 'curl/8',
      result: 'ok',
      error_code: null,
      ...fields,
    }),
  );
}

describeEngines('operator commands', (engine: TestEngine) => {
  it('queries the audit log with filters, and writes exactly the filtered rows as CSV', async () => {
    const server = await startTestServer(engine, await withOperators());
    try {
      await auditEntry(server, jan(10), {});
      await auditEntry(server, jan(11), { target: 'asso2', details: JSON.stringify({ note: 'a "quoted", comma' }) });
      await auditEntry(server, jan(12), { user_agent: 'two\nlines, "quoted"', result: 'error', error_code: 'QUOTA_BELOW_USE' });
      await auditEntry(server, jan(20), { actor: 'dominique' });
      const query = (...args: string[]) => ilot(['audit', 'query', '--url', server.url, ...args], {}, undefined, alice);

      const csv = await query('--actor', 'camille', '--csv');
      expect([csv.code, csv.stderr]).toEqual([0, '']);
      const rows = parseCsv(csv.stdout.replace(/\n$/, ''));
      expect(rows[0]).toEqual([
        'seq',
        'at',
        'actor',
        'role',
        'action',
        'target',
        'result',
        'errorCode',
        'address',
        'userAgent',
        'requestId',
        'details',
      ]);
      const stored = await server.store.db
        .selectFrom('audit_entries')
        .selectAll()
        .where('space_id', '=', 0)
        .where('actor', '=', 'camille')
        .orderBy('seq', 'desc')
        .execute();
      expect(rows.slice(1)).toEqual(
        stored.map((r) => [
          String(r.seq),
          new Date(r.at).toISOString(),
          r.actor,
          r.role,
          r.action,
          r.target ?? '',
          r.result,
          r.error_code ?? '',
          r.address ?? '',
          r.user_agent ?? '',
          r.request_id,
          r.details ?? '',
        ]),
      );
      expect(rows).toHaveLength(4);

      const bySpace = await query('--space', 'asso1', '--from', '2027-01-11', '--to', String(jan(20)), '--csv');
      expect(
        parseCsv(bySpace.stdout.replace(/\n$/, ''))
          .slice(1)
          .map((r) => r[1]),
      ).toEqual([new Date(jan(12)).toISOString()]);
      const failed = await query('--result', 'error');
      expect(failed.stdout.trim().split('\n')).toHaveLength(1);
      expect(failed.stdout).toContain('error QUOTA_BELOW_USE');
      const newest = await query('--limit', '2', '--csv');
      expect(parseCsv(newest.stdout.replace(/\n$/, ''))).toHaveLength(3);
      const none = await query('--action', 'no.such.action');
      expect([none.code, none.stdout.trim()]).toEqual([0, '(no entry)']);
    } finally {
      await server.stop();
    }
  });

  it('lists and revokes operator sessions: the revoked session is refused', async () => {
    const server = await startTestServer(engine, await withOperators());
    try {
      const elsewhere = await operatorClient(server.url, 'alice');
      const list = await ilot(['sessions', '--url', server.url, 'list', '--json'], {}, undefined, alice);
      expect(list.code).toBe(0);
      const sessions = JSON.parse(list.stdout) as { id: string; operator: string; current: boolean }[];
      // This command's own session, and the other one.
      expect(sessions.filter((s) => s.current)).toHaveLength(1);
      const other = sessions.find((s) => !s.current);
      expect(other).toMatchObject({ operator: 'alice' });
      const text = await ilot(['sessions', '--url', server.url, 'list'], {}, undefined, alice);
      expect(text.stdout).toContain(`${other!.id}  alice (admin)`);

      const revoke = await ilot(['sessions', '--url', server.url, 'revoke', other!.id], {}, undefined, alice);
      expect([revoke.code, revoke.stdout.trim()]).toEqual([0, `revoked ${other!.id}`]);
      expect((await refusal(elsewhere.call('operator.sessions.list'))).code).toBe('SESSION_INVALID');
      const again = await ilot(['sessions', '--url', server.url, 'revoke', other!.id], {}, undefined, alice);
      expect([again.code, again.stderr.trim()]).toEqual([1, expect.stringMatching(/^SESSION_NOT_FOUND: /)]);
    } finally {
      await server.stop();
    }
  });

  it('doctor reports failed tasks and a daily task that has not succeeded for two days', async () => {
    const url = await engine.freshUrl();
    const store = await openStore({ url });
    const env = { ILOT_DATABASE_URL: url, ILOT_DOCTOR_MIN_FREE_DISK_MB: '1' };
    const tasksCheck = async () => {
      const run = await ilot(['doctor', '--json'], env);
      return (JSON.parse(run.stdout) as { check: string; ok: boolean; detail: string }[]).find((r) => r.check === 'tasks')!;
    };
    try {
      await migrateUp(store);
      expect(await tasksCheck()).toMatchObject({ ok: true, detail: expect.stringContaining('no daily task scheduled yet') });
      const now = Date.now();
      const task = (id: string, values: object) => ({
        space_id: 0,
        id,
        kind: 'stats.monthly',
        target: null,
        dedup: id,
        daily: 1,
        state: 'pending' as 'pending' | 'failed',
        run_at: now + day,
        attempts: 0,
        items: 0,
        created_at: now - 10 * day,
        ...values,
      });
      await store.db
        .insertInto('tasks')
        .values([
          task('daily000000000000000001', { kind: 'stats.monthly', dedup: 'a', last_success_at: now - 3 * day }),
          task('daily000000000000000002', { kind: 'audit.retention', dedup: 'b', last_success_at: now - 3600_000 }),
          task('purge000000000000000003', {
            kind: 'purge.file',
            dedup: 'c',
            daily: 0,
            state: 'failed' as const,
            last_error: 'disk on fire',
          }),
        ])
        .execute();
      const failing = await tasksCheck();
      expect(failing.ok).toBe(false);
      expect(failing.detail).toContain('1 failed: purge.file purge000000000000000003 (disk on fire)');
      expect(failing.detail).toContain('the oldest, stats.monthly, last succeeded 72 hours ago: more than 48 hours');

      // Retried and caught up; a paused kind is said, not failed.
      await store.db.updateTable('tasks').set({ state: 'done' }).where('state', '=', 'failed').execute();
      await store.db
        .updateTable('tasks')
        .set({ last_success_at: now - 3600_000 })
        .where('kind', '=', 'stats.monthly')
        .execute();
      await store.db.insertInto('site_settings').values({ space_id: 0, key: 'tasks.paused', value: '["audit.retention"]' }).execute();
      expect(await tasksCheck()).toMatchObject({
        ok: true,
        detail: 'none failed; 1 daily task; the oldest, stats.monthly, last succeeded 1 hours ago; paused: audit.retention',
      });
    } finally {
      await store.close();
    }
  });
});

describe('operator commands, given bad input', () => {
  it('refuse it with exit code 1 and a clear message, before signing in', async () => {
    const url = 'http://127.0.0.1:65000';
    const cases: [string[], RegExp][] = [
      [['audit', 'query', '--url', url, '--from', 'yesterday'], /option '--from <time>' argument 'yesterday' is invalid\. expected a time/],
      [['audit', 'query', '--url', url, '--limit', '0'], /argument '0' is invalid\. expected a whole number of entries/],
      [['audit', 'query', '--url', url, '--result', 'maybe'], /argument 'maybe' is invalid\. Allowed choices are ok, error/],
      [
        ['audit', 'query', '--url', url, '--target', 'a', '--space', 'b'],
        /option '--target <target>' cannot be used with option '--space <orgCode>'/,
      ],
      [['audit', 'query', '--url', url, '--from', '2027-02-01', '--to', '2027-01-01'], /^--from must be before --to\.$/],
      [
        ['sessions', '--url', url, 'revoke', 'not-a-session'],
        /value 'not-a-session' is invalid for argument 'session'\. expected a session id/,
      ],
      [['sessions', '--url', 'ftp://x', 'list'], /expected an address such as http/],
    ];
    for (const [args, message] of cases) {
      const run = await ilot(args, {}, undefined, '');
      expect([run.code, run.stderr.trim().split('\n')[0]], args.join(' ')).toEqual([1, expect.stringMatching(message)]);
    }
  });
});
