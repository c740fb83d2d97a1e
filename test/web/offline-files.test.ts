import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { attachFile, cipherSize, deleteFile } from '../../src/client/files.js';
import { createNote } from '../../src/client/notes.js';
import { en } from '../../web/src/i18n/en.js';
import { errorMessages } from '../../web/src/i18n/error-messages.js';
import { screenshotDir, signedInPage, viewports, webSite } from '../support/browser.js';
import { spaceWithTreasurer, type Member } from '../support/members.js';
import { serviceWorkerReady, storageOf, submitSignIn, type KeptBlob } from '../support/modes.js';

// Files "available offline in this browser" in Debian's Chromium against a real server on SQLite:
// marked in a synced session (the ciphertext is kept in the account's IndexedDB database), read
// back byte for byte in an offline session with the network cut, dropped when the file is deleted
// or replaced; never offered in incognito. And a passphrase changed in a synced session moves the
// account's database, so that offline mode opens with the new passphrase and not the old one.

describe('files available offline in this browser', () => {
  const site = webSite();

  const fileItem = (page: Page, name: string) => page.locator('li.file').filter({ has: page.getByText(name, { exact: true }) });
  const offlineBox = (scope: Page | Locator) => scope.getByRole('checkbox', { name: en.files.offline });
  const source = (name: string, bytes: Buffer) => ({
    name,
    type: 'application/octet-stream',
    size: bytes.length,
    content: [new Uint8Array(bytes)],
  });

  async function downloaded(page: Page, item: Locator): Promise<Buffer> {
    const [download] = await Promise.all([page.waitForEvent('download'), item.getByRole('button', { name: en.files.download }).click()]);
    return readFileSync(await download.path());
  }

  /** The file contents kept in this browser's databases. */
  async function keptBlobs(page: Page): Promise<KeptBlob[]> {
    return Object.values((await storageOf(page)).databases).flatMap((db) => (db.contents ?? []) as KeptBlob[]);
  }

  /** Ticks "available offline" on a listed file and waits for its copy to be kept. */
  async function markOffline(page: Page, name: string) {
    const box = offlineBox(fileItem(page, name));
    await box.click();
    await expect.poll(() => box.isChecked(), { timeout: 30_000 }).toBe(true);
  }

  /** A signed-in synced session on a page that the service worker controls, as offline mode needs. */
  async function syncedSession(member: Member) {
    const context = await site.browser.newContext({ locale: 'en', viewport: viewports[1] });
    const page = await context.newPage();
    await page.goto(`${site.server.url}/`);
    await serviceWorkerReady(page);
    await submitSignIn(page, member, 'synced');
    await page.getByRole('heading', { name: 'Notes' }).waitFor({ timeout: 20_000 });
    return { context, page };
  }

  /** A new tab with the network cut; any request it tries fails, and is listed. */
  async function offlineTab(context: BrowserContext) {
    const offlineAt = Date.now();
    await context.setOffline(true);
    const page = await context.newPage();
    const failed: string[] = [];
    page.on('requestfailed', (request) => failed.push(request.url()));
    await page.goto(`${site.server.url}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 20_000 });
    /**
     * No request failed in the tab, and none reached the server since the network was cut. Only the
     * browser's own update check of the service worker after a navigation may: it comes from outside
     * the page, which Chromium's offline emulation does not cover (with the network really gone, it fails unseen).
     */
    const nothingSent = () => {
      expect(failed).toEqual([]);
      const started = site.server.logs.lines.filter((l) => l.msg === 'request' && Number(l.time) - Number(l.ms) >= offlineAt);
      expect(started.filter((l) => !(l.method === 'GET' && l.path === '/sw.js'))).toEqual([]);
    };
    return { page, nothingSent };
  }

  async function signOut(page: Page) {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  }

  /** Screenshots of the page in both languages at both widths, back in English after. */
  async function screenshots(page: Page, name: string) {
    for (const language of ['fr', 'en'] as const)
      for (const viewport of viewports) {
        await page.locator('header select').selectOption(language);
        await page.setViewportSize(viewport);
        await page.waitForFunction((chosen) => document.documentElement.lang === chosen, language);
        await page.screenshot({ path: join(screenshotDir(), `${name}-${language}-${viewport.name}.png`), fullPage: true });
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      }
    await page.setViewportSize(viewports[1]);
  }

  it('keeps a marked file as ciphertext, opens it offline byte for byte with no request, says an unmarked one is not kept, and drops deleted or replaced ones', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const note = await createNote(treasurer.client, treasurer.client.member.avatars[0]!.id, { text: 'Travel folder', hashtags: [] });
    const canary = `canary-${Math.random().toString(36).slice(2)}`;
    const report = Buffer.concat([Buffer.from(`Report ${canary}\n`), randomBytes(200_000), Buffer.from(canary)]);
    const names = {
      marked: `report-${canary}.bin`,
      unmarked: `ticket-${canary}.bin`,
      replaced: `plan-${canary}.bin`,
      deleted: `old-${canary}.bin`,
    };
    await attachFile(treasurer.client, note.id, source(names.marked, report));
    await attachFile(treasurer.client, note.id, source(names.unmarked, Buffer.from(`Ticket ${canary}`)));
    await attachFile(treasurer.client, note.id, source(names.replaced, Buffer.from(`Plan, first version ${canary}`)));
    const old = await attachFile(treasurer.client, note.id, source(names.deleted, Buffer.from(`Old ${canary}`)));

    const { context, page: online } = await syncedSession(treasurer);
    await fileItem(online, names.marked).waitFor({ timeout: 20_000 });
    expect(await offlineBox(online).count()).toBe(4);
    for (const name of [names.marked, names.replaced, names.deleted]) await markOffline(online, name);
    expect(await offlineBox(fileItem(online, names.unmarked)).isChecked()).toBe(false);
    expect((await keptBlobs(online)).map((b) => b.blob).sort((a, b) => a - b)).toEqual(
      [`Old ${canary}`.length, `Plan, first version ${canary}`.length, report.length].map(cipherSize),
    );
    await screenshots(online, 'files-offline-mark');

    // Another session replaces one (only the new revision kept) and deletes another: their kept copies go as the changes arrive.
    await attachFile(treasurer.client, note.id, source(names.replaced, Buffer.from('Plan, second version')), { keep: 'latest' });
    await deleteFile(treasurer.client, old.id);
    await fileItem(online, names.deleted).waitFor({ state: 'detached', timeout: 20_000 });
    await expect.poll(async () => (await keptBlobs(online)).map((b) => b.blob), { timeout: 20_000 }).toEqual([cipherSize(report.length)]);
    expect(await offlineBox(fileItem(online, names.replaced)).isChecked()).toBe(false);
    // Unticked, a file's copy goes; ticked again, it comes back.
    await offlineBox(fileItem(online, names.marked)).click();
    await expect.poll(async () => (await keptBlobs(online)).length, { timeout: 20_000 }).toBe(0);
    await markOffline(online, names.marked);
    await signOut(online);

    // Ciphertext only: neither the names nor the content are in the browser in clear.
    const storage = await storageOf(online);
    const [kept] = await keptBlobs(online);
    expect(kept!.blob).toBe(cipherSize(report.length));
    expect(kept!.bytes).not.toContain('Report');
    expect(JSON.stringify(storage)).not.toContain(canary);
    await online.close();

    const { page, nothingSent } = await offlineTab(context);
    await submitSignIn(page, treasurer, 'offline');
    const marked = fileItem(page, names.marked);
    await marked.waitFor({ timeout: 20_000 });
    expect((await downloaded(page, marked)).equals(report)).toBe(true);
    await marked.getByText(en.files.offline).waitFor();
    const unmarked = fileItem(page, names.unmarked);
    await unmarked.getByText(en.files.notOffline).waitFor();
    expect(await unmarked.getByRole('button', { name: en.files.download }).count()).toBe(0);
    // Offline, nothing can be marked: the state is told in words.
    expect(await offlineBox(page).count()).toBe(0);
    await screenshots(page, 'files-offline-read');
    await signOut(page);
    nothingSent();
    await context.close();
  }, 240_000);

  it('never offers to keep a file in incognito, and the file still downloads', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const note = await createNote(treasurer.client, treasurer.client.member.avatars[0]!.id, { text: 'Borrowed phone', hashtags: [] });
    const bytes = randomBytes(5000);
    await attachFile(treasurer.client, note.id, source('receipt.bin', bytes));
    const { context, page } = await signedInPage(site, treasurer, 'en', viewports[0], 'incognito');
    const item = fileItem(page, 'receipt.bin');
    await item.waitFor({ timeout: 20_000 });
    expect((await downloaded(page, item)).equals(bytes)).toBe(true);
    expect(await page.getByRole('checkbox', { name: en.files.offline }).count()).toBe(0);
    expect(await page.getByText(en.files.notOffline).count()).toBe(0);
    await context.close();
  }, 120_000);

  it('a passphrase changed in a synced session moves the account’s database: offline, the new passphrase opens it, the old one nothing', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const note = await createNote(treasurer.client, treasurer.client.member.avatars[0]!.id, { text: 'Before the change', hashtags: [] });
    const bytes = randomBytes(70_000);
    await attachFile(treasurer.client, note.id, source('kept.bin', bytes));
    const { context, page: online } = await syncedSession(treasurer);
    await fileItem(online, 'kept.bin').waitFor({ timeout: 20_000 });
    await markOffline(online, 'kept.bin');
    const [before] = Object.keys((await storageOf(online)).databases);

    const next = 'the treasurer now uses this other long passphrase';
    await online.getByRole('link', { name: 'Account' }).click();
    await online.getByLabel(en.account.current, { exact: true }).fill(treasurer.passphrase);
    await online.getByLabel(en.account.next, { exact: true }).fill(next);
    await online.getByLabel(en.join.again, { exact: true }).fill(next);
    await online.getByRole('button', { name: en.account.change }).click();
    await online.getByText(en.account.changed).waitFor({ timeout: 60_000 });
    await signOut(online);

    // One database, under another name; it holds the notes, the file's copy and the account as before.
    const databases = (await storageOf(online)).databases;
    expect(Object.keys(databases)).toHaveLength(1);
    const [after] = Object.keys(databases);
    expect(after).not.toBe(before);
    expect(after).toMatch(/^ilot-[\w-]{43}$/);
    expect([databases[after!]!.account!.length, databases[after!]!.notes!.length, databases[after!]!.contents!.length]).toEqual([1, 1, 1]);
    await online.close();

    const { page, nothingSent } = await offlineTab(context);
    await submitSignIn(page, treasurer, 'offline');
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 30_000 }).toBe(errorMessages.OFFLINE_NOT_KEPT.en);
    await submitSignIn(page, { orgCode: treasurer.orgCode, passphrase: next }, 'offline');
    await page.getByRole('listitem').getByText('Before the change').first().waitFor({ timeout: 30_000 });
    expect((await downloaded(page, fileItem(page, 'kept.bin'))).equals(bytes)).toBe(true);
    await signOut(page);
    expect(Object.keys((await storageOf(page)).databases)).toEqual([after]);
    nothingSent();
    await context.close();
  }, 240_000);
});
