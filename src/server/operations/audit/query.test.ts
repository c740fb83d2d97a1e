import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient, IlotClientError } from '../../../client/client.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatorClient, withOperators } from '../../../../test/support/operators.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';
import { postJsonText } from '../../../../test/support/raw-requests.js';
import { maxInputInteger, maxTimestamp } from '../../../shared/integers.js';

const quotas = { documents: 10, volumeBytes: 10, monthlyCents: 10, maxAccounts: 10 };

describeEngines('site audit log', (engine) => {
  let server: TestServer;
  let alice: IlotClient;
  let oscar: IlotClient;
  beforeAll(async () => {
    server = await startTestServer(engine, await withOperators());
    alice = await operatorClient(server.url, 'alice');
    oscar = await operatorClient(server.url, 'oscar');
    for (const code of ['asso1', 'asso2', 'asso3']) await alice.openSpace(code, quotas, `sponsorship phrase of the space ${code}`);
    await alice.openSpace('asso1', quotas, 'sponsorship phrase, second try for asso1').catch(() => undefined);
    await oscar.call('space.setFrozen', { orgCode: 'asso2', frozen: true }).catch(() => undefined);
  });
  afterAll(() => server.stop());

  it('lists entries newest first with who, what, where and the result', async () => {
    const page = await oscar.call('audit.querySite');
    expect(page.entries.map((e) => [e.action, e.actor, e.target, e.result, e.errorCode])).toEqual([
      ['space.setFrozen', 'oscar', 'asso2', 'error', 'FORBIDDEN'],
      ['space.open', 'alice', 'asso1', 'error', 'ORG_CODE_TAKEN'],
      ['space.open', 'alice', 'asso3', 'ok', null],
      ['space.open', 'alice', 'asso2', 'ok', null],
      ['space.open', 'alice', 'asso1', 'ok', null],
      ['session.signIn', 'anonymous', 'oscar', 'ok', null],
      ['session.signIn', 'anonymous', 'alice', 'ok', null],
    ]);
    expect(page.entries[0]!.address).toBe('127.0.0.1');
    expect(page.next).toBeNull();
  });

  it('filters by action, actor, result and dates', async () => {
    const opens = await alice.call('audit.querySite', { action: 'space.open', result: 'ok' });
    expect(opens.entries.map((e) => e.target)).toEqual(['asso3', 'asso2', 'asso1']);
    expect((await alice.call('audit.querySite', { actor: 'oscar' })).entries).toHaveLength(1);
    expect((await alice.call('audit.querySite', { to: 1 })).entries).toEqual([]);
    expect((await alice.call('audit.querySite', { from: Date.now() + 60_000 })).entries).toEqual([]);
  });

  it('pages with a cursor, without gaps or repeats', async () => {
    const seen: number[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await alice.call('audit.querySite', { limit: 3, ...(before ? { before } : {}) });
      seen.push(...page.entries.map((e) => e.seq));
      if (page.next === null) break;
      before = page.next;
    }
    const all = (await alice.call('audit.querySite', { limit: 500 })).entries.map((e) => e.seq);
    expect(seen).toEqual(all);
  });

  it('is for operators only', async () => {
    const error = await new IlotClient(server.url).call('audit.querySite').catch((e: IlotClientError) => e);
    expect((error as IlotClientError).code).toBe('AUTH_REQUIRED');
  });

  // SQLite would compare these as floats, PostgreSQL refuse them past bigint: the schema refuses them first, on both.
  it('refuses dates and cursors past their bounds, however large, with VALIDATION_FAILED', async () => {
    for (const field of ['from', 'to', 'before'])
      for (const value of ['1e308', '9223372036854775808', '-1e308']) {
        const reply = await postJsonText(server.url, 'audit.querySite', `{"${field}":${value}}`, alice.sessionToken);
        expect([field, value, reply.status, reply.body.code]).toEqual([field, value, 400, 'VALIDATION_FAILED']);
      }
    const widest = await alice.call('audit.querySite', { from: 0, to: maxTimestamp, before: maxInputInteger });
    expect(widest.entries.length).toBeGreaterThan(0);
  });
});
