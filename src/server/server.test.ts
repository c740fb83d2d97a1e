import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { testEngines } from '../../test/support/engines.js';
import { startTestServer } from '../../test/support/server.js';
import { operations } from './operations/index.js';
import { defineOperation } from './pipeline/operation.js';

let release!: () => void;
const slow = defineOperation({
  name: 'test.slow',
  summary: 'Waits until released (test)',
  access: { plane: 'public' },
  effect: 'read',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({ finished: Type.Boolean() }),
  run: async () => {
    await new Promise<void>((resolve) => (release = resolve));
    return { finished: true };
  },
});

describe.each(testEngines())('graceful shutdown on $name', (engine) => {
  it('stops accepting, lets the request in flight finish, then closes the database', async () => {
    const server = await startTestServer(engine, {}, { operations: [...operations, slow] });
    const inFlight = server.call('test.slow');
    await new Promise((done) => setTimeout(done, 50));
    const stopped = server.stop();
    await new Promise((done) => setTimeout(done, 50));
    // A new connection finds nobody listening.
    const refused = await fetch(`${server.url}/health/live`).then((r) => `status ${r.status}`, (e: Error & { cause?: { code?: string } }) => e.cause?.code);
    expect(refused).toBe('ECONNREFUSED');
    release();
    expect(await inFlight).toMatchObject({ status: 200, body: { finished: true } });
    await stopped;
    await expect(server.store.ping()).rejects.toThrow(/closed/);
  });
});
