import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createNote, deleteNote } from '../../src/client/notes.js';
import { contentSecurityPolicy } from '../../src/server/http/web-app.js';
import { en } from '../../web/src/i18n/en.js';
import { errorMessages } from '../../web/src/i18n/error-messages.js';
import { fr } from '../../web/src/i18n/fr.js';
import { modeNames, screenshotDir, viewports, webSite } from '../support/browser.js';
import { spaceWithTreasurer } from '../support/members.js';
import { serviceWorkerReady, storageOf, submitSignIn, words } from '../support/modes.js';

// The three sign-in modes in Debian's Chromium against a real server on SQLite: synced (the
// account's IndexedDB database, ciphertext only; a second sign-in pulls only what changed),
// offline (the service worker serves the app with the network cut, the database opens with the
// passphrase alone, writes are refused) and incognito (nothing of the account stays).

const listed = (page: Page, text: string) => page.getByRole('listitem').getByText(text, { exact: false });

/** What may stay after an incognito session: the app shell the service worker keeps and the language choice, nothing of the account. */
function expectNothingOfTheAccount(storage: Awaited<ReturnType<typeof storageOf>>, traces: string[]) {
  expect(storage.databases).toEqual({});
  for (const [name, paths] of Object.entries(storage.caches)) {
    expect(name).toMatch(/^workbox-precache/);
    for (const path of paths) expect(path).toMatch(/^\/(index\.html|assets\/[\w.-]+)$/);
  }
  expect(Object.keys(storage.local).filter((k) => k !== 'ilot.language')).toEqual([]);
  expect(storage.session).toEqual({});
  const everything = JSON.stringify(storage);
  for (const trace of traces) expect(everything).not.toContain(trace);
}

/**
 * Offline, the member screens other than the notes (account, contacts, sponsorships): what they show
 * only the site holds, and the rest writes; each says so in one line, with nothing to fill or press
 * but signing out, and no refusal shown.
 */
