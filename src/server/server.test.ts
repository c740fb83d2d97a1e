import { connect } from 'node:net';
import { Type } from '@sinclair/typebox';
import { expect, it } from 'vitest';
import { describeEngines } from '../../test/support/engines.js';
import { startTestServer } from '../../test/support/server.js';
import { waitFor } from '../../test/support/wait.js';
import { operations } from './operations/index.js';
import { defineOperation } from './pipeline/operation.js';

let entered!: () => void;
let release!: () => void;
const slow = defineOperation({
  name: 'test.slow',
  summary: 'Waits until released (test)',
  access: { plane: 'public' },
  effect: 'read',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({ finished: Type.Boolean() }),
  run: async () => {
    entered();
    await new Promise<void>((resolve) => (release = resolve));
    return { finished: true };
  },
});

describeEngines('graceful shutdown', (engine) => {
  it('stops accepting, lets the request in flight finish, then closes the database', async () => {
    const server = await startTestServer(engine, {}, { operations: [...operations, slow] });
    const running = new Promise<void>((resolve) => (entered = resolve));
    const inFlight = server.call('test.slow');
    await running;
    const stopped = server.stop();
    // A new connection finds nobody listening (the listener closes once stop has begun).
    const { hostname, port } = new URL(server.url);
    const refused = () =>
      new Promise<boolean>((resolve) => {
        const socket = connect(Number(port), hostname)
          .once('connect', () => {
            socket.destroy();
            resolve(false);
          })
          .once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
      });
    await waitFor(refused, { what: 'new connections refused' });
    release();
    expect(await inFlight).toMatchObject({ status: 200, body: { finished: true } });
    await stopped;
    await expect(server.store.ping()).rejects.toThrow(/closed/);
  });
});
