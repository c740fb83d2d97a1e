import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { IlotClient } from '../../src/client/client.js';
import { TowerClient } from '../../src/agent/tower-client.js';
import { startServer } from '../../src/server/server.js';
import { ilot, type Run } from '../support/cli.js';
import { describeEngines, tempDir } from '../support/engines.js';
import { openOrganization, refusedWith } from '../support/fleet.js';
import { operatorClient, refusal, withOperators } from '../support/operators.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { waitFor } from '../support/wait.js';

// The tower is a real site; each agent is a real `ilot agent` process with its own directory; the
// app is a real program the process driver starts detached.

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describeEngines('fleet agents, as processes', (engine) => {
  let tower: TestServer;
  let url: string;
  let alice: IlotClient;
  const agents = new Map<string, { dir: string; run: ReturnType<typeof ilot> }>();
  const appPids = new Set<number>();
  const clock = join(tempDir(), 'clock.js');

  const startAgent = (host: string, dir: string, token?: string) => {
    const run = ilot(['agent', '--tower', url, '--dir', dir], token ? { ILOT_AGENT_TOKEN: token } : {});
    agents.set(host, { dir, run });
    return run;
  };
  const issue = (host: string, command: object, extra: object = {}) =>
    alice.call('fleet.command.issue', { host, command: command as never, ...extra });
  const ended = async (id: string, what: string) =>
    (await waitFor(
      async () => {
        const shown = await alice.call('fleet.command.show', { id });
        return ['succeeded', 'failed', 'timed_out', 'cancelled', 'lost'].includes(shown.state) ? shown : null;
      },
      { what, timeoutMs: 60_000, everyMs: 100 },
    ))!;
  const startsOf = (host: string) => {
    const file = join(agents.get(host)!.dir, 'apps', 'clock', 'starts.log');
    return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').length : 0;
  };
  const pidOf = (host: string) => Number(readFileSync(join(agents.get(host)!.dir, 'apps', 'clock', 'pid'), 'utf8'));

  beforeAll(async () => {
    // Each start appends a line to starts.log in its folder (the app's working directory), then keeps running.
    writeFileSync(clock, "require('fs').appendFileSync('starts.log', process.pid + '\\n'); setInterval(() => {}, 1000);\n");
    tower = await startTestServer(engine, { ...(await withOperators()), fleet: { longPollSeconds: 5 } });
    url = tower.url;
    alice = await operatorClient(url, 'alice');
    await alice.call('fleet.app.add', { name: 'clock', kind: 'process', command: [process.execPath, clock] });
    await alice.call('fleet.permission.grant', { operator: 'alice', app: 'clock', hosts: { label: 'test' } });
    for (const host of ['h1', 'h2']) {
      const { enrolToken } = await alice.call('fleet.host.add', { name: host, labels: ['test'] });
      void startAgent(host, join(tempDir(), host), enrolToken);
    }
    await waitFor(async () => (await alice.call('fleet.host.list', {})).hosts.every((h) => h.online), {
      what: 'agents online',
      timeoutMs: 60_000,
    });
  }, 120_000);

  afterAll(async () => {
    for (const { run } of agents.values()) run.child.kill('SIGKILL');
    for (const { dir } of agents.values()) {
      const file = join(dir, 'apps', 'clock', 'pid');
      if (existsSync(file)) appPids.add(Number(readFileSync(file, 'utf8')));
    }
    for (const pid of appPids) if (alive(pid)) process.kill(-pid, 'SIGKILL');
    await tower.stop();
  });

  it('enrols, reports real facts, starts and stops an app', async () => {
    const facts = await ended((await issue('h1', { type: 'inventory' })).id, 'inventory');
    expect(facts.state).toBe('succeeded');
    const { host } = await alice.call('fleet.host.show', { name: 'h1' });
    expect(host.inventory).toMatchObject({ node: process.version, cpus: expect.any(Number) });
    expect(host.inventory!.memoryBytes).toBeGreaterThan(0);
    expect(host.inventory!.diskBytes).toBeGreaterThan(0);

    for (const name of ['h1', 'h2'])
      expect((await ended((await issue(name, { type: 'start', app: 'clock', stableMs: 300 })).id, 'start')).state).toBe('succeeded');
    expect(alive(pidOf('h1'))).toBe(true);
    const pid = pidOf('h2');
    appPids.add(pid);
    // (The app writes its line once Node has loaded it, maybe after it counted as up.)
    await waitFor(() => startsOf('h2') === 1, { what: 'the first start on h2' });
    const stopped = await ended((await issue('h2', { type: 'stop', app: 'clock' }, { id: 'stop-h2-once' })).id, 'stop');
    expect(stopped).toMatchObject({ state: 'succeeded', output: expect.stringContaining('stopped') });
    expect(alive(pid)).toBe(false);
    // The same id again: the same ended command, nothing runs; the app started since stays up.
    expect((await ended((await issue('h2', { type: 'start', app: 'clock', stableMs: 300 })).id, 'start')).state).toBe('succeeded');
    const again = await issue('h2', { type: 'stop', app: 'clock' }, { id: 'stop-h2-once' });
    expect(again).toMatchObject({ id: 'stop-h2-once', state: 'succeeded', endedAt: stopped.endedAt });
    expect(alive(pidOf('h2'))).toBe(true);
    await waitFor(() => startsOf('h2') === 2, { what: 'two starts on h2' });
  });

  it('an agent killed mid-command reports it lost when it starts again, and never runs it twice', async () => {
    const before = startsOf('h1');
    const slow = await issue('h1', { type: 'restart', app: 'clock', stableMs: 60_000 });
    await waitFor(async () => (await alice.call('fleet.command.show', { id: slow.id })).state === 'running', { what: 'restart running' });
    // The restart stopped the app and started it again: it is waiting for it to stay up.
    await waitFor(() => startsOf('h1') === before + 1, { what: 'restart started the app' });
    const { run, dir } = agents.get('h1')!;
    run.child.kill('SIGKILL');
    await run;
    const restarted = startAgent('h1', dir);
    const end = await ended(slow.id, 'the interrupted restart');
    expect(end).toMatchObject({ state: 'lost', error: expect.stringContaining('stopped while it ran') });
    const journal = new Database(join(dir, 'journal.db'), { readonly: true });
    expect(journal.prepare('SELECT count(*) AS n FROM commands WHERE id = ?').get(slow.id)).toEqual({ n: 1 });
    journal.close();
    // The app it started runs on, adopted by the new agent, and was started once.
    expect(alive(pidOf('h1'))).toBe(true);
    expect(startsOf('h1')).toBe(before + 1);
    expect(restarted.child.exitCode).toBe(null);
  });

  it('with the tower down the apps keep running, and results arrive when it returns', async () => {
    const pid = pidOf('h2');
    const command = await issue('h2', { type: 'restart', app: 'clock', stableMs: 3000 });
    await waitFor(async () => (await alice.call('fleet.command.show', { id: command.id })).state === 'running', {
      what: 'restart running',
    });
    const port = Number(new URL(url).port);
    await tower.stop();
    // The restart ends while the tower is away: its result waits in the journal.
    const journal = new Database(join(agents.get('h2')!.dir, 'journal.db'), { readonly: true });
    await waitFor(
      () => (journal.prepare('SELECT state FROM commands WHERE id = ?').get(command.id) as { state: string }).state === 'succeeded',
      {
        what: 'the restart ends offline',
        timeoutMs: 30_000,
      },
    );
    journal.close();
    const newPid = pidOf('h2');
    expect(newPid).not.toBe(pid);
    expect(alive(newPid)).toBe(true);
    expect(alive(pidOf('h1'))).toBe(true);
    const back = await startServer({ ...tower.config, listen: { ...tower.config.listen, port } }, { logStream: tower.logs });
    tower = { ...tower, ...back };
    alice = await operatorClient(url, 'alice');
    expect((await ended(command.id, 'the buffered result')).state).toBe('succeeded');
  });

  it("refuses another organization's host, and a revoked credential replayed", async () => {
    await openOrganization(tower, 11, 'acme');
    await alice.call('fleet.host.add', { name: 'acme-1', labels: ['test'], orgCode: 'acme' });
    expect((await refusal(issue('acme-1', { type: 'start', app: 'clock' }))).code).toBe('FLEET_COMMAND_FORBIDDEN');

    const { dir, run } = agents.get('h2')!;
    const journal = new Database(join(dir, 'journal.db'), { readonly: true });
    const { value: credential } = journal.prepare("SELECT value FROM settings WHERE key = 'credential'").get() as { value: string };
    journal.close();
    await alice.call('fleet.host.revoke', { name: 'h2' });
    const exited: Run = await run;
    expect(exited.code).toBe(1);
    expect(exited.stdout + exited.stderr).toContain('AGENT_CREDENTIAL_INVALID');
    const replayed = new TowerClient(url).withCredential(credential);
    expect(await refusedWith(replayed.exchange({ seq: Date.now() * 2000, version: '1', reports: [] }))).toBe('AGENT_CREDENTIAL_INVALID');
    // Its app runs on: revoking the agent does not stop the host's service.
    expect(alive(pidOf('h2'))).toBe(true);
  });
});
