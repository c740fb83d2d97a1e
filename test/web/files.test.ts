import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createNote } from '../../src/client/notes.js';
import { errorMessages } from '../../web/src/i18n/error-messages.js';
import { drawnPng, pageProblems, screenshotDir, signedInPage, viewports, webSite } from '../support/browser.js';
import { spaceWithTreasurer, sponsored, type Member } from '../support/members.js';

// Files attached to notes in the browser: sent in chunks through the page, decrypted back byte for
// byte, shown inline, resumed after a network drop, refused over quota; the server never holds a
// name or a byte of content in clear.

describe('files of a note in the web app', () => {
  const site = webSite();

  /** A member with a note (a new one unless told), signed in on a page that fails the test on any script error or dialog. */
  async function onNote(member: Member, language: 'fr' | 'en' = 'en', viewport: (typeof viewports)[number] = viewports[1], newNote = true) {
    if (newNote) await createNote(member.client, member.client.member.avatars[0]!.id, { text: 'Dossier de la fête', hashtags: [] });
    const { context, page } = await signedInPage(site, member, language, viewport);
    const problems = pageProblems(page);
    return { context, page, problems };
  }

  /** Sets files on the picker once it takes them (it is disabled while earlier files are sent). */
  async function attach(page: Page, files: Parameters<Locator['setInputFiles']>[0], label = 'Attach files') {
    const input = page.getByLabel(label);
    await expect.poll(() => input.isEnabled(), { timeout: 60_000 }).toBe(true);
    await input.setInputFiles(files);
  }

  /** The listed file of this exact name. */
  const listed = (page: Page, name: string) => page.locator('li.file').filter({ has: page.getByText(name, { exact: true }) });

  async function downloaded(page: Page, file: Locator, button = 'Download'): Promise<Buffer> {
    const [download] = await Promise.all([page.waitForEvent('download'), file.getByRole('button', { name: button }).first().click()]);
    return readFileSync(await download.path());
  }

  /** Everything the server keeps: its database file (with its journal) and every file of its store. */
  function serverBytes(): Buffer {
    const database = site.server.config.database.url.replace(/^sqlite:/, '');
    const folder = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? folder(join(dir, e.name)) : [join(dir, e.name)]));
    const databaseFiles = readdirSync(join(database, '..'))
      .filter((name) => name.startsWith('ilot.db'))
      .map((name) => join(database, '..', name));
    return Buffer.concat([...databaseFiles, ...folder(site.server.config.files.dir)].map((path) => readFileSync(path)));
  }

  /** A one-page PDF that says `text` (offsets in its table need not be exact for a reader). */
  const pdf = (text: string) =>
    Buffer.from(
      [
        '%PDF-1.4',
        '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
        '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
        '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 300 120] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj',
        `4 0 obj << /Length ${text.length + 30} >> stream\nBT /F1 16 Tf 20 60 Td (${text}) Tj ET\nendstream endobj`,
        '5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj',
        'trailer << /Root 1 0 R >>',
        '%%EOF',
      ].join('\n'),
    );

  it('attaches by the picker and by a drop, shows an image with its thumbnail, downloads byte for byte, and keeps names and content from the server', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const { page, problems } = await onNote(treasurer);
    const canary = `canary-${Math.random().toString(36).slice(2)}`;
    const report = Buffer.concat([Buffer.from(`Report ${canary}\n`), randomBytes(300_000), Buffer.from(canary)]);
    await attach(page, { name: `${canary}.bin`, mimeType: 'application/octet-stream', buffer: report });
    await listed(page, `${canary}.bin`).waitFor({ timeout: 30_000 });
    expect((await downloaded(page, listed(page, `${canary}.bin`))).equals(report)).toBe(true);

    // Dropped, as a DataTransfer of the page's own making.
    const png = await drawnPng(page, 320, 200);
    const dropped = await page.evaluateHandle(
      (bytes) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(bytes)], 'plan.png', { type: 'image/png' }));
        return transfer;
      },
      [...png],
    );
    await page.locator('.file-drop').dispatchEvent('drop', { dataTransfer: dropped });
    const image = listed(page, 'plan.png');
    await image.waitFor({ timeout: 30_000 });
    // The thumbnail came sealed with the file's metadata, drawn by the browser that attached it.
    expect(await image.locator('img.file-thumbnail').getAttribute('src')).toMatch(/^data:image\/(webp|png);base64,/);
    expect(await image.locator('img.file-thumbnail').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await image.getByRole('button', { name: 'Show' }).click();
    const shown = image.getByRole('img', { name: 'plan.png' });
    await expect.poll(() => shown.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 20_000 }).toBe(320);
    expect(await shown.getAttribute('src')).toMatch(/^blob:/);
    expect((await downloaded(page, image)).equals(png)).toBe(true);

    // A second file of the same name is a revision; keeping the earlier one drops the later.
    const second = Buffer.from(`second version ${canary}`);
    await attach(page, { name: `${canary}.bin`, mimeType: 'application/octet-stream', buffer: second });
    await listed(page, `${canary}.bin`).getByText('Earlier versions (1)').waitFor({ timeout: 30_000 });
    expect((await downloaded(page, listed(page, `${canary}.bin`))).equals(second)).toBe(true);
    await listed(page, `${canary}.bin`).getByText('Earlier versions (1)').click();
    await listed(page, `${canary}.bin`).getByRole('button', { name: 'Keep only this version' }).nth(1).click();
    await listed(page, `${canary}.bin`).getByText('Earlier versions (1)').waitFor({ state: 'detached', timeout: 20_000 });
    expect((await downloaded(page, listed(page, `${canary}.bin`))).equals(report)).toBe(true);
    // Attached with "keep only the new one", a new revision replaces the earlier ones.
    await page.getByLabel('When the note has a file of the same name:').selectOption({ label: 'keep only the new one' });
    await attach(page, { name: `${canary}.bin`, mimeType: 'application/octet-stream', buffer: Buffer.from('third') });
    await listed(page, `${canary}.bin`)
      .getByText(/^5 bytes, /)
      .waitFor({ timeout: 30_000 });
    expect(await listed(page, `${canary}.bin`).getByText('Earlier versions', { exact: false }).count()).toBe(0);
    expect((await downloaded(page, listed(page, `${canary}.bin`))).toString()).toBe('third');

    // Deleted after a confirmation.
    await image.getByRole('button', { name: 'Delete', exact: true }).click();
    await image.getByRole('button', { name: 'Delete for good' }).click();
    await image.waitFor({ state: 'detached', timeout: 20_000 });

    const kept = serverBytes();
    expect(kept.includes(canary)).toBe(false);
    expect(kept.includes(report.subarray(20, 4000))).toBe(false);
    expect(site.server.logs.raw.join('\n')).not.toContain(canary);
    expect(problems).toEqual([]);
  });

  it('shows a name made of HTML as text, never as markup', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const { page, problems } = await onNote(treasurer);
    const name = '<img src=x onerror=alert(1)>.txt';
    await attach(page, { name, mimeType: 'text/html', buffer: Buffer.from('<script>alert(2)</script>') });
    await listed(page, name).waitFor({ timeout: 30_000 });
    expect(await listed(page, name).locator('.file-name').textContent()).toBe(name);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    // Not shown in the page (no type of its own there), downloaded as bytes.
    expect(await listed(page, name).getByRole('button', { name: 'Show' }).count()).toBe(0);
    expect((await downloaded(page, listed(page, name))).toString()).toBe('<script>alert(2)</script>');
    expect(problems).toEqual([]);
  });

  it('resumes an upload after the network drops one chunk, and sends again what a longer outage stopped', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const { page, problems } = await onNote(treasurer);
    const chunkPuts: string[] = [];
    await page.route('**/api/files/**', async (route) => {
      const range = route.request().headers()['content-range'];
      if (route.request().method() === 'PUT' && range && !range.startsWith('bytes *')) {
        chunkPuts.push(range);
        if (chunkPuts.length === 2) return route.abort('connectionreset');
      }
      return route.continue();
    });
    const film = randomBytes(2_500_000);
    await attach(page, { name: 'film.mp4', mimeType: 'video/mp4', buffer: film });
    await listed(page, 'film.mp4').waitFor({ timeout: 60_000 });
    // The second chunk was sent again, from where the site stood, not the whole file.
    expect(chunkPuts[2]).toBe(chunkPuts[1]);
    expect(chunkPuts.filter((r) => r.startsWith('bytes 0-'))).toHaveLength(1);
    expect((await downloaded(page, listed(page, 'film.mp4'))).equals(film)).toBe(true);
    await page.unrouteAll({ behavior: 'wait' });

    // The network stays down through every attempt: the failure is told in words, nothing is kept, and sending again completes.
    await page.route('**/api/files/**', (route) =>
      route.request().method() === 'PUT' ? route.abort('internetdisconnected') : route.continue(),
    );
    const notes = randomBytes(200_000);
    await attach(page, { name: 'notes.bin', mimeType: 'application/octet-stream', buffer: notes });
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 60_000 }).toBe(errorMessages.SITE_UNREACHABLE.en);
    expect(await site.server.store.db.selectFrom('uploads').selectAll().execute()).toEqual([]);
    await page.unrouteAll({ behavior: 'wait' });
    await page.getByRole('button', { name: 'Send again (1 left)' }).click();
    await listed(page, 'notes.bin').waitFor({ timeout: 60_000 });
    expect((await downloaded(page, listed(page, 'notes.bin'))).equals(notes)).toBe(true);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('refuses a file over the quota in words, and keeps nothing of it', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const member = await sponsored(treasurer, 'Bea', { quotas: { documents: 100, volumeBytes: 1_000_000 } });
    const { page, problems } = await onNote(member, 'fr', viewports[0]);
    await attach(page, { name: 'gros.bin', mimeType: 'application/octet-stream', buffer: randomBytes(1_200_000) }, 'Joindre des fichiers');
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 30_000 }).toBe(errorMessages.QUOTA_EXCEEDED.fr);
    expect(await page.locator('li.file').count()).toBe(0);
    expect(await site.server.store.db.selectFrom('uploads').selectAll().execute()).toEqual([]);
    const files = await site.server.store.db
      .selectFrom('files')
      .selectAll()
      .where('space_id', '=', Number(member.client.member.id.slice(0, 2)))
      .execute();
    expect(files).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('shows a note with its files, in French and English, at 360 px and on a desktop', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    for (const language of ['fr', 'en'] as const)
      for (const viewport of viewports) {
        const first = language === 'fr' && viewport === viewports[0];
        const { context, page, problems } = await onNote(treasurer, language, viewport, first);
        const words = language === 'en' ? { attach: 'Attach files', show: 'Show' } : { attach: 'Joindre des fichiers', show: 'Afficher' };
        if (first) {
          const png = await drawnPng(page, 320, 200);
          await attach(
            page,
            [
              { name: 'plan de la salle.png', mimeType: 'image/png', buffer: png },
              { name: 'compte rendu.pdf', mimeType: 'application/pdf', buffer: pdf('Compte rendu, version 1') },
            ],
            words.attach,
          );
          await listed(page, 'plan de la salle.png').waitFor({ timeout: 30_000 });
          await attach(
            page,
            { name: 'compte rendu.pdf', mimeType: 'application/pdf', buffer: pdf('Compte rendu, version 2') },
            words.attach,
          );
        }
        const image = listed(page, 'plan de la salle.png').first();
        await image.waitFor({ timeout: 30_000 });
        await listed(page, 'compte rendu.pdf')
          .getByText(language === 'en' ? 'Earlier versions (1)' : 'Versions précédentes (1)')
          .waitFor({ timeout: 30_000 });
        await image.getByRole('button', { name: words.show }).click();
        await image.getByRole('img', { name: 'plan de la salle.png' }).waitFor();
        const report = listed(page, 'compte rendu.pdf');
        await report.getByRole('button', { name: words.show }).first().click();
        expect(await report.locator('iframe').first().getAttribute('src')).toMatch(/^blob:/);
        await page.screenshot({ path: join(screenshotDir(), `files-${language}-${viewport.name}.png`), fullPage: true });
        expect(problems).toEqual([]);
        await context.close();
      }
  });
});
