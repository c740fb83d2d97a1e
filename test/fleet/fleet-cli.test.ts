import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { IlotClient } from '../../src/client/client.js';
import { ilot, type Run } from '../support/cli.js';
import { describeEngines, tempDir } from '../support/engines.js';
import { ManualAgent, refusedWith } from '../support/fleet.js';
import { operatorClient, operatorPhrases, withOperators } from '../support/operators.js';
import { startTestServer, type TestServer } from '../support/server.js';

// `ilot fleet …` as an operator runs it: each command a new process signing in to a real tower
// (one per engine for the file), the agents simulated in this process (test/support/fleet.ts).

// Each command is a new process that loads the sources (1 to 2 s of CPU).
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const time = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`;

/** A release archive on the tower's disk, with its SHA-256. */
function release(version: string) {
  const archivePath = join(tempDir(), `ilot-${version}.tgz`);
  writeFileSync(archivePath, `release ${version}`);
  return { archivePath, sha256: createHash('sha256').update(`release ${version}`).digest('hex') };
}

/** A run refused as an operator reads it: exit code 1, nothing on stdout, one line with the stable code first. */
function expectRefused(run: Run, text: string) {
  expect(run.stdout, run.stderr).toBe('');
  expect(run.code, run.stderr).toBe(1);
  expect(run.stderr).toContain(text);
}

describeEngines('`ilot fleet` commands, as processes', (engine) => {
  let tower: TestServer;
  let alice: IlotClient;
  const agents = new Map<string, ManualAgent>();

  const fleet = (...args: string[]) => ilot(['fleet', '--url', tower.url, ...args], {}, undefined, `${operatorPhrases.alice}\n`);
  /** Runs refusals three at a time (they are independent), checking each one's stable code or usage message. */
  const refusals = async (cases: [string[], string][]) => {
    for (let i = 0; i < cases.length; i += 3) {
      const batch = cases.slice(i, i + 3);
      const runs = await Promise.all(batch.map(([args]) => fleet(...args)));
      runs.forEach((run, j) => expectRefused(run, batch[j]![1]));
    }
  };

  beforeAll(async () => {
    tower = await startTestServer(engine, {
      ...(await withOperators()),
      tasks: { enabled: false },
      fleet: { longPollSeconds: 0, offlineAfterSeconds: 3600 },
    });
    alice = await operatorClient(tower.url, 'alice');
    await alice.call('fleet.app.add', { name: 'ilot', kind: 'ilot' });
    for (const version of ['1.0.0', '1.1.0']) await alice.call('fleet.app.addVersion', { app: 'ilot', version, ...release(version) });
    await alice.call('fleet.app.add', { name: 'clock', kind: 'process', command: ['node', 'clock.js'] });
    await alice.call('fleet.permission.grant', { operator: 'alice', app: 'ilot', hosts: { label: 'role=node' } });
    await alice.call('fleet.permission.grant', { operator: 'alice', app: 'clock', hosts: { label: 'role=cmd' } });
    for (const [name, label] of [
      ['node-1', 'role=node'],
      ['node-2', 'role=node'],
      ['cmd-1', 'role=cmd'],
    ] as const) {
      const { enrolToken } = await alice.call('fleet.host.add', { name, labels: [label] });
      const agent = await ManualAgent.enrol(tower.url, enrolToken);
      await agent.exchangeNow();
      agents.set(name, agent);
    }
  });
  afterAll(() => tower?.stop());

  it('rollout start, show, list and cancel print the rollout; bad input is refused and changes nothing', async () => {
    expect(await fleet('rollout', 'list')).toMatchObject({ code: 0, stdout: '(no rollout)\n' });

    const started = await fleet('rollout', 'start', 'ilot', '1.0.0', '--label', 'role=node', '--max-unavailable', '2', '--ready', '30');
    expect(started.code, started.stderr).toBe(0);
    const [head, ...hosts] = started.stdout.trimEnd().split('\n');
    const id = /^rollout (\S+) {2}/.exec(head!)![1]!;
    expect(head).toBe(`rollout ${id}  ilot@1.0.0 on label role=node  running  batch 1/1, at most 2 unavailable`);
    expect(hosts).toHaveLength(2);
    hosts.forEach((line, i) =>
      expect(line).toMatch(
        new RegExp(
          `^ {2}batch 1 {2}online +agent 0\\.0\\.0-test {2}\\S+ {2}node-${i + 1} {2}deploy ilot@1\\.0\\.0 +pending {2}by alice at ${time}$`,
        ),
      ),
    );
    expect(await fleet('rollout', 'show', id)).toMatchObject({ code: 0, stdout: started.stdout });

    // The agents deploy and report: the rollout ends, as `show` tells.
    for (const name of ['node-1', 'node-2']) {
      const [deploy] = (await agents.get(name)!.exchange()).commands;
      await agents.get(name)!.exchange([{ commandId: deploy!.id, state: 'succeeded', output: 'ready on 1.0.0' }]);
    }
    const done = await fleet('rollout', 'show', id);
    expect(done.stdout.split('\n')[0]).toBe(`rollout ${id}  ilot@1.0.0 on label role=node  succeeded  batch 1/1, at most 2 unavailable`);
    expect(done.stdout.match(/deploy ilot@1\.0\.0 +succeeded {2}by alice at \S+ {2}ready on 1\.0\.0\n/g)).toHaveLength(2);

    // One host at a time: two batches, the second waiting for the first.
    const next = await fleet('rollout', 'start', 'ilot', '1.1.0', '--label', 'role=node');
    const nextId = /^rollout (\S+)/.exec(next.stdout)![1]!;
    expect(next.stdout).toMatch(
      / {2}batch 2 {2}online .* node-2 {2}deploy ilot@1\.1\.0 +pending \(waiting for the rollout's previous batch\)/,
    );
    const list = await fleet('rollout', 'list');
    expect(list.stdout.trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(`^${nextId} {2}${time} {2}ilot@1\\.1\\.0 on label role=node {2}running {2}batch 1/2, at most 1 unavailable$`),
      ),
      expect.stringMatching(
        new RegExp(`^${id} {2}${time} {2}ilot@1\\.0\\.0 on label role=node {2}succeeded {2}batch 1/1, at most 2 unavailable$`),
      ),
    ]);
    expect((await fleet('rollout', 'list', '--limit', '1')).stdout).toBe(`${list.stdout.split('\n')[0]}\n`);

    const cancelled = await fleet('rollout', 'cancel', nextId);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(cancelled.stdout.split('\n')[0]).toBe(
      `rollout ${nextId}  ilot@1.1.0 on label role=node  cancelled (cancelled by alice)  batch 1/2, at most 1 unavailable`,
    );
    expect(cancelled.stdout.match(/deploy ilot@1\.1\.0 +cancelled/g)).toHaveLength(2);

    const before = await alice.call('fleet.rollout.list', {});
    await refusals([
      [['rollout', 'show', 'nosuchrollout'], 'FLEET_ROLLOUT_NOT_FOUND: There is no such rollout.'],
      [['rollout', 'cancel', nextId], 'FLEET_ROLLOUT_ENDED: This rollout has already ended.'],
      [
        ['rollout', 'list', '--limit', 'ten'],
        "error: option '--limit <n>' argument 'ten' is invalid. expected a whole number of rollouts, 1 or more.",
      ],
      [['rollout', 'list', '--limit', '501'], 'VALIDATION_FAILED: '],
      [['rollout', 'start', 'ilot', '1.1.0', '--label', 'role=none'], 'FLEET_ROLLOUT_NO_HOSTS: No host of this label in this fleet'],
      [
        ['rollout', 'start', 'ilot', '9.9.9', '--label', 'role=node'],
        'FLEET_VERSION_UNKNOWN: The app "ilot" has no version "9.9.9" in the catalog.',
      ],
    ]);
    expect(await alice.call('fleet.rollout.list', {})).toEqual(before);
    for (const name of ['node-1', 'node-2']) expect((await agents.get(name)!.exchange()).commands).toEqual([]);
  });

  it('host add, list, show and revoke print the hosts; bad input is refused and changes nothing', async () => {
    const added = await fleet('host', 'add', 'web-1', '--label', 'role=web', '--label', 'eu');
    expect(added.code, added.stderr).toBe(0);
    const [line, tokenHead, token, hint] = added.stdout.trimEnd().split('\n');
    expect(line).toMatch(/^web-1 +not enrolled +provider +agent - {2}last contact - {2}role=web,eu$/);
    expect(tokenHead).toMatch(new RegExp(`^enrolment token \\(once, until ${time}\\):$`));
    expect(hint).toBe("on the host: ilot agent --tower <this site's address> --dir /var/lib/ilot-agent --token <token>");
    // The token printed is the one an agent enrols with.
    const web = await ManualAgent.enrol(tower.url, token!);
    await web.exchangeNow();

    const list = await fleet('host', 'list');
    expect(list.stdout.trimEnd().split('\n').sort()).toEqual(
      ['cmd-1', 'node-1', 'node-2', 'web-1'].map((name) =>
        expect.stringMatching(new RegExp(`^${name} +online +provider +agent 0\\.0\\.0-test {2}last contact ${time} {2}role=`)),
      ),
    );
    const shown = await fleet('host', 'show', 'web-1');
    expect(shown.stdout.trimEnd().split('\n').slice(1)).toEqual([
      'facts: (none reported yet)',
      'pending:',
      '  (none)',
      'running:',
      '  (none)',
      'executed:',
      '  (none)',
    ]);

    const before = await alice.call('fleet.host.list', {});
    await refusals([
      [['host', 'add', 'web-1'], 'FLEET_HOST_EXISTS: A host of the fleet already has this name.'],
      [['host', 'add', 'web-2', '--label', 'Role Web'], 'VALIDATION_FAILED: '],
      [['host', 'show', 'web-9'], 'FLEET_HOST_NOT_FOUND: There is no host "web-9" in the fleet.'],
    ]);
    expect(await alice.call('fleet.host.list', {})).toEqual(before);

    const revoked = await fleet('host', 'revoke', 'web-1');
    expect(revoked.stdout).toMatch(/^web-1 +revoked +provider +agent 0\.0\.0-test/);
    expect(await refusedWith(web.exchange())).toBe('AGENT_CREDENTIAL_INVALID');
    // A new token for the host: a new agent enrols with it.
    const renewed = await fleet('host', 'enrolment', 'web-1');
    expect(renewed.stdout).toMatch(new RegExp(`^web-1 .*\nenrolment token \\(once, until ${time}\\):\n`));
    const again = await ManualAgent.enrol(tower.url, renewed.stdout.split('\n')[2]!);
    expect((await again.exchangeNow()).commands).toEqual([]);
  });

  it('app add, version and list print the catalog as JSON; bad input is refused and changes nothing', async () => {
    const ticker = await fleet('app', 'add', 'ticker', '--kind', 'process', '--', 'node', '/opt/ticker/server.js');
    expect(JSON.parse(ticker.stdout)).toEqual({
      name: 'ticker',
      kind: 'process',
      command: ['node', '/opt/ticker/server.js'],
      versions: [],
    });
    expect(JSON.parse((await fleet('app', 'add', 'site', '--kind', 'ilot')).stdout)).toMatchObject({ name: 'site', kind: 'ilot' });
    const v2 = release('2.0.0');
    const versioned = await fleet('app', 'version', 'site', '2.0.0', '--archive', v2.archivePath, '--sha256', v2.sha256);
    expect(JSON.parse(versioned.stdout)).toMatchObject({ name: 'site', versions: [{ version: '2.0.0', ...v2 }] });
    const { apps } = JSON.parse((await fleet('app', 'list')).stdout) as { apps: { name: string }[] };
    expect(apps.map((a) => a.name).sort()).toEqual(['clock', 'ilot', 'site', 'ticker']);

    const v3 = release('3.0.0');
    const before = await alice.call('fleet.app.list', {});
    await refusals([
      [['app', 'add', 'ticker', '--', 'node', 'other.js'], 'FLEET_APP_EXISTS: An app of the catalog already has this name.'],
      [
        ['app', 'add', 'box', '--kind', 'docker'],
        "error: option '--kind <kind>' argument 'docker' is invalid. Allowed choices are ilot, process.",
      ],
      [['app', 'version', 'site', '3.0.0', '--archive', v3.archivePath, '--sha256', v2.sha256], 'FLEET_RELEASE_TAMPERED: '],
      [['app', 'version', 'site', '3.0.0', '--archive', join(tempDir(), 'none.tgz'), '--sha256', v3.sha256], 'FLEET_RELEASE_MISSING: '],
      [['app', 'version', 'ghost', '3.0.0', '--archive', v3.archivePath, '--sha256', v3.sha256], 'FLEET_APP_NOT_FOUND: '],
    ]);
    expect(await alice.call('fleet.app.list', {})).toEqual(before);
  });

  it('permission grant, list and revoke print the permissions as JSON; bad input is refused and changes nothing', async () => {
    const granted = await fleet('permission', 'grant', 'oscar', '--app', 'clock', '--host', 'cmd-1');
    const permission = JSON.parse(granted.stdout) as { id: string };
    expect(permission).toMatchObject({ operator: 'oscar', app: 'clock', owner: null, hosts: { name: 'cmd-1' } });
    const listed = JSON.parse((await fleet('permission', 'list')).stdout) as { permissions: { id: string }[] };
    expect(listed.permissions).toContainEqual(permission);

    const before = await alice.call('fleet.permission.list', {});
    await refusals([
      [['permission', 'grant', 'oscar', '--app', 'clock'], 'error: give either --label or --host.'],
      [['permission', 'grant', 'oscar', '--app', 'ghost', '--label', 'role=cmd'], 'FLEET_APP_NOT_FOUND: '],
      [['permission', 'grant', 'oscar', '--app', 'clock', '--label', 'Role Cmd'], 'VALIDATION_FAILED: '],
      [['permission', 'revoke', 'a000000000000000'], 'FLEET_PERMISSION_NOT_FOUND: There is no such fleet permission.'],
    ]);
    expect(await alice.call('fleet.permission.list', {})).toEqual(before);

    expect(JSON.parse((await fleet('permission', 'revoke', permission.id)).stdout)).toEqual(permission);
    expect((await alice.call('fleet.permission.list', {})).permissions).not.toContainEqual(permission);
  });

  it('command issue, show and cancel print the command; bad input is refused and changes nothing', async () => {
    const agent = agents.get('cmd-1')!;
    const issued = await fleet('command', 'issue', 'cmd-1', 'inventory', '--id', 'inventory-1', '--timeout', '60');
    expect(issued.code, issued.stderr).toBe(0);
    expect(issued.stdout).toMatch(new RegExp(`^inventory-1 {2}cmd-1 {2}inventory +pending {2}by alice at ${time}\n$`));
    const [inventory] = (await agent.exchange()).commands;
    await agent.exchange([{ commandId: inventory!.id, state: 'succeeded', output: 'facts sent' }]);
    expect((await fleet('command', 'show', 'inventory-1')).stdout).toMatch(
      /^inventory-1 {2}cmd-1 {2}inventory +succeeded {2}by alice at \S+ {2}facts sent\n$/,
    );

    const restart = await fleet('command', 'issue', 'cmd-1', 'restart', '--app', 'clock', '--expires', '600');
    const restartId = restart.stdout.split(' ')[0]!;
    expect(restart.stdout).toMatch(/ {2}cmd-1 {2}restart clock +pending {2}/);
    expect((await fleet('command', 'cancel', restartId, '--grace', '5')).stdout).toMatch(/ {2}restart clock +cancelled {2}/);

    const before = await alice.call('fleet.host.show', { name: 'cmd-1' });
    await refusals([
      [['command', 'issue', 'cmd-1', 'teleport'], 'VALIDATION_FAILED: '],
      [['command', 'issue', 'node-1', 'restart', '--app', 'clock'], 'FLEET_COMMAND_FORBIDDEN: '],
      [['command', 'issue', 'cmd-1', 'restart', '--app', 'clock', '--id', 'inventory-1'], 'FLEET_COMMAND_ID_TAKEN: '],
      [['command', 'show', 'nosuchcommand'], 'FLEET_COMMAND_NOT_FOUND: There is no such command.'],
      [['command', 'cancel', 'inventory-1'], 'FLEET_COMMAND_ENDED: This command has already ended.'],
    ]);
    expect(await alice.call('fleet.host.show', { name: 'cmd-1' })).toEqual({
      ...before,
      host: { ...before.host, lastContactAt: expect.any(Number) },
    });
    expect((await agent.exchange()).commands).toEqual([]);
  });
});