async function expectOfflineMemberScreens(page: Page, language: 'fr' | 'en', viewport: (typeof viewports)[number]) {
  const strings = { fr, en }[language];
  const why = strings.modes.siteOnlyHere;
  const screens = [
    ['account', strings.space.accountTab],
    ['contacts', strings.space.contactsTab],
    ['sponsorships', strings.membership.tab],
  ] as const;
  for (const [screen, tab] of screens) {
    await page.getByRole('link', { name: tab, exact: true }).click();
    await page.getByText(why, { exact: true }).waitFor({ timeout: 20_000 });
    expect(await page.getByText(why, { exact: true }).count()).toBe(1);
    expect(await page.locator('main :is(form, input, textarea, select, details, h2)').count()).toBe(0);
    expect(await page.locator('main button').allTextContents()).toEqual([strings.space.signOut]);
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.screenshot({ path: join(screenshotDir(), `offline-${screen}-${language}-${viewport.name}.png`), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
  }
}

describe('sign-in modes', () => {
  const site = webSite();

  it('sends the service worker uncached under the Content-Security-Policy, and the page by name for its precache', async () => {
    const worker = await fetch(`${site.server.url}/sw.js`);
    expect(worker.status).toBe(200);
    expect(worker.headers.get('cache-control')).toBe('no-cache');
    expect(worker.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(worker.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(contentSecurityPolicy).toContain("worker-src 'self'");
    const script = await worker.text();
    // It keeps the page and the assets, and leaves the API alone.
    expect(script).toContain('index.html');
    expect(script).not.toMatch(/["']\/?api\//);
    const page = await fetch(`${site.server.url}/index.html`, { headers: { accept: '*/*' } });
    expect([page.status, page.headers.get('cache-control')]).toEqual([200, 'no-cache']);
    expect(await page.text()).toContain('<div id="root">');
  });

  it('shows the modes on the sign-in screen, synced by default; offline without an earlier synced session says so and creates nothing', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    for (const language of ['fr', 'en'] as const)
      for (const viewport of viewports) {
        const context = await site.browser.newContext({ locale: language, viewport });
        const page = await context.newPage();
        await page.goto(`${site.server.url}/`);
        await page.getByRole('heading', { name: words[language].title }).waitFor();
        expect(await page.getByRole('radio', { name: modeNames[language].synced }).isChecked()).toBe(true);
        await page.screenshot({ path: join(screenshotDir(), `sign-in-modes-${language}-${viewport.name}.png`), fullPage: true });
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);

        // The keyboard alone moves between the modes.
        await page.getByRole('radio', { name: modeNames[language].synced }).focus();
        await page.keyboard.press('ArrowDown');
        expect(await page.getByRole('radio', { name: modeNames[language].incognito }).isChecked()).toBe(true);

        await submitSignIn(page, treasurer, 'offline', language);
        await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 }).toBe(errorMessages.OFFLINE_NOT_KEPT[language]);
        expect(await page.evaluate(async () => (await indexedDB.databases()).length)).toBe(0);
        await context.close();
      }
  }, 180_000);

  it('synced: the database holds ciphertext only, and signing in again pulls only what changed, avatars presented in the sign-in', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const avatarId = treasurer.client.member.avatars[0]!.id;
    const earlier: string[] = [];
    for (let i = 1; i <= 30; i++)
      earlier.push((await createNote(treasurer.client, avatarId, { text: `Earlier note ${i}`, hashtags: [] })).id);
    const context = await site.browser.newContext({ locale: 'en', viewport: viewports[1] });
    const page = await context.newPage();
    // What each sync.pull brought, and which calls each sign-in made.
    let received: Promise<number>[] = [];
    let calls: { operation: string; body: Record<string, unknown> }[] = [];
    page.on('request', (request) => {
      const operation = /\/api\/ops\/([\w.]+)$/.exec(request.url())?.[1];
      if (operation) calls.push({ operation, body: request.postDataJSON() as Record<string, unknown> });
    });
    page.on('response', (response) => {
      if (response.url().endsWith('/api/ops/sync.pull'))
        received.push(response.json().then((answer: { notes: unknown[] }) => answer.notes.length));
    });
    const sum = async () => (await Promise.all(received)).reduce((a, b) => a + b, 0);

    await page.goto(`${site.server.url}/`);
    await submitSignIn(page, treasurer, 'synced');
    await listed(page, 'Earlier note 30').waitFor({ timeout: 20_000 });
    expect(await sum()).toBe(30);
    expect(calls.filter((c) => c.operation === 'session.presentAvatars')).toHaveLength(1);

    const canary = `canary-${Math.random().toString(36).slice(2)}`;
    await page.getByLabel('Text').fill(`Typed in the browser ${canary}`);
    await page.getByLabel('Hashtags').fill(`#${canary}`);
    await page.getByRole('button', { name: 'Add the note' }).click();
    await listed(page, `Typed in the browser ${canary}`).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();

    // One database, named after nothing the site or a reader of the browser knows; ciphertext only.
    const storage = await storageOf(page);
    const names = Object.keys(storage.databases);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^ilot-[\w-]{43}$/);
    const database = storage.databases[names[0]!] as Record<string, { id?: string }[]>;
    expect(database.notes).toHaveLength(31);
    expect(database.account).toHaveLength(1);
    const everything = JSON.stringify(storage);
    for (const clear of [canary, 'Earlier note', treasurer.orgCode, treasurer.passphrase, 'Treasurer'])
      expect(everything).not.toContain(clear);

    // Meanwhile another session writes and deletes; the next sign-in brings only that, from the versions the database holds.
    await createNote(treasurer.client, avatarId, { text: 'Written while away', hashtags: [] });
    await deleteNote(treasurer.client, earlier[0]!);
    [received, calls] = [[], []];
    await submitSignIn(page, treasurer, 'synced');
    await listed(page, 'Written while away').waitFor({ timeout: 20_000 });
    expect(await listed(page, `Typed in the browser ${canary}`).count()).toBe(1);
    expect(await sum()).toBe(1);
    const pulls = calls.filter((c) => c.operation === 'sync.pull');
    expect((pulls[0]!.body.known as unknown[]).length).toBeGreaterThan(0);
    expect(calls.find((c) => c.operation === 'session.signIn')!.body.present).toBeDefined();
    expect(calls.filter((c) => c.operation === 'session.presentAvatars')).toHaveLength(0);
    expect(await page.getByRole('listitem').getByText('Earlier note 1', { exact: true }).count()).toBe(0);
    // The deleted note left the database too.
    const notes = ((await storageOf(page)).databases[names[0]!] as Record<string, { id: string }[]>).notes!;
    expect(notes).toHaveLength(31);
    expect(notes.map((n) => n.id)).not.toContain(earlier[0]);
    await context.close();
  }, 180_000);

  it('offline: with the network cut the service worker serves the app, the notes open with the passphrase alone, writes are refused, and nothing is requested', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const avatarId = treasurer.client.member.avatars[0]!.id;
    await createNote(treasurer.client, avatarId, { text: 'Read on the plane: <b>bold?</b>', hashtags: ['trip'] });
    const context = await site.browser.newContext({ locale: 'en', viewport: viewports[0] });
    const online = await context.newPage();
    await online.goto(`${site.server.url}/`);
    await serviceWorkerReady(online);
    await submitSignIn(online, treasurer, 'synced');
    await listed(online, 'Read on the plane').waitFor({ timeout: 20_000 });
    await online.getByRole('button', { name: 'Sign out' }).click();
    await online.getByRole('heading', { name: 'Sign in' }).waitFor();
    await online.close();

    // From here on, nothing may reach the site: the new tab tries no request (each would fail), and none starts on the server.
    const offlineAt = Date.now();
    await context.setOffline(true);
    const page = await context.newPage();
    const failed: string[] = [];
    page.on('requestfailed', (request) => failed.push(request.url()));
    await page.goto(`${site.server.url}/space`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 20_000 });
    // With no network, offline mode is proposed.
    expect(await page.getByRole('radio', { name: 'Offline' }).isChecked()).toBe(true);

    await submitSignIn(page, { orgCode: treasurer.orgCode, passphrase: 'not the passphrase of this account at all' }, 'offline');
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 }).toBe(errorMessages.OFFLINE_NOT_KEPT.en);

    await submitSignIn(page, treasurer, 'offline');
    await listed(page, 'Read on the plane: <b>bold?</b>').waitFor({ timeout: 20_000 });
    await page.getByText('Offline mode: you are reading', { exact: false }).waitFor();
    // Nothing that would write is offered, and the screen says why.
    await page.getByText('Reading only: to write', { exact: false }).waitFor();
    for (const name of ['Add the note', 'Edit', 'Add a sub-note', 'Move', 'Delete', 'Create the avatar'])
      expect(await page.getByRole('button', { name, exact: true }).count()).toBe(0);
    expect(await page.getByLabel('Text').count()).toBe(0);
    expect(await page.getByText('Attach files', { exact: false }).count()).toBe(0);
    expect(await page.getByText('Change the card', { exact: true }).count()).toBe(0);
    await page.screenshot({ path: join(screenshotDir(), 'offline-notes-en-360.png'), fullPage: true });

    // The other member screens, in English at both widths, then in French on a phone.
    await expectOfflineMemberScreens(page, 'en', viewports[0]);
    await page.setViewportSize(viewports[1]);
    await expectOfflineMemberScreens(page, 'en', viewports[1]);
    await page.setViewportSize(viewports[0]);
    await page.getByLabel(en.app.language).selectOption('fr');
    await expectOfflineMemberScreens(page, 'fr', viewports[0]);
    await page.getByRole('button', { name: words.fr.signOut }).click();
    await page.getByRole('heading', { name: words.fr.title }).waitFor();

    expect(failed).toEqual([]);
    // The browser's own update check of the service worker script runs outside the page's emulated
    // network (a real cut would make it fail, harmlessly): it is the one request allowed through.
    const started = site.server.logs.lines.filter(
      (l) => l.msg === 'request' && Number(l.time) - Number(l.ms) >= offlineAt && l.path !== '/sw.js',
    );
    expect(started).toEqual([]);
    await context.close();
  }, 180_000);

  it('incognito: during the session, after signing out and after closing the tab, the browser keeps nothing of the account', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const avatarId = treasurer.client.member.avatars[0]!.id;
    const canary = `canary-${Math.random().toString(36).slice(2)}`;
    await createNote(treasurer.client, avatarId, { text: `Borrowed phone ${canary}`, hashtags: [canary] });
    const traces = [canary, avatarId, treasurer.client.member.id, treasurer.orgCode];
    const context = await site.browser.newContext({ locale: 'fr', viewport: viewports[0] });

    const first = await context.newPage();
    await first.goto(`${site.server.url}/`);
    await serviceWorkerReady(first);
    await submitSignIn(first, treasurer, 'incognito', 'fr');
    await listed(first, `Borrowed phone ${canary}`).waitFor({ timeout: 20_000 });
    expectNothingOfTheAccount(await storageOf(first), traces);
    await first.getByRole('button', { name: words.fr.signOut }).click();
    await first.getByRole('heading', { name: words.fr.title }).waitFor();
    expectNothingOfTheAccount(await storageOf(first), traces);

    // The tab closed without signing out.
    await submitSignIn(first, treasurer, 'incognito', 'fr');
    await listed(first, `Borrowed phone ${canary}`).waitFor({ timeout: 20_000 });
    await first.close();
    const second = await context.newPage();
    await second.goto(`${site.server.url}/`);
    await second.getByRole('heading', { name: words.fr.title }).waitFor();
    const storage = await storageOf(second);
    expectNothingOfTheAccount(storage, traces);
    // The app shell is there: offline mode would open the app.
    expect(Object.values(storage.caches).flat()).toContain('/index.html');
    await context.close();
  }, 180_000);
});
