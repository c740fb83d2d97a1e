import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../../../test/support/engines.js';
import { bearer, countItems, prepareFixtures, testAuthenticator, testOperations } from '../../../test/support/fixtures.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { operations } from '../operations/index.js';

describeEngines('bad input', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(
      engine,
      { http: { bodyLimitBytes: 2048 } },
      { operations: [...operations, ...testOperations], authenticate: testAuthenticator },
    );
    await prepareFixtures(server.store);
  });
  afterAll(() => server.stop());

  async function send(body: string | undefined, headers: Record<string, string>, path = '/api/ops/test.items.add') {
    const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { ...bearer('member-10'), ...headers }, body });
    return { status: response.status, body: (await response.json()) as { code: string; message: string; details?: any } };
  }

  const json = { 'content-type': 'application/json' };
  const cases: [string, string | undefined, Record<string, string>, number, string][] = [
    ['malformed JSON', '{"id": "1000000000000001", "value": ', json, 400, 'BAD_JSON'],
    ['an empty JSON body', '', json, 400, 'BAD_JSON'],
    ['a prototype-poisoning body', '{"__proto__": {"x": 1}, "id": "1000000000000001", "value": "v"}', json, 400, 'BAD_JSON'],
    [
      'a body that is not JSON',
      'id=1000000000000001&value=v',
      { 'content-type': 'application/x-www-form-urlencoded' },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    ['plain text', '{"id": "1000000000000001", "value": "v"}', { 'content-type': 'text/plain' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['an oversized body', JSON.stringify({ id: '1050000000000001', value: 'v'.repeat(4000) }), json, 413, 'PAYLOAD_TOO_LARGE'],
    ['an unknown field', JSON.stringify({ id: '1050000000000001', value: 'v', admin: true }), json, 400, 'VALIDATION_FAILED'],
    ['a missing field', JSON.stringify({ id: '1050000000000001' }), json, 400, 'VALIDATION_FAILED'],
    ['a wrong type', JSON.stringify({ id: 1000000000000001, value: 'v' }), json, 400, 'VALIDATION_FAILED'],
    ['a JSON array instead of an object', JSON.stringify([{ id: '1050000000000001', value: 'v' }]), json, 400, 'VALIDATION_FAILED'],
    ['a string too long', JSON.stringify({ id: '1050000000000001', value: 'v'.repeat(101) }), json, 400, 'VALIDATION_FAILED'],
    ['a NUL character in a text', '{"id": "1000000000000001", "value": "a\\u0000b"}', json, 400, 'VALIDATION_FAILED'],
    ['a lone surrogate in a text', '{"id": "1000000000000001", "value": "a\\ud800b"}', json, 400, 'VALIDATION_FAILED'],
    ['a lone surrogate in a key', '{"id": "1000000000000001", "value": "v", "\\udc00": 1}', json, 400, 'VALIDATION_FAILED'],
    ['nesting past 64 levels', `{"id": "1000000000000001", "value": ${'['.repeat(64)}${']'.repeat(64)}}`, json, 400, 'INPUT_TOO_DEEP'],
  ];

  it.each(cases)('answers %s with a 4xx and a code, and writes nothing', async (_name, body, headers, status, code) => {
    const reply = await send(body, headers);
    expect(reply.status).toBe(status);
    expect(reply.body.code).toBe(code);
    expect(reply.body.message.length).toBeGreaterThan(10);
    expect(await countItems(server.store)).toBe(0);
    expect(await server.store.db.selectFrom('audit_entries').selectAll().execute()).toEqual([]);
  });

  it('answers a malformed URL and oversized headers in the same error format', async () => {
    const badUrl = await fetch(`${server.url}/api/ops/%E0%A4%A`, { method: 'POST' });
    expect(badUrl.status).toBe(400);
    expect(((await badUrl.json()) as { code: string }).code).toBe('BAD_REQUEST');
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(server.url).port), '127.0.0.1', () =>
        socket.write(`GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
      );
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 431 /);
    expect(raw).toContain('"code":"HEADERS_TOO_LARGE"');
  });

  it('does not believe X-Forwarded-For from a client that is not a trusted proxy', async () => {
    const reply = await send(JSON.stringify({ id: '1150000000000001', value: 'v' }), { ...json, 'x-forwarded-for': '203.0.113.9' });
    expect(reply.body.code).toBe('CROSS_SPACE');
    const entries = await server.store.db.selectFrom('audit_entries').select('address').execute();
    expect(entries.map((e) => e.address)).toEqual(['127.0.0.1']);
    await server.store.db.deleteFrom('audit_entries').execute();
  });

  it('says which field is wrong and why', async () => {
    const reply = await send(JSON.stringify({ id: '1050000000000001', value: 'v', admin: true, extra: 1 }), json);
    expect(reply.body.message).toBe('Invalid input at /admin: unknown field.');
    expect(reply.body.details.issues).toEqual([
      { path: '/admin', problem: 'unknown field' },
      { path: '/extra', problem: 'unknown field' },
    ]);
    const missing = await send(JSON.stringify({ id: '1050000000000001' }), json);
    expect(missing.body.details.issues).toEqual([{ path: '/value', problem: 'missing field' }]);
  });

  it('answers an unknown route or method with ROUTE_NOT_FOUND', async () => {
    expect(await send('{}', json, '/api/ops/no.such.operation')).toEqual({
      status: 404,
      body: { code: 'ROUTE_NOT_FOUND', message: 'There is no route POST /api/ops/no.such.operation.' },
    });
    const get = await fetch(`${server.url}/api/ops/ping`);
    expect(get.status).toBe(404);
    expect(((await get.json()) as { code: string }).code).toBe('ROUTE_NOT_FOUND');
  });

  it('takes a call without a body as a call without arguments', async () => {
    const response = await fetch(`${server.url}/api/ops/ping`, { method: 'POST' });
    expect(response.status).toBe(200);
  });

  it('never answered any of these with a 5xx', () => {
    const statuses = server.logs.lines.filter((l) => l.msg === 'request').map((l) => Number(l.status));
    expect(statuses.length).toBeGreaterThan(cases.length);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
  });
});

describeEngines('rate limit', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { http: { rateLimitPerMinute: 5 } });
  });
  afterAll(() => server.stop());

  it('refuses an address past its allowance with 429 RATE_LIMITED and Retry-After, but keeps health checks open', async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await server.call('ping')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await server.call('ping');
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await fetch(`${server.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${server.url}/health/ready`)).status).toBe(200);
  });
});
