import { afterAll, beforeAll, expect, it } from 'vitest';
import type { IlotClient } from '../../../client/client.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { waitFor } from '../../../../test/support/wait.js';
import { operatorClient, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('the daily database maintenance', (engine) => {
  let server: TestServer;
  let alice: IlotClient;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), tasks: { pollSeconds: 1 } });
    alice = await operatorClient(server.url, 'alice');
  });
  afterAll(() => server.stop());

  it('is a daily task that maintains the database while the site works, and logs what it did', async () => {
    const task = await server.store.db.selectFrom('tasks').selectAll().where('kind', '=', 'db.maintenance').executeTakeFirstOrThrow();
    expect(task).toMatchObject({ daily: 1, state: 'pending' });
    await alice.call('tasks.runNow', { id: task.id });
    // The site keeps answering during the run.
    await spaceWithTreasurer(server.url);
    const done = await waitFor(async () => {
      const row = await server.store.db.selectFrom('tasks').selectAll().where('id', '=', task.id).executeTakeFirstOrThrow();
      return row.last_success_at !== null && row.state === 'pending' ? row : undefined;
    });
    expect(done!.last_error).toBeNull();
    const line = server.logs.lines.find((l) => l.msg === 'database maintained');
    expect(line).toMatchObject(engine.name === 'sqlite' ? { optimized: true, checkpointBusy: false } : { vacuumed: expect.any(Array) });
    expect(line!.bytesBefore).toBeGreaterThan(0);
    expect(line!.bytesAfter).toBeGreaterThan(0);
  });
});
