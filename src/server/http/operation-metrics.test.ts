import { setTimeout as sleep } from 'node:timers/promises';
import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../../../test/support/engines.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { operations } from '../operations/index.js';
import { defineOperation } from '../pipeline/operation.js';

const slowMs = 200;
const secret = 'a secret given to a slow operation';

// Takes at least the slow threshold, whatever the machine's load: it waits that long.
const slow = defineOperation({
  name: 'test.slow',
  summary: 'Waits past the slow threshold',
  input: Type.Object({ secret: Type.String() }, { additionalProperties: false }),
  output: Type.Object({ ok: Type.Boolean() }),
  access: { plane: 'public' },
  effect: 'read',
  async run() {
    await sleep(slowMs + 20);
    return { ok: true };
  },
});

describeEngines('operation and database metrics', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { log: { slowOperationMs: slowMs } }, { operations: [...operations, slow] });
  });
  afterAll(() => server.stop());

  const metrics = async () => (await fetch(`${server.url}/metrics`)).text();
  const value = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  it('keeps a histogram of operation durations by operation and result', async () => {
    await server.call('ping');
    await server.call('ping');
    await server.call('space.list');
    const text = await metrics();
    expect(value(text, 'ilot_operation_duration_seconds_count{operation="ping",result="ok"}')).toBe(2);
    expect(value(text, 'ilot_operation_duration_seconds_bucket{le="+Inf",operation="ping",result="ok"}')).toBe(2);
    expect(value(text, 'ilot_operation_duration_seconds_count{operation="space.list",result="error"}')).toBe(1);
    expect(text).toMatch(/^# TYPE ilot_operation_duration_seconds histogram$/m);
  });

  it('logs an operation slower than log.slowOperationMs, with its request id and never its input', async () => {
    const reply = await server.call('test.slow', { secret }, { 'x-request-id': 'slow-one' });
    expect(reply.status).toBe(200);
    const line = server.logs.lines.find((l) => l.msg === 'slow operation' && l.reqId === 'slow-one');
    expect(line).toMatchObject({ level: 40, operation: 'test.slow', result: 'ok', slowOperationMs: slowMs });
    expect(line!.ms).toBeGreaterThanOrEqual(slowMs);
    // Every slow line is past the threshold (what is faster is not logged).
    for (const l of server.logs.lines.filter((l) => l.msg === 'slow operation')) expect(l.ms).toBeGreaterThanOrEqual(slowMs);
    expect(server.logs.raw.join('\n')).not.toContain(secret);
    expect(value(await metrics(), 'ilot_operation_duration_seconds_count{operation="test.slow",result="ok"}')).toBe(1);
  });

  it('shows the database size and its connections', async () => {
    const text = await metrics();
    expect(value(text, 'ilot_database_bytes')).toBeGreaterThan(0);
    expect(value(text, 'ilot_database_connections{state="max"}')).toBe(engine.name === 'sqlite' ? 1 : server.config.database.poolSize);
    const busy = value(text, 'ilot_database_connections{state="busy"}')!;
    const idle = value(text, 'ilot_database_connections{state="idle"}')!;
    expect(busy + idle).toBeLessThanOrEqual(value(text, 'ilot_database_connections{state="max"}')!);
    // The scrape itself queries the database (its size), and may wait for a connection.
    expect(value(text, 'ilot_database_connection_waiters')).toBeGreaterThanOrEqual(0);
  });
});
