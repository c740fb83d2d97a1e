import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { IlotClient } from '../../src/client/client.js';
import { contacts, setContactPhrase } from '../../src/client/membership.js';
import { createNote } from '../../src/client/notes.js';
import { errorCodes } from '../../src/shared/errors.js';
import { contentSecurityPolicy } from '../../src/server/http/web-app.js';
import { errorMessages } from '../../web/src/i18n/error-messages.js';
import { screenshotDir, signedInPage, viewports, webSite } from '../support/browser.js';
import { canarySightings } from '../support/canary.js';
import { spaceWithTreasurer, sponsored } from '../support/members.js';

// The web app as a member meets it: built by Vite, sent by a real server on SQLite, driven in
// Debian's Chromium. Screenshots of each screen, in French and English, at 360 px and on a
// desktop, go to test-artifacts/screens.

describe('web app', () => {
  const site = webSite();

  it('sends the page and its assets with a strict Content-Security-Policy, hashed assets immutable and precompressed', async () => {
    const page = await fetch(`${site.server.url}/`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(contentSecurityPolicy).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(contentSecurityPolicy).toContain("connect-src 'self'");
    // Decrypted files are shown from object URLs: images and media, and a PDF in a frame; nothing else is framed.
    expect(contentSecurityPolicy).toContain("media-src 'self' blob:");
    expect(contentSecurityPolicy).toContain('frame-src blob:');
    expect(contentSecurityPolicy).not.toMatch(/unsafe-inline|'unsafe-eval'/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    // No inline script: every script is a file of the site.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;

    const asset = await fetch(`${site.server.url}${script}`, { headers: { 'accept-encoding': 'br' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-encoding')).toBe('br');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('content-security-policy')).toBe(contentSecurityPolicy);

    // The app's own paths get the page; the API's and odd ones do not.
    expect((await fetch(`${site.server.url}/space`, { headers: { accept: 'text/html' } })).status).toBe(200);
    const api = await fetch(`${site.server.url}/api/nothing`, { headers: { accept: 'text/html' } });
    expect([api.status, ((await api.json()) as { code: string }).code]).toEqual([404, 'ROUTE_NOT_FOUND']);
    for (const path of ['/assets/..%2Fpackage.json', '/assets/nothing.js', '/assets/%2e%2e'])
      expect((await fetch(`${site.server.url}${path}`)).status).toBe(404);
  });

  it('has a message in French and in English for every error code', () => {
    for (const code of Object.keys(errorCodes) as (keyof typeof errorCodes)[]) {
      const message = errorMessages[code];
      expect(message?.fr, code).toMatch(/\S/);
      expect(message?.en, code).toMatch(/\S/);
      expect(message.fr, code).not.toBe(message.en);
    }
  });

  it("signs a member in, keys derived in a worker, and shows the avatar's notes, in French and English, at 360 px and on a desktop", async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    await createNote(treasurer.client, treasurer.client.member.avatars[0]!.id, {
      text: 'Budget 2027: <script>alert(1)</script> stays text',
      hashtags: ['budget'],
    });
    for (const language of ['fr', 'en'] as const)
      for (const viewport of viewports) {
        const context = await site.browser.newContext({ locale: language, viewport });
        const page = await context.newPage();
        const problems: string[] = [];
        page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
        page.on('console', (message) => {
          if (message.type() === 'error') problems.push(`console: ${message.text()}`);
        });
        page.on('dialog', (dialog) => {
          problems.push(`a dialog opened: ${dialog.message()}`);
          void dialog.dismiss();
        });
        await page.goto(`${site.server.url}/`);
        const words = language === 'fr' ? { title: 'Connexion', submit: 'Se connecter' } : { title: 'Sign in', submit: 'Sign in' };
        await page.getByRole('heading', { name: words.title }).waitFor();
        await page.screenshot({ path: join(screenshotDir(), `sign-in-${language}-${viewport.name}.png`), fullPage: true });

        // A wrong passphrase: told in words, in the page's language.
        await page.getByLabel(language === 'fr' ? 'Code de l’organisation' : 'Org code').fill(treasurer.orgCode);
        await page.getByLabel(language === 'fr' ? 'Phrase secrète' : 'Passphrase').fill('not the passphrase of this account at all');
        await page.getByRole('button', { name: words.submit }).click();
        await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 }).toBe(errorMessages.SIGNIN_FAILED[language]);

        await page.getByLabel(language === 'fr' ? 'Phrase secrète' : 'Passphrase').fill(treasurer.passphrase);
        await page.getByRole('button', { name: words.submit }).click();
        await page.getByText('Budget 2027', { exact: false }).waitFor({ timeout: 20_000 });
        expect(await page.getByText('<script>alert(1)</script>', { exact: false }).count()).toBe(1);
        await page.screenshot({ path: join(screenshotDir(), `space-${language}-${viewport.name}.png`), fullPage: true });
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
        // No scroll sideways at 360 px.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
        expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
        await context.close();
      }
  }, 180_000);

  it('writes, edits and deletes notes; a second session sees the edit live; nothing typed reaches the server in clear; signing out leaves the storage empty', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const a = await signedInPage(site, treasurer, 'en', viewports[1], 'incognito');
    const b = await signedInPage(site, treasurer, 'en', viewports[1]);
    const canary = `canary-${Math.random().toString(36).slice(2)}`;

    await a.page.getByLabel('Text').fill(`Minutes of the meeting ${canary}`);
    await a.page.getByLabel('Hashtags').fill(`#meeting ${canary}-tag`);
    await a.page.getByRole('button', { name: 'Add the note' }).click();
    // Shown in the list once saved (the editor, cleared then, held it until the answer).
    const listed = (page: Page, text: string) => page.getByRole('listitem').getByText(text);
    await listed(a.page, `Minutes of the meeting ${canary}`).waitFor();
    // The other session gets it from the live channel, without a reload.
    await listed(b.page, `Minutes of the meeting ${canary}`).waitFor({ timeout: 20_000 });

    await a.page.getByRole('button', { name: 'Edit' }).click();
    await a.page.getByRole('listitem').getByLabel('Text').fill(`Minutes, corrected ${canary}`);
    await a.page.getByRole('button', { name: 'Save' }).click();
    await listed(b.page, `Minutes, corrected ${canary}`).waitFor({ timeout: 20_000 });
    await b.page.screenshot({ path: join(screenshotDir(), 'notes-live-en-desktop.png'), fullPage: true });

    // Too long: the counter says so and the note cannot be added.
    await a.page.getByLabel('Text').first().fill('x'.repeat(5001));
    await a.page.getByText('5001 / 5000 characters').waitFor();
    expect(await a.page.getByRole('button', { name: 'Add the note' }).isDisabled()).toBe(true);
    await a.page.getByLabel('Text').first().fill('');

    await a.page.getByRole('button', { name: 'Delete', exact: true }).click();
    await a.page.getByRole('button', { name: 'Delete for good' }).click();
    await listed(b.page, `Minutes, corrected ${canary}`).waitFor({ state: 'detached', timeout: 20_000 });

    // Nothing typed reached the server in clear: not its database, not its files, not its log.
    expect(canarySightings(site.server, canary)).toEqual([]);
    // The scan finds what is there in clear: the org code.
    expect(canarySightings(site.server, treasurer.orgCode).length).toBeGreaterThan(0);

    // Signing out (an incognito session) leaves nothing of the account in the browser; the app shell the service worker keeps is not the account's.
    await a.page.getByRole('button', { name: 'Sign out' }).click();
    await a.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const stored = await a.page.evaluate(async () => ({
      databases: (await indexedDB.databases()).map((d) => d.name),
      caches: (await caches.keys()).filter((name) => !name.startsWith('workbox-precache')),
      local: Object.keys(localStorage).filter((k) => k !== 'ilot.language'),
      session: Object.keys(sessionStorage),
    }));
    expect(stored).toEqual({ databases: [], caches: [], local: [], session: [] });
    await a.context.close();
    await b.context.close();
  }, 180_000);

  it('shows the account: usage, sessions (another one ended from here), and changes the passphrase', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    await createNote(treasurer.client, treasurer.client.member.avatars[0]!.id, { text: 'one note', hashtags: [] });
    for (const [language, viewport] of [
      ['en', viewports[0]],
      ['fr', viewports[1]],
    ] as const) {
      const { context, page } = await signedInPage(site, treasurer, language, viewport);
      const en = language === 'en';
      await page.getByRole('link', { name: en ? 'Account' : 'Compte' }).click();
      await page.getByText(en ? '1 (no quota of its own)' : '1 (pas de quota propre)').waitFor({ timeout: 20_000 });
      await page.getByText(en ? 'this one' : 'celle-ci', { exact: false }).waitFor();
      await page.screenshot({ path: join(screenshotDir(), `account-${language}-${viewport.name}.png`), fullPage: true });
      await context.close();
    }

    const { context, page } = await signedInPage(site, treasurer, 'en', viewports[1]);
    await page.getByRole('link', { name: 'Account' }).click();
    // The SDK's session, ended from the browser.
    await page.getByRole('heading', { name: 'Open sessions' }).waitFor();
    const before = (await treasurer.client.call('account.sessions.list')).sessions.length;
    await page.getByRole('button', { name: 'End' }).first().waitFor();
    const ends = await page.getByRole('button', { name: 'End' }).count();
    expect(ends).toBe(before - 1);
    await page.getByRole('button', { name: 'End' }).first().click();
    await expect.poll(() => page.getByRole('button', { name: 'End' }).count(), { timeout: 20_000 }).toBe(ends - 1);

    await page.getByLabel('Current passphrase').fill('this is not the current passphrase');
    await page.getByLabel('New passphrase').fill('a brand new passphrase for the treasurer');
    await page.getByLabel('The same passphrase again').fill('a brand new passphrase for the treasurer');
    await page.getByRole('button', { name: 'Change the passphrase' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 }).toBe(errorMessages.PASSPHRASE_WRONG.en);
    await page.getByLabel('Current passphrase').fill(treasurer.passphrase);
    await page.getByRole('button', { name: 'Change the passphrase' }).click();
    await page.getByText('The passphrase is changed.', { exact: false }).waitFor({ timeout: 20_000 });
    await context.close();
    const again = new IlotClient(site.server.url);
    await again.signIn(treasurer.orgCode, 'a brand new passphrase for the treasurer');
    expect(again.signedIn).toBe(true);
  }, 180_000);

  it('creates a secondary avatar, adds a contact by its phrase, annotates it and filters by hashtag', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    // Bob declined to become his sponsor's contact: the treasurer adds him by his phrase.
    const bob = await sponsored(treasurer, 'Bob', {}, { contact: false });
    await setContactPhrase(bob.client, bob.client.member.avatars[0]!.id, 'the phrase that Bob gives to his friends');
    const { context, page } = await signedInPage(site, treasurer, 'en', viewports[0]);

    await page.getByLabel('New avatar’s name').fill('Treasury <b>desk</b>');
    await page.getByRole('button', { name: 'Create the avatar' }).click();
    await page.getByRole('button', { name: /^Treasury <b>desk<\/b>#\d{4}$/ }).waitFor({ timeout: 20_000 });

    await page.getByRole('link', { name: 'Contacts' }).click();
    await page.getByLabel('Someone’s contact phrase').fill('not a phrase anybody set');
    await page.getByRole('button', { name: 'Add as a contact' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 }).toBe(errorMessages.CONTACT_PHRASE_INVALID.en);
    await page.getByLabel('Someone’s contact phrase').fill('the phrase that Bob gives to his friends');
    await page.getByRole('button', { name: 'Add as a contact' }).click();
    await page.getByText('The contact is added.').waitFor({ timeout: 20_000 });
    await page.getByText(/^Bob#\d{4}$/).waitFor();
    expect(await page.getByLabel('Someone’s contact phrase').inputValue()).toBe('');
    await page.getByLabel('Private comment').fill('met at the general assembly');
    await page.getByLabel('Hashtags').fill('#assembly');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(screenshotDir(), 'contacts-en-360.png'), fullPage: true });
    await page.getByLabel('Show only a hashtag').fill('#family');
    await page.getByText('No contacts to show.').waitFor();
    await page.getByLabel('Show only a hashtag').fill('assembly');
    await page.getByText(/^Bob#\d{4}$/).waitFor();
    const [seen] = await contacts(treasurer.client);
    expect(seen?.note).toEqual({ comment: 'met at the general assembly', hashtags: ['assembly'] });
    await context.close();
  }, 180_000);
});
