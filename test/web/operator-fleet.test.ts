import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IlotClient } from '../../src/client/client.js';
import type { Inventory } from '../../src/shared/operations/fleet.js';
import { en } from '../../web/src/i18n/en.js';
import { buildWebApp, launchChromium, pageProblems, screenshotDir, viewports } from '../support/browser.js';
import { sqliteEngine, tempDir } from '../support/engines.js';
import { fakeRelease, ManualAgent } from '../support/fleet.js';
import { operatorClient, operatorPhrases, withOperators } from '../support/operators.js';
import { startTestServer, type TestServer } from '../support/server.js';

// The fleet's screens of the operator console, in Chromium against a real tower on SQLite, with
// agents speaking the protocol by hand (test/support/fleet.ts): web-1 ran a deploy, runs a restart
// and has a stop waiting behind it; web-2's agent was last heard from two hours ago; web-3 is idle.
// A rollout over the three then shows, batch by batch, each reason a pending deploy waits for.

/** The French words the test reads (fr.ts is not importable from Node: its imports have no extension); a change there fails here. */
const fr = {
  signIn: { orgCode: 'Code de l’organisation', passphrase: 'Phrase secrète', submit: 'Se connecter' },
  tabs: { spaces: 'Espaces', fleet: 'Flotte' },
  fleet: {
    commandsOf: 'Commandes de {{name}}',
    batchesOf: 'Lots de {{id}}',
    hostStates: { online: 'en ligne', offline: 'hors ligne' },
    states: { succeeded: 'réussie', running: 'en cours', pending: 'en attente' },
    waiting: {
      agent_offline: 'Attend : l’agent est hors ligne.',
      host_busy: 'Attend : l’hôte exécute une autre commande.',
      previous_batch: 'Attend le lot précédent du déploiement.',
    },
    batch: 'Lot {{n}}',
  },
};
const words = {
  fr,
  en: {
    signIn: en.signIn,
    tabs: en.operator.tabs,
    fleet: en.operator.fleet,
  },
};
const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(values[key]));

const inventory: Inventory = {
  hostname: 'web-1',
  platform: 'linux',
  osRelease: '6.1.0',
  arch: 'x64',
  cpus: 4,
  memoryBytes: 8e9,
  freeMemoryBytes: 5e9,
  diskBytes: 120e9,
  freeDiskBytes: 80e9,
  node: 'v22.0.0',
  uptimeSeconds: 3600,
};

