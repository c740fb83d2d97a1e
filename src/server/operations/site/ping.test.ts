import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../../../../test/support/engines.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';
import { ilotVersion } from '../../../config/version.js';

describeEngines('ping', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { siteName: 'Hébergement Nord' });
  });
  afterAll(() => server.stop());

  it('tells the site name, the version, the server time and the key-derivation parameters', async () => {
    const before = Date.now();
    const reply = await server.call('ping');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      site: 'Hébergement Nord',
      version: ilotVersion,
      time: expect.any(Number),
      argon2: { memoryKib: 65536, iterations: 3, parallelism: 1 },
    });
    expect(reply.body.time).toBeGreaterThanOrEqual(before);
  });
});
