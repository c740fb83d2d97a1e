import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/client/local-store.js';
import { catchUp, createNote, readNotes } from '../../src/client/notes.js';
import { screenshotDir, signedInPage, viewports, webSite } from '../support/browser.js';
import { errorMessages } from '../../web/src/i18n/error-messages.js';
import { spaceWithTreasurer, sponsored, type Member } from '../support/members.js';

// The notes screen in Chromium against a real server on SQLite: the tree (collapse, sub-notes,
// move), formatting and its preview, search and hashtag filters, drafts kept through a reload,
// and a note altered in the server's database shown as damaged.

/** A note of the screen, by its text: its own part, without the notes under it. */
const noteOf = (page: Page, text: string) => page.locator('div.note').filter({ has: page.getByText(text, { exact: true }) });

/** The notes as the SDK reads them from the server now: text → parent's text. */
async function parents(member: Member): Promise<Map<string, string | null>> {
  const store = new MemoryStore();
  await catchUp(member.client, store);
  const notes = await readNotes(member.client, store);
  const text = new Map(notes.map((n) => [n.id, n.text]));
  return new Map(notes.map((n) => [n.text, n.parentId === null ? null : text.get(n.parentId)!]));
}

/** Whether the page put anything in its storage or ran anything it was given as text. */
const pwned = (page: Page) => page.evaluate(() => (window as { __pwned?: unknown }).__pwned ?? null);

