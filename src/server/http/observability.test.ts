import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteEngine } from '../../../test/support/engines.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';

// Metrics, logs and the API description: what an operator reads. One engine is enough, nothing here touches the database.
describe('observability', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(sqliteEngine);
  });
  afterAll(() => server.stop());

  it('counts requests and their latency by route and status in Prometheus format, with process metrics', async () => {
    await server.call('ping');
    await server.call('ping');
    await server.call('ping', { unexpected: 1 });
    await fetch(`${server.url}/random/probe/${Math.random()}`);
    const response = await fetch(`${server.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain('ilot_http_requests_total{method="POST",route="/api/ops/ping",status="200"} 2');
    expect(text).toContain('ilot_http_requests_total{method="POST",route="/api/ops/ping",status="400"} 1');
    expect(text).toContain('ilot_http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(text).toMatch(/ilot_http_request_duration_seconds_bucket\{le="0\.005",method="POST",route="\/api\/ops\/ping",status="200"\} \d/);
    expect(text).toContain('ilot_http_request_duration_seconds_count{method="POST",route="/api/ops/ping",status="200"} 2');
    expect(text).toMatch(/^ilot_process_resident_memory_bytes \d+/m);
    expect(text).toMatch(/^ilot_nodejs_eventloop_lag_seconds /m);
  });

  it('logs one JSON line per request with its id, and echoes the id', async () => {
    const reply = await server.call('ping', {}, { 'x-request-id': 'trace-abc.123' });
    expect(reply.headers.get('x-request-id')).toBe('trace-abc.123');
    const line = server.logs.lines.find((l) => l.reqId === 'trace-abc.123');
    expect(line).toMatchObject({ msg: 'request', method: 'POST', route: '/api/ops/ping', status: 200, address: '127.0.0.1' });
    expect(typeof line!.ms).toBe('number');
    const generated = await server.call('ping', {}, { 'x-request-id': 'bad id with spaces' });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps credentials and bodies out of the logs', async () => {
    await server.call(
      'ping',
      { passphrase: 'correct horse battery staple' },
      { authorization: 'Bearer super-secret-token', cookie: 'sid=secret-cookie' },
    );
    const all = server.logs.raw.join('\n');
    expect(all).not.toContain('super-secret-token');
    expect(all).not.toContain('secret-cookie');
    expect(all).not.toContain('correct horse');
  });

  it('describes every operation in an OpenAPI document and a page to read it', async () => {
    const document = await (await fetch(`${server.url}/api/openapi.json`)).json();
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.version).toMatch(/^\d+\.\d+\.\d+/);
    const ping = document.paths['/api/ops/ping'].post;
    expect(ping.summary).toBe('Site name, version, time and key-derivation parameters');
    expect(Object.keys(ping.responses)).toEqual(expect.arrayContaining(['200', '4XX']));
    expect(document.paths['/metrics']).toBeUndefined();
    const page = await fetch(`${server.url}/api/docs/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger-ui');
  });
});
