import { afterAll, beforeAll, expect, it } from 'vitest';
import type { IlotClient } from '../../src/client/client.js';
import { Agent } from '../../src/agent/agent.js';
import { describeEngines, tempDir } from '../support/engines.js';
import { operatorClient, withOperators } from '../support/operators.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { waitFor } from '../support/wait.js';

// A tower that holds no long poll (`fleet.longPollSeconds` 0) answers each message at once: the agent
// must then ask again after a pause, not in a loop, and still take its commands.
describeEngines('an agent polling a tower without long polls', (engine) => {
  let tower: TestServer;
  let alice: IlotClient;
  let agent: Agent;

  beforeAll(async () => {
    tower = await startTestServer(engine, { ...(await withOperators()), fleet: { longPollSeconds: 0 } });
    alice = await operatorClient(tower.url, 'alice');
    await alice.call('fleet.app.add', { name: 'clock', kind: 'process', command: ['node', 'clock.js'] });
    await alice.call('fleet.permission.grant', { operator: 'alice', app: 'clock', hosts: { name: 'plain-1' } });
    const { enrolToken } = await alice.call('fleet.host.add', { name: 'plain-1' });
    agent = new Agent({ tower: tower.url, dir: tempDir(), token: enrolToken, log: () => {} });
    await agent.start();
  });

  afterAll(async () => {
    await agent?.stop();
    await tower?.stop();
  });

  it('asks again after a pause, and a command issued meanwhile still runs', async () => {
    // The agent's messages, as the tower counts its requests.
    const messages = async () => {
      const text = await (await fetch(`${tower.url}/metrics`)).text();
      return Number(/ilot_http_requests_total\{method="POST",route="\/api\/agent\/exchange",status="200"\} (\d+)/.exec(text)?.[1] ?? 0);
    };
    const started = Date.now();
    await waitFor(async () => (await messages()) >= 2, { what: 'two polls', timeoutMs: 60_000, everyMs: 200 });
    const command = await alice.call('fleet.command.issue', { host: 'plain-1', command: { type: 'inventory' } });
    const ended = await waitFor(
      async () => {
        const shown = await alice.call('fleet.command.show', { id: command.id });
        return shown.state === 'succeeded' ? shown : null;
      },
      { what: 'the inventory ran', timeoutMs: 60_000, everyMs: 200 },
    );
    expect(ended?.output).toContain('CPUs');
    // A poll per pause (5 s) and the command's reports, not a loop's dozens a second (whatever the machine's pace).
    const pauses = Math.ceil((Date.now() - started) / 5000);
    expect(await messages()).toBeLessThanOrEqual(4 + 2 * pauses);
  }, 120_000);
});