describe('notes screen', () => {
  const site = webSite();

  it('shows a tree that opens and closes from the keyboard; writes a note under another; moves one under another and back to the top', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const avatar = treasurer.client.member.avatars[0]!.id;
    const projects = await createNote(treasurer.client, avatar, { text: 'Projects', hashtags: [] });
    await createNote(treasurer.client, avatar, { text: 'Garden', hashtags: ['outside'] }, projects.id);
    await createNote(treasurer.client, avatar, { text: 'Kitchen', hashtags: [] });
    const { context, page } = await signedInPage(site, treasurer, 'en', viewports[1]);

    // Collapsed at first; the toggle says how many notes are under, and whether they show.
    const toggle = noteOf(page, 'Projects').getByRole('button', { name: 'Sub-notes: 1' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByText('Garden', { exact: true }).count()).toBe(0);
    await toggle.focus();
    await page.keyboard.press('Enter');
    await page.getByText('Garden', { exact: true }).waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Space');
    await page.getByText('Garden', { exact: true }).waitFor({ state: 'detached' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('Enter');
    await page.getByText('Garden', { exact: true }).waitFor();

    // A note written under Kitchen shows under it, opened.
    await noteOf(page, 'Kitchen').getByRole('button', { name: 'Add a sub-note' }).click();
    await noteOf(page, 'Kitchen').getByLabel('Text').fill('Shelves');
    await noteOf(page, 'Kitchen').getByRole('button', { name: 'Add the note' }).click();
    // Saved: the editor (its text and preview say Shelves too) closes, and the note shows.
    await noteOf(page, 'Kitchen').getByLabel('Text').waitFor({ state: 'detached', timeout: 20_000 });
    await page.getByText('Shelves', { exact: true }).waitFor({ timeout: 20_000 });
    expect(await noteOf(page, 'Kitchen').getByRole('button', { name: 'Sub-notes: 1' }).getAttribute('aria-expanded')).toBe('true');
    expect((await parents(treasurer)).get('Shelves')).toBe('Kitchen');

    // Kitchen may not go under itself nor under its own note; Projects and Garden are places for it.
    await noteOf(page, 'Kitchen').getByRole('button', { name: 'Move', exact: true }).click();
    await page.getByText('Moving “Kitchen”', { exact: false }).waitFor();
    expect(await noteOf(page, 'Shelves').getByRole('button', { name: 'Put it under this note' }).count()).toBe(0);
    expect(await noteOf(page, 'Kitchen').getByRole('button', { name: 'Put it under this note' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Put it under this note' }).count()).toBe(2);
    // Focus went to the bar that explains the move; Escape ends it, and focus comes back to the note.
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('move-bar');
    await page.keyboard.press('Escape');
    await page.getByText('Moving “Kitchen”', { exact: false }).waitFor({ state: 'detached' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toContain('Kitchen');

    // Garden under Kitchen: its own parent is no place for it; then back to the top level.
    await noteOf(page, 'Garden').getByRole('button', { name: 'Move', exact: true }).click();
    expect(await noteOf(page, 'Projects').getByRole('button', { name: 'Put it under this note' }).count()).toBe(0);
    await noteOf(page, 'Kitchen').getByRole('button', { name: 'Put it under this note' }).click();
    await expect.poll(async () => (await parents(treasurer)).get('Garden'), { timeout: 20_000 }).toBe('Kitchen');
    await page.getByText('Moving “Garden”', { exact: false }).waitFor({ state: 'detached' });
    expect(await noteOf(page, 'Kitchen').getByRole('button', { name: 'Sub-notes: 2' }).getAttribute('aria-expanded')).toBe('true');
    await noteOf(page, 'Garden').getByRole('button', { name: 'Move', exact: true }).click();
    await page.getByRole('button', { name: 'Cancel the move' }).click();
    await noteOf(page, 'Garden').getByRole('button', { name: 'Move', exact: true }).click();
    await page.getByRole('button', { name: 'To the top level' }).click();
    await expect.poll(async () => (await parents(treasurer)).get('Garden'), { timeout: 20_000 }).toBeNull();
    await noteOf(page, 'Kitchen').getByRole('button', { name: 'Sub-notes: 1' }).waitFor();
    await context.close();
  }, 180_000);

  it('previews and shows bold, italic, headings and lists; HTML and script in a note stay text and never run', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const { context, page } = await signedInPage(site, treasurer, 'en', viewports[1]);
    const text = [
      '# Minutes',
      '**decided** and *to discuss*',
      '- first point',
      '- second point',
      '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script>',
      '[a link](javascript:window.__pwned=3)',
    ].join('\n\n');
    await page.getByLabel('Text').fill(text);
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.getByRole('heading', { name: 'Minutes' }).waitFor();
    const elements = async (root: string) =>
      page.evaluate((selector) => {
        const at = document.querySelector(selector)!;
        const tags = (query: string) => Array.from(at.querySelectorAll(query), (e) => e.textContent?.trim());
        return {
          h1: tags('h1'),
          strong: tags('strong'),
          em: tags('em'),
          li: tags('ul > li'),
          // Nothing that could load or run, nor any attribute a member wrote.
          unsafe: at.querySelectorAll('img, script, a, [onerror], [href], [src]').length,
          text: at.textContent,
        };
      }, root);
    const expected = {
      h1: ['Minutes'],
      strong: ['decided'],
      em: ['to discuss'],
      li: ['first point', 'second point'],
      unsafe: 0,
      text: expect.stringContaining('<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script>') as string,
    };
    expect(await elements('.preview .formatted')).toEqual(expected);
    await page.getByRole('button', { name: 'Add the note' }).click();
    await page.locator('div.note .formatted h1').waitFor({ timeout: 20_000 });
    expect(await elements('div.note .formatted')).toEqual(expected);
    expect(await page.evaluate(() => document.querySelectorAll('img, script:not([src])').length)).toBe(0);
    expect(await pwned(page)).toBeNull();

    // The editor of a long note opens with its preview.
    await page.getByRole('button', { name: 'Edit' }).click();
    await page
      .locator('div.note')
      .getByLabel('Text')
      .fill(`${text}\n\n${'A long line of the minutes. '.repeat(200)}`.slice(0, 5000));
    await page.getByText('5000 / 5000 characters').waitFor();
    expect(await page.locator('div.note .preview h1').textContent()).toBe('Minutes');
    expect(await pwned(page)).toBeNull();
    await context.close();
  }, 180_000);

  it('searches text and hashtags without minding case or accents, and filters by hashtag, showing each match under its ancestors', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const avatar = treasurer.client.member.avatars[0]!.id;
    const association = await createNote(treasurer.client, avatar, { text: 'Association', hashtags: [] });
    await createNote(treasurer.client, avatar, { text: 'Réunion du Comité', hashtags: ['bureau'] }, association.id);
    await createNote(treasurer.client, avatar, { text: 'Budget prévisionnel', hashtags: ['finance'] });
    await createNote(treasurer.client, avatar, { text: 'Garden party', hashtags: ['fête', 'bureau'] });
    const { context, page } = await signedInPage(site, treasurer, 'fr', viewports[0]);
    const shown = async () => (await page.locator('div.note .formatted').allTextContents()).map((t) => t.trim());
    await page.getByText('Budget prévisionnel').waitFor();

    await page.getByLabel('Rechercher dans les notes').fill('reunion comite');
    await page.getByText('Notes trouvées : 1').waitFor();
    expect(await shown()).toEqual(['Association', 'Réunion du Comité']);
    await page.getByLabel('Rechercher dans les notes').fill('#FETE');
    await page.getByText('Notes trouvées : 1').waitFor();
    expect(await shown()).toEqual(['Garden party']);
    await page.getByLabel('Rechercher dans les notes').fill('');

    const filters = page.getByRole('group', { name: 'Seulement les notes marquées' });
    await filters.getByRole('button', { name: '#bureau' }).click();
    await page.getByText('Notes trouvées : 2').waitFor();
    expect(await filters.getByRole('button', { name: '#bureau' }).getAttribute('aria-pressed')).toBe('true');
    expect((await shown()).sort()).toEqual(['Association', 'Garden party', 'Réunion du Comité']);
    await filters.getByRole('button', { name: '#fête' }).click();
    await page.getByText('Notes trouvées : 1').waitFor();
    expect(await shown()).toEqual(['Garden party']);
    await page.screenshot({ path: join(screenshotDir(), 'notes-filtered-fr-360.png'), fullPage: true });
    await filters.getByRole('button', { name: '#fête' }).click();
    await filters.getByRole('button', { name: '#bureau' }).click();
    await page.getByText('Notes trouvées', { exact: false }).waitFor({ state: 'detached' });
    expect(await shown()).toHaveLength(3);
    await context.close();
  }, 180_000);

  it('keeps unsaved edits as sealed drafts through a reload and a new sign-in; saving or signing out removes them', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const avatar = treasurer.client.member.avatars[0]!.id;
    const folder = await createNote(treasurer.client, avatar, { text: 'Folder', hashtags: [] });
    await createNote(treasurer.client, avatar, { text: 'Inside the folder', hashtags: ['old'] }, folder.id);
    const { context, page } = await signedInPage(site, treasurer, 'en', viewports[1]);

    await page.getByLabel('Text').fill('A new note not saved yet');
    await noteOf(page, 'Folder').getByRole('button', { name: 'Sub-notes: 1' }).click();
    await noteOf(page, 'Inside the folder').getByRole('button', { name: 'Edit' }).click();
    await page.locator('div.note').getByLabel('Text').fill('Inside the folder, changed but not saved');
    await page.locator('div.note').getByLabel('Hashtags').fill('#été');
    // Each editor says when its last change is kept.
    await expect.poll(() => page.getByText('Not saved yet: kept as an encrypted draft in this tab.').count(), { timeout: 20_000 }).toBe(2);
    // Sealed: neither the texts nor the hashtag are in the tab's storage.
    const drafts = () =>
      page.evaluate(() => Object.entries(sessionStorage).filter(([name]) => name.startsWith('ilot.draft.')) as [string, string][]);
    expect((await drafts()).length).toBe(2);
    const stored = JSON.stringify(await drafts());
    expect(stored).not.toContain('not saved');
    expect(stored).not.toContain('été');

    await page.reload();
    await page.getByLabel('Org code').fill(treasurer.orgCode);
    await page.getByLabel('Passphrase').fill(treasurer.passphrase);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Notes' }).waitFor({ timeout: 20_000 });
    // Both edits are back, the note being edited shown under its opened parent.
    await expect.poll(() => page.getByLabel('Text').first().inputValue(), { timeout: 20_000 }).toBe('A new note not saved yet');
    expect(await page.locator('div.note').getByLabel('Text').inputValue()).toBe('Inside the folder, changed but not saved');
    expect(await page.locator('div.note').getByLabel('Hashtags').inputValue()).toBe('#été');

    await page.locator('div.note').getByRole('button', { name: 'Save' }).click();
    await page
      .locator('div.note > .formatted')
      .getByText('Inside the folder, changed but not saved', { exact: true })
      .waitFor({ timeout: 20_000 });
    await expect.poll(async () => (await drafts()).length, { timeout: 20_000 }).toBe(1);
    expect((await parents(treasurer)).get('Inside the folder, changed but not saved')).toBe('Folder');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await drafts()).toEqual([]);
    await context.close();
  }, 180_000);

  it('tells a refused write in words and keeps what was typed', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const bob = await sponsored(treasurer, 'Bob', { quotas: { documents: 1, volumeBytes: 1000 } });
    await createNote(bob.client, bob.client.member.avatars[0]!.id, { text: 'The only note room is left for', hashtags: [] });
    const { context, page } = await signedInPage(site, bob, 'fr', viewports[0]);
    const only = noteOf(page, 'The only note room is left for');
    await only.getByRole('button', { name: 'Ajouter une sous-note' }).click();
    await only.getByLabel('Texte').fill('One note too many');
    await only.getByRole('button', { name: 'Ajouter la note' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 }).toBe(errorMessages.QUOTA_EXCEEDED.fr);
    expect(await only.getByLabel('Texte').inputValue()).toBe('One note too many');
    expect((await parents(bob)).size).toBe(1);
    await context.close();
  }, 180_000);

  it('shows a note altered in the server’s database as damaged, keeps the rest readable, and deletes it', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const avatar = treasurer.client.member.avatars[0]!.id;
    const altered = await createNote(treasurer.client, avatar, { text: 'This one gets altered', hashtags: [] });
    await createNote(treasurer.client, avatar, { text: 'Under the altered one', hashtags: [] }, altered.id);
    await createNote(treasurer.client, avatar, { text: 'Untouched', hashtags: [] });
    const row = await site.server.store.db.selectFrom('notes').select('payload').where('id', '=', altered.id).executeTakeFirstOrThrow();
    const flipped = row.payload[20] === 'A' ? 'B' : 'A';
    await site.server.store.db
      .updateTable('notes')
      .set({ payload: row.payload.slice(0, 20) + flipped + row.payload.slice(21) })
      .where('id', '=', altered.id)
      .execute();

    for (const language of ['fr', 'en'] as const) {
      const { context, page } = await signedInPage(site, treasurer, language, viewports[0]);
      const en = language === 'en';
      const damaged = page.locator('div.note.damaged');
      await damaged.getByText(en ? 'Damaged note.' : 'Note endommagée.').waitFor({ timeout: 20_000 });
      await page.getByText('Untouched', { exact: true }).waitFor();
      expect(await page.getByRole('alert').count()).toBe(0);
      await damaged.getByRole('button', { name: en ? 'Sub-notes: 1' : 'Sous-notes : 1' }).click();
      await page.getByText('Under the altered one', { exact: true }).waitFor();
      await page.screenshot({ path: join(screenshotDir(), `notes-damaged-${language}-360.png`), fullPage: true });
      if (en) {
        await damaged.getByRole('button', { name: 'Delete', exact: true }).click();
        await damaged.getByRole('button', { name: 'Delete for good' }).click();
        await damaged.waitFor({ state: 'detached', timeout: 20_000 });
        // Its note moved up to the top level.
        expect((await parents(treasurer)).get('Under the altered one')).toBeNull();
      }
      await context.close();
    }
  }, 180_000);

  it('looks right: the tree and the editor with its preview, in French and English, at 360 px and on a desktop', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const avatar = treasurer.client.member.avatars[0]!.id;
    const trip = await createNote(treasurer.client, avatar, { text: '# Summer trip\nPlans for **July**', hashtags: ['travel'] });
    const days = await createNote(treasurer.client, avatar, { text: 'Days\n- Monday: train\n- Tuesday: *hike*', hashtags: [] }, trip.id);
    await createNote(treasurer.client, avatar, { text: 'Booking numbers', hashtags: ['travel', 'admin'] }, days.id);
    await createNote(treasurer.client, avatar, { text: 'Shopping list', hashtags: ['home'] });
    for (const language of ['fr', 'en'] as const)
      for (const viewport of viewports) {
        const { context, page } = await signedInPage(site, treasurer, language, viewport);
        const en = language === 'en';
        const children = en ? 'Sub-notes: 1' : 'Sous-notes : 1';
        await noteOf(page, 'Summer trip').getByRole('button', { name: children }).click();
        await noteOf(page, 'Days').getByRole('button', { name: children }).click();
        await page.getByText('Booking numbers', { exact: true }).waitFor();
        await page.screenshot({ path: join(screenshotDir(), `notes-tree-${language}-${viewport.name}.png`), fullPage: true });
        await page
          .getByLabel(en ? 'Text' : 'Texte')
          .first()
          .fill('## Agenda\n\n**Budget** and *votes*\n\n1. Accounts\n2. Elections');
        await page
          .getByRole('region', { name: en ? 'Preview' : 'Aperçu' })
          .getByRole('heading', { name: 'Agenda' })
          .waitFor();
        await page.screenshot({ path: join(screenshotDir(), `notes-editor-${language}-${viewport.name}.png`), fullPage: true });
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
        await context.close();
      }
  }, 240_000);
});
