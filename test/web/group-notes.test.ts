import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cipherSize } from '../../src/client/files.js';
import { createGroupNote, groupHosting, hostGroup, type GroupKeys } from '../../src/client/group-notes.js';
import { findGroup, type Group } from '../../src/client/groups.js';
import { pageProblems, screenshotDir, signedInPage, viewports, webSite } from '../support/browser.js';
import { openGroup, wait } from '../support/group-pages.js';
import { avatarOf, groupWithContacts, join } from '../support/groups.js';

// Group notes in the browser, beyond what groups.test.ts checks: every writer's signature is
// checked by each reader's page (one altered in the database shows a warning, never a silent
// trust), and files attach to group notes as to personal ones. The group is set up through the
// SDK: the treasurer hosts it, Bob writes its notes (English, desktop), Carol reads them (French,
// on a phone).

describe('group notes in the web app', () => {
  const site = webSite();

  const keysOf = (group: Group): GroupKeys => ({
    groupId: group.groupId,
    current: { version: group.keyVersion, key: group.keys.get(group.keyVersion)! },
    byVersion: group.keys,
  });

  /** The item of a group note in a page, by its exact text. */
  const noteItem = (page: Page, region: string, text: string) =>
    page
      .getByRole('region', { name: region })
      .locator('li.note')
      .filter({ has: page.getByText(text, { exact: true }) });

  async function downloaded(page: Page, file: Locator, button: string): Promise<Buffer> {
    const [download] = await Promise.all([page.waitForEvent('download'), file.getByRole('button', { name: button }).click()]);
    return readFileSync(await download.path());
  }

  it('shows who wrote each note and warns of an altered signature; a writer attaches a file that a reader downloads', async () => {
    const { treasurer, others, groupId } = await groupWithContacts(site.server.url, ['Bob', 'Carol']);
    const [bob, carol] = others as [(typeof others)[0], (typeof others)[0]];
    await hostGroup(treasurer.client, groupId, avatarOf(treasurer), { maxDocuments: 50, maxVolumeBytes: 10_000_000 });
    await join(treasurer, groupId, bob, { members: true, notes: 'write', moderator: false });
    await join(treasurer, groupId, carol, { members: true, notes: 'read', moderator: false });
    const keys = keysOf(await findGroup(treasurer.client, groupId));
    const sound = await createGroupNote(treasurer.client, keys, avatarOf(treasurer), 'Programme du concert');
    const altered = await createGroupNote(bob.client, keys, avatarOf(bob), 'Liste des partitions');
    // Bob's signature swapped, in the database, for the treasurer's over another writing: well formed, and false.
    const db = site.server.store.db;
    const { signature } = await db
      .selectFrom('group_note_authors')
      .select('signature')
      .where('note_id', '=', sound.id)
      .executeTakeFirstOrThrow();
    await db.updateTable('group_note_authors').set({ signature }).where('note_id', '=', altered.id).execute();

    const writer = await signedInPage(site, bob, 'en', viewports[1]);
    const reader = await signedInPage(site, carol, 'fr', viewports[0]);
    const pages = [writer, reader];
    const problems = pages.flatMap(({ page }) => pageProblems(page));
    try {
      const [b, c] = [writer.page, reader.page];
      await openGroup(b, 'Groups');
      await openGroup(c, 'Groupes');

      // Each side checks each writer: the treasurer's note is signed, Bob's is not what he signed.
      for (const [page, region, checked, warning] of [
        [b, 'Notes of the group', 'signature checked', 'signature not verified'],
        [c, 'Notes du groupe', 'signature vérifiée', 'signature non vérifiée'],
      ] as const) {
        const soundItem = noteItem(page, region, 'Programme du concert');
        const alteredItem = noteItem(page, region, 'Liste des partitions');
        await soundItem.locator('.author').getByLabel(checked).waitFor(wait);
        expect(await soundItem.getByText(warning).count()).toBe(0);
        await alteredItem.locator('.author').filter({ hasText: 'Bob' }).getByText(warning).waitFor(wait);
        expect(await alteredItem.getByLabel(checked).count()).toBe(0);
      }

      // Bob (read-write) attaches a file to the treasurer's note; Carol (read only) gets it live and downloads it byte for byte.
      const report = Buffer.concat([Buffer.from('Partitions\n'), randomBytes(200_000)]);
      const bobNote = noteItem(b, 'Notes of the group', 'Programme du concert');
      await bobNote
        .getByLabel('Attach files')
        .setInputFiles({ name: 'partitions.bin', mimeType: 'application/octet-stream', buffer: report });
      await bobNote.locator('li.file').filter({ hasText: 'partitions.bin' }).waitFor(wait);
      const carolNote = noteItem(c, 'Notes du groupe', 'Programme du concert');
      const carolFile = carolNote.locator('li.file').filter({ hasText: 'partitions.bin' });
      await carolFile.waitFor(wait);
      expect((await downloaded(c, carolFile, 'Télécharger')).equals(report)).toBe(true);
      // Carol only reads: no picker, no deletion.
      expect(await c.getByLabel('Joindre des fichiers').count()).toBe(0);
      expect(await carolFile.getByRole('button', { name: 'Supprimer' }).count()).toBe(0);
      // The file counts against the group, which its host carries.
      expect((await groupHosting(treasurer.client, groupId, avatarOf(treasurer))).volumeBytes).toBe(cipherSize(report.length));

      await b.screenshot({ path: joinPath(screenshotDir(), 'group-notes-en-desktop.png'), fullPage: true });
      await c.screenshot({ path: joinPath(screenshotDir(), 'group-notes-fr-360.png'), fullPage: true });
      await b.setViewportSize(viewports[0]);
      await c.setViewportSize(viewports[1]);
      await b.screenshot({ path: joinPath(screenshotDir(), 'group-notes-en-360.png'), fullPage: true });
      await c.screenshot({ path: joinPath(screenshotDir(), 'group-notes-fr-desktop.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      for (const [i, { page }] of pages.entries())
        await page.screenshot({ path: joinPath(screenshotDir(), `group-notes-last-${i}.png`), fullPage: true });
      for (const { context } of pages) await context.close();
    }
  }, 240_000);
});
