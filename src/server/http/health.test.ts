import { rmSync, writeFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { describeEngines } from '../../../test/support/engines.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';

describeEngines('health', (engine) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  const get = async (path: string) => {
    const response = await fetch(`${server!.url}${path}`);
    return { status: response.status, body: await response.json() };
  };

  it('is live and ready when the database and the file store answer and the task engine runs', async () => {
    server = await startTestServer(engine);
    expect(await get('/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
    const tasks = { ok: true, running: true, enabled: true, failedTasks: 0, oldestDailySuccessAt: null };
    expect(await get('/health/ready')).toEqual({
      status: 200,
      body: { status: 'ok', checks: { database: { ok: true }, files: { ok: true }, tasks, backups: { ok: true, configured: false } } },
    });
  });

  it('is not ready when the task engine should run and does not', async () => {
    server = await startTestServer(engine);
    await server.app.tasks.stop();
    const reply = await get('/health/ready');
    expect([reply.status, reply.body.details.failed, reply.body.details.checks.tasks.error]).toEqual([
      503,
      ['tasks'],
      'the task engine is not running',
    ]);
  });

  it('is not ready, and says why, when the file store cannot be written', async () => {
    server = await startTestServer(engine);
    rmSync(server.config.files.dir, { recursive: true });
    writeFileSync(server.config.files.dir, 'a file where the directory was');
    const reply = await get('/health/ready');
    expect(reply.status).toBe(503);
    expect(reply.body).toMatchObject({
      code: 'NOT_READY',
      message: 'Not ready: files failed.',
      details: { failed: ['files'], checks: { database: { ok: true }, files: { ok: false } } },
    });
    expect(reply.body.details.checks.files.error).toMatch(/ENOTDIR/);
    expect((await get('/health/live')).status).toBe(200);
  });

  it('is not ready when the database does not answer', async () => {
    server = await startTestServer(engine);
    await server.store.close();
    const reply = await get('/health/ready');
    expect(reply.status).toBe(503);
    // The task engine's check reads the database too.
    expect(reply.body.details.failed).toEqual(['database', 'tasks']);
  });
});