describe('operator console: the fleet', () => {
  let server: TestServer;
  let browser: Browser;
  let alice: IlotClient;
  let rolloutId = '';
  const problems: string[][] = [];

  beforeAll(async () => {
    // Agents stay online an hour after their last message: only web-2, made silent for two, is offline.
    server = await startTestServer(sqliteEngine, {
      ...(await withOperators()),
      web: { dir: await buildWebApp() },
      fleet: { offlineAfterSeconds: 3600, longPollSeconds: 0 },
    });
    browser = await launchChromium();
    alice = await operatorClient(server.url, 'alice');
    const work = tempDir();
    await alice.call('fleet.app.add', { name: 'ilot', kind: 'ilot' });
    for (const version of ['0.9.0', '1.0.0']) {
      const { file, sha256 } = fakeRelease(work, version, 'ok');
      await alice.call('fleet.app.addVersion', { app: 'ilot', version, archivePath: file, sha256 });
    }
    await alice.call('fleet.app.add', { name: 'clock', kind: 'process', command: [process.execPath, join(work, 'clock.js')] });
    for (const app of ['ilot', 'clock'])
      await alice.call('fleet.permission.grant', { operator: 'alice', app, hosts: { label: 'role=web' } });
    const agents: ManualAgent[] = [];
    for (const name of ['web-1', 'web-2', 'web-3']) {
      const { enrolToken } = await alice.call('fleet.host.add', { name, labels: ['role=web', 'eu'] });
      const agent = await ManualAgent.enrol(server.url, enrolToken);
      await agent.exchange([], { inventory: { ...inventory, hostname: name } });
      agents.push(agent);
    }
    const [web1] = agents;
    await server.store.db
      .updateTable('fleet_hosts')
      .set({ last_contact_at: Date.now() - 7_200_000 })
      .where('name', '=', 'web-2')
      .execute();
    // web-1: a deploy that succeeded, a restart its agent runs, a stop waiting for it.
    await alice.call('fleet.command.issue', {
      host: 'web-1',
      id: 'deploy-web-1',
      command: { type: 'deploy', app: 'ilot', version: '0.9.0' },
    });
    expect((await web1!.exchange()).commands.map((c) => c.id)).toEqual(['deploy-web-1']);
    await web1!.exchange([{ commandId: 'deploy-web-1', state: 'succeeded', output: '0.9.0 ready' }]);
    await alice.call('fleet.command.issue', { host: 'web-1', id: 'restart-web-1', command: { type: 'restart', app: 'clock' } });
    expect((await web1!.exchange()).commands.map((c) => c.id)).toEqual(['restart-web-1']);
    await web1!.exchange([{ commandId: 'restart-web-1', state: 'running' }]);
    await alice.call('fleet.command.issue', { host: 'web-1', id: 'stop-web-1', command: { type: 'stop', app: 'clock' } });
    rolloutId = (await alice.call('fleet.rollout.start', { app: 'ilot', version: '1.0.0', label: 'role=web' })).id;
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const language of ['en', 'fr'] as const)
    for (const viewport of viewports)
      it(`shows hosts, a host's commands and why they wait, and a rollout's batches (${language}, ${viewport.name})`, async () => {
        const w = words[language];
        const context = await browser.newContext({ locale: language, viewport });
        const page = await context.newPage();
        problems.push(pageProblems(page));
        await page.goto(server.url);
        await page.getByLabel(w.signIn.orgCode).fill('admin');
        await page.getByLabel(w.signIn.passphrase).fill(operatorPhrases.alice);
        await page.getByRole('button', { name: w.signIn.submit }).click();
        await page.getByRole('heading', { name: w.tabs.spaces, level: 1 }).waitFor({ timeout: 20_000 });
        await page.getByRole('link', { name: w.tabs.fleet }).click();
        await page.getByRole('heading', { name: w.tabs.fleet, level: 1 }).waitFor();

        // The hosts, each with its state; web-1 runs the version its deploy left.
        const hostHeading = (name: string) => page.getByRole('heading', { level: 3, name: new RegExp(`^${name}`) });
        await hostHeading('web-3').waitFor();
        expect(await hostHeading('web-1').textContent()).toBe(`web-1${w.fleet.hostStates.online}`);
        expect(await hostHeading('web-2').textContent()).toBe(`web-2${w.fleet.hostStates.offline}`);
        const web1Row = page.getByRole('listitem').filter({ has: hostHeading('web-1') });
        expect(await web1Row.textContent()).toContain('ilot 0.9.0');
        expect(await web1Row.textContent()).toContain('0.0.0-test');

        // web-1's commands: pending (why), running, executed.
        await page.getByRole('button', { name: fill(w.fleet.commandsOf, { name: 'web-1' }) }).click();
        const hostDetail = web1Row.locator('.fleet-detail');
        await hostDetail.getByText(w.fleet.waiting.host_busy).first().waitFor();
        const commandOf = (scope: typeof hostDetail, what: string) => scope.locator('.command').filter({ hasText: what });
        expect(await commandOf(hostDetail, 'stop clock').locator('.state').textContent()).toBe(w.fleet.states.pending);
        expect(await commandOf(hostDetail, 'stop clock').locator('.why').textContent()).toBe(w.fleet.waiting.host_busy);
        expect(await commandOf(hostDetail, 'restart clock').locator('.state').textContent()).toBe(w.fleet.states.running);
        expect(await commandOf(hostDetail, 'deploy ilot@0.9.0').locator('.state').textContent()).toBe(w.fleet.states.succeeded);
        expect(await commandOf(hostDetail, 'deploy ilot@0.9.0').textContent()).toContain('0.9.0 ready');

        // The rollout: one host per batch, each deploy waiting for its own reason.
        await page.getByRole('button', { name: fill(w.fleet.batchesOf, { id: rolloutId }) }).click();
        const rollout = page
          .getByRole('listitem')
          .filter({ has: page.getByRole('button', { name: fill(w.fleet.batchesOf, { id: rolloutId }) }) });
        const batch = (n: number) =>
          rollout
            .locator('.fleet-detail > div')
            .filter({ has: page.getByRole('heading', { level: 4, name: new RegExp(`^${fill(w.fleet.batch, { n })}`) }) });
        await batch(3).waitFor();
        const reasons = [];
        for (const n of [1, 2, 3])
          reasons.push([await batch(n).locator('strong').textContent(), await batch(n).locator('.why').textContent()]);
        expect(reasons).toEqual([
          ['web-1', w.fleet.waiting.host_busy],
          ['web-2', w.fleet.waiting.agent_offline],
          ['web-3', w.fleet.waiting.previous_batch],
        ]);
        expect(await batch(2).locator('.state').first().textContent()).toBe(w.fleet.hostStates.offline);

        await page.screenshot({ path: join(screenshotDir(), `operator-fleet-${language}-${viewport.name}.png`), fullPage: true });
        await context.close();
      }, 60_000);

  it('raised no script error, CSP violation or dialog', () => {
    expect(problems.flat()).toEqual([]);
  });
});
