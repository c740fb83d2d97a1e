import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../src/client/client.js';
import { sponsor, type SponsorshipProposal } from '../../src/client/membership.js';
import { createNote } from '../../src/client/notes.js';
import { taskKinds } from '../../src/server/tasks/kinds/index.js';
import type { TaskKind } from '../../src/server/tasks/task-kind.js';
import { deferTask, newTaskRow } from '../../src/domain/task-queue.js';
import { alertTreasurerOfUrgentItem } from '../../src/mail/treasurer.js';
import { describeEngines, tempDir } from '../support/engines.js';
import { defaultPartition, spaceWithTreasurer, type Member } from '../support/members.js';
import { refusal, withOperators } from '../support/operators.js';
import { race, tally, type Prepared } from '../support/race.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { waitFor, type WaitOptions } from '../support/wait.js';
import { readMail, SmtpSink, type SinkMode } from './smtp-sink.js';

/** What waitFor found, known to be there. */
const until = async <T>(check: () => Promise<T | undefined> | T | undefined, options?: WaitOptions): Promise<T> =>
  (await waitFor(check, options)) as T;

const smtpPassword = `smtp-secret-${randomBytes(6).toString('hex')}`;
const publicUrl = 'https://ilot.example.org';

const broken: TaskKind = {
  kind: 'test.mailBroken',
  daily: false,
  summary: 'always fails',
  async run() {
    throw new Error('the disk is on fire');
  },
};

describeEngines('mail delivery', (engine) => {
  const sink = new SmtpSink();
  let server: TestServer;
  beforeAll(async () => {
    const port = await sink.start();
    server = await startTestServer(
      engine,
      {
        ...(await withOperators()),
        tasks: { pollSeconds: 1, maxAttempts: 3 },
        smtp: {
          host: '127.0.0.1',
          port,
          user: 'ilot',
          password: smtpPassword,
          from: 'ilot@example.org',
          to: ['ops@example.org'],
          invitationsPerDay: 3,
        },
        site: { publicUrl },
      },
      { taskKinds: [...taskKinds, broken] },
    );
  });
  afterAll(async () => {
    await server.stop();
    await sink.stop();
  });

  const db = () => server.store.db;
  const taskAbout = (target: string) => db().selectFrom('tasks').selectAll().where('target', '=', target).executeTakeFirst();
  /** As if the task's back-off had elapsed. */
  const runNow = async (id: string) => {
    await db().updateTable('tasks').set({ run_at: Date.now() }).where('id', '=', id).execute();
    server.app.tasks.wake();
  };
  const mailTo = (address: string) => until(() => sink.mails.find((m) => m.to.includes(address)), { what: `a mail to ${address}` });
  const newAddress = () => `invitee.${randomBytes(4).toString('hex')}@example.org`;
  /** Runs the daily quota watch now and waits for its success. */
  const watchQuotas = async () => {
    const task = await db().selectFrom('tasks').selectAll().where('kind', '=', 'quotas.watch').executeTakeFirstOrThrow();
    await runNow(task.id);
    await waitFor(async () => {
      const r = await db().selectFrom('tasks').select('last_success_at').where('id', '=', task.id).executeTakeFirstOrThrow();
      return Number(r.last_success_at ?? 0) > Number(task.last_success_at ?? 0);
    });
  };

  async function invite(
    by: Member,
    invitation: SponsorshipProposal['invitation'],
    phrase = `${randomBytes(6).toString('hex')} is the phrase`,
  ) {
    return sponsor(by.client, {
      phrase,
      name: 'Invitee',
      kind: 'O',
      partitionId: await defaultPartition(by),
      quotas: { documents: 10, volumeBytes: 1000 },
      word: 'welcome',
      ...(invitation ? { invitation } : {}),
    });
  }

  it('mails the org code and the join page, never the phrase, and keeps no address once sent', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const canary = `canary ${randomBytes(8).toString('hex')} sponsorship phrase`;
    const address = newAddress();
    const { id } = await invite(treasurer, { address: `  ${address} `, language: 'fr' }, canary);

    const received = await mailTo(address);
    const mail = readMail(received.raw);
    expect(received.raw).not.toContain(canary);
    expect(`${mail.subject}${mail.text}${mail.html}`).not.toContain(canary.split(' ')[1]);
    expect(mail.subject).toContain(treasurer.orgCode);
    expect(mail.text).toContain(`${publicUrl}/join`);
    expect(mail.text).toContain(`code d'organisation ${treasurer.orgCode}`);

    const task = await until(async () => {
      const row = await taskAbout(`invite:${id}`);
      return row?.state === 'done' ? row : undefined;
    });
    expect(task.progress).toBeNull();
    expect(JSON.stringify(task)).not.toContain(address);
    const audit = await db().selectFrom('audit_entries').selectAll().where('target', '=', id).execute();
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toContain(address);
    expect(server.logs.raw.filter((line) => line.includes(address) || line.includes(smtpPassword))).toEqual([]);
  });

  for (const mode of ['refuse', 'drop', 'auth-fail'] as const satisfies SinkMode[])
    it(`retries a mail the server turned away (${mode}) and sends it once the server recovers; the sponsorship was made at once`, async () => {
      const treasurer = await spaceWithTreasurer(server.url);
      const address = newAddress();
      sink.mode = mode;
      const turnedAway = sink.turnedAway.length;
      try {
        const { id } = await invite(treasurer, { address, language: 'en' });
        expect(await db().selectFrom('sponsorships').select('state').where('id', '=', id).executeTakeFirst()).toEqual({ state: 'pending' });
        const failed = await until(async () => {
          const row = await taskAbout(`invite:${id}`);
          return row?.state === 'pending' && row.attempts === 1 && row.last_error ? row : undefined;
        });
        expect(sink.turnedAway.slice(turnedAway)).toContain(mode);
        expect(failed.last_error).toMatch(/^the mail could not be sent \(/);
        expect(failed.last_error).not.toContain(address);
        // The engine's back-off: the next attempt is not before ten seconds or so.
        expect(failed.run_at - failed.last_run_at!).toBeGreaterThan(5_000);
        sink.mode = 'accept';
        await runNow(failed.id);
        const received = await mailTo(address);
        expect(readMail(received.raw).subject).toContain(`sponsored in the space ${treasurer.orgCode}`);
        await waitFor(async () => (await taskAbout(`invite:${id}`))?.state === 'done');
        expect(sink.mails.filter((m) => m.to.includes(address))).toHaveLength(1);
      } finally {
        sink.mode = 'accept';
      }
      expect(server.logs.raw.filter((line) => line.includes(address) || line.includes(smtpPassword))).toEqual([]);
    });

  it('retries a mail to a server that accepts the connection and never greets, once smtp.timeoutSeconds has passed', async () => {
    const silent = createServer(() => {});
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const { port, timeoutSeconds } = server.config.smtp;
    Object.assign(server.config.smtp, { port: (silent.address() as AddressInfo).port, timeoutSeconds: 1 });
    try {
      const treasurer = await spaceWithTreasurer(server.url);
      const address = newAddress();
      const { id } = await invite(treasurer, { address, language: 'fr' });
      const failed = await until(async () => {
        const row = await taskAbout(`invite:${id}`);
        return row?.attempts === 1 && row.state === 'pending' && row.last_error ? row : undefined;
      });
      expect(failed.last_error).toMatch(/^the mail could not be sent \(ETIMEDOUT/);
      Object.assign(server.config.smtp, { port, timeoutSeconds });
      await runNow(failed.id);
      await mailTo(address);
    } finally {
      Object.assign(server.config.smtp, { port, timeoutSeconds });
      silent.close();
    }
  });

  it('keeps the lease of a mail whose server makes it wait, so that no other node sends it too', async () => {
    const silent = createServer(() => {});
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const { port, timeoutSeconds } = server.config.smtp;
    const { leaseSeconds } = server.config.tasks;
    Object.assign(server.config.smtp, { port: (silent.address() as AddressInfo).port, timeoutSeconds: 6 });
    server.config.tasks.leaseSeconds = 5;
    try {
      const treasurer = await spaceWithTreasurer(server.url);
      const { id } = await invite(treasurer, { address: newAddress(), language: 'fr' });
      const taken = await until(async () => {
        const row = await taskAbout(`invite:${id}`);
        return row?.state === 'running' ? row : undefined;
      });
      // Renewed while the server keeps it waiting (past the first lease, another node could have taken it).
      const renewed = await until(async () => {
        const row = await taskAbout(`invite:${id}`);
        return row?.state === 'running' && Number(row.lease_until) > Number(taken.lease_until) ? row : undefined;
      });
      expect(renewed.lease_owner).toBe(taken.lease_owner);
      await until(async () => {
        const row = await taskAbout(`invite:${id}`);
        return row?.state === 'pending' && row.attempts === 1 ? row : undefined;
      });
    } finally {
      Object.assign(server.config.smtp, { port, timeoutSeconds });
      server.config.tasks.leaseSeconds = leaseSeconds;
      silent.close();
    }
  });

  it('drops the address of an invitation that failed for good, and does not mail the operators about a mail', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const address = newAddress();
    sink.mode = 'refuse';
    try {
      const { id } = await invite(treasurer, { address, language: 'en' });
      const first = await until(async () => {
        const row = await taskAbout(`invite:${id}`);
        return row?.attempts === 1 && row.state === 'pending' ? row : undefined;
      });
      await db().updateTable('tasks').set({ attempts: 2 }).where('id', '=', first.id).execute();
      await runNow(first.id);
      const failed = await until(async () => {
        const row = await taskAbout(`invite:${id}`);
        return row?.state === 'failed' ? row : undefined;
      });
      expect(failed.progress).toBeNull();
      expect(JSON.stringify(failed)).not.toContain(address);
      expect(await db().selectFrom('tasks').select('id').where('target', 'like', `failed:${failed.id}:%`).execute()).toEqual([]);
    } finally {
      sink.mode = 'accept';
    }
  });

  it('sends a treasurer the alert of an urgent chat item through the seam the chats will call', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const spaceId = Number((await defaultPartition(treasurer)).slice(0, 2));
    const address = newAddress();
    await server.store.transaction((tx) =>
      alertTreasurerOfUrgentItem(tx, {
        spaceId,
        orgCode: treasurer.orgCode,
        itemId: `${spaceId}00000000000042`,
        treasurer: { address, language: 'fr' },
      }),
    );
    server.app.tasks.wake();
    const mail = readMail((await mailTo(address)).raw);
    expect(mail.subject).toBe(`[Ilot] ${treasurer.orgCode} : un message urgent vous attend`);
    expect(mail.text).toContain(`Connectez-vous sur ${publicUrl}/`);
    const task = await until(async () => {
      const row = await taskAbout(`urgent:${spaceId}00000000000042`);
      return row?.state === 'done' ? row : undefined;
    });
    expect([task.space_id, task.progress]).toEqual([spaceId, null]);
  });

  it('fails for good, without a loop of alerts, a stored mail this version cannot send', async () => {
    const now = Date.now();
    const stored: [string, string][] = [
      ['future:1', JSON.stringify({ mail: { template: 'fromTheFuture', params: {}, to: { operators: true } } })],
      ['future:2', '{"mail": {"template": "taskFailed", "params": {"kind": 1}, "to": {"operators": true}}}'],
      ['future:3', 'not json'],
    ];
    for (const [about, progress] of stored)
      await db()
        .insertInto('tasks')
        .values({
          ...newTaskRow({ space_id: 0, kind: 'mail.send', target: about, dedup: `mail.send:0:${about}`, daily: 0, run_at: now }, now),
          attempts: 2,
          progress,
        })
        .execute();
    server.app.tasks.wake();
    for (const about of ['future:1', 'future:2', 'future:3']) {
      const failed = await until(async () => {
        const row = await taskAbout(about);
        return row?.state === 'failed' ? row : undefined;
      });
      expect(failed.last_error).toMatch(/cannot send this mail|JSON/);
      expect(await db().selectFrom('tasks').select('id').where('target', 'like', `failed:${failed.id}:%`).execute()).toEqual([]);
    }
  });

  it('mails the operators when a task fails for good, once the server accepts it', async () => {
    sink.mode = 'refuse';
    try {
      await server.store.transaction((tx) => deferTask(tx, { kind: broken.kind, target: 'fire' }));
      const row = await until(async () => {
        const r = await taskAbout('fire');
        return r?.attempts === 1 ? r : undefined;
      });
      await db().updateTable('tasks').set({ attempts: 2 }).where('id', '=', row.id).execute();
      await runNow(row.id);
      const alert = await until(async () => {
        const r = await db().selectFrom('tasks').selectAll().where('target', 'like', `failed:${row.id}:%`).executeTakeFirst();
        return r?.attempts === 1 && r.state === 'pending' ? r : undefined;
      });
      sink.mode = 'accept';
      await runNow(alert.id);
      const received = await until(() => sink.mails.find((m) => readMail(m.raw).text.includes(row.id)));
      expect(received.to).toEqual(['ops@example.org']);
      const mail = readMail(received.raw);
      expect(mail.subject).toBe('[Ilot] task failed: test.mailBroken');
      expect(mail.text).toContain('the disk is on fire');
      expect(mail.text).toContain(`task:    ${row.id}`);
    } finally {
      sink.mode = 'accept';
    }
  });

  it('mails the operators that the backup failed, with its own mail', async () => {
    const blocked = join(tempDir(), 'a-file');
    writeFileSync(blocked, '');
    server.config.backup.dir = join(blocked, 'backups');
    try {
      const backup = await db().selectFrom('tasks').selectAll().where('kind', '=', 'backup').executeTakeFirstOrThrow();
      await db().updateTable('tasks').set({ attempts: 2 }).where('id', '=', backup.id).execute();
      await runNow(backup.id);
      const received = await until(() => sink.mails.find((m) => readMail(m.raw).text.includes(`ilot tasks retry ${backup.id}`)));
      const mail = readMail(received.raw);
      expect(received.to).toEqual(['ops@example.org']);
      expect(mail.subject).toBe('[Ilot] the backup failed');
      expect(mail.text).toContain('failed 3 times');
      expect(mail.text).toMatch(/Error: .*(ENOTDIR|EEXIST|not a directory)/i);
    } finally {
      server.config.backup.dir = '';
    }
  });

  it('mails the operators once when a space passes 90 % of a quota, and again only after it went back under', async () => {
    const treasurer = await spaceWithTreasurer(server.url, { maxAccounts: 1 });
    const space = await db().selectFrom('spaces').select('id').where('org_code', '=', treasurer.orgCode).executeTakeFirstOrThrow();
    const alertsOf = () =>
      db()
        .selectFrom('tasks')
        .selectAll()
        .where('kind', '=', 'mail.send')
        .where('target', 'like', `quota:${space.id}:accounts:%`)
        .execute();
    const mailsOf = () => sink.mails.filter((m) => readMail(m.raw).subject.includes(`space ${treasurer.orgCode}: accounts at 100 %`));

    await watchQuotas();
    await waitFor(() => mailsOf().length === 1, { what: 'the quota mail' });
    expect(readMail(mailsOf()[0]!.raw).text).toContain('1 / 1 (100 %)');
    await watchQuotas();
    expect(await alertsOf()).toHaveLength(1);

    // Back under 75 %: the next crossing mails again.
    await db().updateTable('spaces').set({ max_accounts: 2 }).where('id', '=', space.id).execute();
    await watchQuotas();
    expect(await alertsOf()).toHaveLength(1);
    await db().updateTable('spaces').set({ max_accounts: 1 }).where('id', '=', space.id).execute();
    await watchQuotas();
    expect(await alertsOf()).toHaveLength(2);
    await waitFor(() => mailsOf().length === 2, { what: 'the second quota mail' });
  });

  it("counts a space's notes against its documents quota: 80 % warns without mail, 90 % mails", async () => {
    const treasurer = await spaceWithTreasurer(server.url, { documents: 10 });
    const space = await db().selectFrom('spaces').select('id').where('org_code', '=', treasurer.orgCode).executeTakeFirstOrThrow();
    const avatar = treasurer.client.member.avatars[0]!.id;
    for (let i = 0; i < 8; i++) await createNote(treasurer.client, avatar, { text: `note ${i}`, hashtags: [] });
    const alerts = () => db().selectFrom('tasks').select('id').where('target', 'like', `quota:${space.id}:documents:%`).execute();
    await watchQuotas();
    expect(await alerts()).toHaveLength(0);
    await createNote(treasurer.client, avatar, { text: 'the ninth', hashtags: [] });
    await watchQuotas();
    expect(await alerts()).toHaveLength(1);
    await until(() => sink.mails.find((m) => readMail(m.raw).text.includes('9 / 10 (90 %)')));
  });

  it('refuses a bad address, a site without mail and a sponsor past its daily invitations, leaving nothing behind', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const spaceId = Number((await defaultPartition(treasurer)).slice(0, 2));
    const counts = async () => ({
      sponsorships: (await db().selectFrom('sponsorships').select('id').where('space_id', '=', spaceId).execute()).length,
      mails: (await db().selectFrom('tasks').select('id').where('space_id', '=', spaceId).where('kind', '=', 'mail.send').execute()).length,
    });
    const before = await counts();
    const bad = await refusal(invite(treasurer, { address: 'not an address', language: 'fr' }));
    expect(bad.code).toBe('MAIL_ADDRESS_INVALID');

    // The server checks too, whatever a client sends.
    const call = treasurer.client.call.bind(treasurer.client);
    treasurer.client.call = ((operation: string, input: Record<string, unknown>) =>
      call(
        operation as never,
        (operation === 'sponsorship.create'
          ? { ...input, invitation: { address: 'a@b.c\r\nBcc: x@y.z', language: 'fr' } }
          : input) as never,
      )) as never;
    try {
      expect((await refusal(invite(treasurer, { address: 'fine@example.org', language: 'fr' }))).code).toBe('MAIL_ADDRESS_INVALID');
    } finally {
      treasurer.client.call = call;
    }
    expect(await counts()).toEqual(before);

    server.config.site.publicUrl = '';
    try {
      expect((await refusal(invite(treasurer, { address: newAddress(), language: 'fr' }))).code).toBe('MAIL_NOT_CONFIGURED');
    } finally {
      server.config.site.publicUrl = publicUrl;
    }
    expect(await counts()).toEqual(before);

    // smtp.invitationsPerDay is 3: every sponsorship of the day counts, with a mail or not.
    await invite(treasurer, undefined);
    await invite(treasurer, { address: newAddress(), language: 'fr' });
    await invite(treasurer, { address: newAddress(), language: 'en' });
    const limited = await refusal(invite(treasurer, { address: newAddress(), language: 'fr' }));
    expect([limited.code, limited.status]).toEqual(['INVITATIONS_EXCEEDED', 429]);
    expect(await counts()).toEqual({ sponsorships: before.sponsorships + 3, mails: 2 });
    await invite(treasurer, undefined);
    expect((await counts()).sponsorships).toBe(before.sponsorships + 4);
  });

  it('holds a sponsor to smtp.invitationsPerDay when its invitations arrive together', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const kept: Prepared[] = [];
    let keep = false;
    const client = new IlotClient(server.url, {
      fetch: async (input, init) => {
        if (!keep || input !== `${server.url}/api/ops/sponsorship.create`) return fetch(input, init);
        kept.push({ operation: 'sponsorship.create', body: init?.body as string, token: client.sessionToken });
        return new Response('{"id":"x","expiresAt":0}', { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    await client.signIn(treasurer.orgCode, treasurer.passphrase);
    keep = true;
    for (let i = 0; i < 6; i++) await invite({ ...treasurer, client }, { address: newAddress(), language: 'en' });
    const answers = await race(server.url, kept.length, (i) => kept[i]!);
    expect(tally(answers)).toEqual({ ok: 3, INVITATIONS_EXCEEDED: 3 });
  });
});
