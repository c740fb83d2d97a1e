import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pageProblems, screenshotDir, signedInPage, viewports, webSite } from '../support/browser.js';
import { accept, invite, listContact, memberItem, wait } from '../support/group-pages.js';
import { spaceWithTreasurer, sponsored } from '../support/members.js';

// A group of three in the browser, each member in its own page: the treasurer (French, on a phone)
// creates and hosts it, lists and invites its two contacts with different rights, and writes a
// note; Bob (English, desktop) reads the notes but may not write them; Carol (English, phone) has
// members and chat but no notes. Each page is checked for what it shows and offers. When the
// treasurer withdraws Bob's notes access, the notes leave Bob's page without a reload.

describe('groups in the web app', () => {
  const site = webSite();

  it('a group of three with different rights, checked from each side; notes vanish live when their access goes', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const carol = await sponsored(treasurer, 'Carol');
    const moderator = await signedInPage(site, treasurer, 'fr', viewports[0]);
    const reader = await signedInPage(site, bob, 'en', viewports[1]);
    const chatter = await signedInPage(site, carol, 'en', viewports[0]);
    const pages = [moderator, reader, chatter];
    const problems = pages.flatMap(({ page }) => pageProblems(page));
    try {
      const m = moderator.page;
      await m.getByRole('link', { name: 'Groupes', exact: true }).click();
      await m.getByLabel('Nom d’un nouveau groupe', { exact: false }).fill('Chorale');
      await m.getByRole('button', { name: 'Créer le groupe' }).click();
      await m.getByRole('heading', { name: 'Chorale' }).waitFor(wait);
      // Its creator hosts it; once it stops, nothing can grow until a member hosts it again.
      await m.getByText('Vous hébergez ce groupe', { exact: false }).waitFor(wait);
      await m.getByRole('button', { name: 'Cesser d’héberger' }).click();
      await m.getByText('Aucun hébergeur', { exact: false }).waitFor(wait);
      await m.getByRole('button', { name: 'Devenir hébergeur' }).click();
      await m.getByText('Vous hébergez ce groupe', { exact: false }).waitFor(wait);

      await listContact(m, 'Bob');
      await listContact(m, 'Carol');
      await invite(m, 'Bob', 'read');
      await invite(m, 'Carol', 'none');
      await accept(reader.page);
      await accept(chatter.page);
      await memberItem(m, 'Membres', 'Bob').getByText('membres et discussion · notes : lecture', { exact: true }).waitFor(wait);
      await memberItem(m, 'Membres', 'Carol').getByText('membres et discussion · pas de notes', { exact: true }).waitFor(wait);

      await m.getByLabel('Nouvelle note').fill('Ordre du jour : le concert');
      await m.getByRole('button', { name: 'Ajouter la note' }).click();
      await m.getByRole('region', { name: 'Notes du groupe' }).getByText('Ordre du jour : le concert').waitFor(wait);

      // Bob reads the note, brought by the live channel, signed by its writer; he may not write one, nor moderate.
      const b = reader.page;
      const bobNotes = b.getByRole('region', { name: 'Notes of the group' });
      await bobNotes.getByText('Ordre du jour : le concert').waitFor(wait);
      expect(await b.getByLabel('New note').count()).toBe(0);
      expect(await bobNotes.getByRole('button', { name: 'Edit' }).count()).toBe(0);
      expect(await bobNotes.getByRole('button', { name: 'Group hashtags' }).count()).toBe(0);
      expect(await b.getByRole('button', { name: 'Invite' }).count()).toBe(0);
      expect(await b.getByRole('button', { name: 'Save the accesses' }).count()).toBe(0);
      // His own hashtags on the note are his alone.
      await bobNotes.getByRole('button', { name: 'My hashtags' }).click();
      await bobNotes.getByLabel('My hashtags').fill('#repertoire');
      await bobNotes.getByRole('button', { name: 'Save' }).click();
      await bobNotes.getByText('#repertoire').waitFor(wait);
      // Signed in again in the same browser, Bob's store is current: his hashtags come from its IndexedDB, not from a new pull.
      await b.reload();
      await b.getByLabel('Org code').fill(bob.orgCode);
      await b.getByLabel('Passphrase').fill(bob.passphrase);
      await b.getByRole('radio', { name: 'Synced' }).check();
      await b.getByRole('button', { name: 'Sign in' }).click();
      await b.getByRole('link', { name: 'Groups', exact: true }).click(wait);
      await b.getByRole('button', { name: 'Chorale' }).click(wait);
      await bobNotes.getByText('#repertoire').waitFor(wait);

      // Carol has members and chat, and no notes at all.
      const c = chatter.page;
      expect(await c.getByRole('heading', { name: 'Notes of the group' }).count()).toBe(0);
      expect(await c.getByText('Ordre du jour : le concert').count()).toBe(0);
      await memberItem(c, 'Members', 'Bob').waitFor(wait);
      expect(await c.getByRole('button', { name: 'Grant moderator power' }).count()).toBe(0);
      await c.getByLabel('Your message', { exact: false }).fill('Hello choir');
      await c.getByRole('button', { name: 'Send' }).click();
      await b.getByRole('list', { name: 'Group messages' }).getByText('Hello choir').waitFor(wait);
      await m.getByRole('list', { name: 'Messages du groupe' }).getByText('Hello choir').waitFor(wait);
      expect(await m.getByText('#repertoire').count()).toBe(0);

      await m.screenshot({ path: join(screenshotDir(), 'groups-fr-360.png'), fullPage: true });
      await b.screenshot({ path: join(screenshotDir(), 'groups-en-desktop.png'), fullPage: true });
      await c.screenshot({ path: join(screenshotDir(), 'groups-en-360.png'), fullPage: true });
      await m.setViewportSize(viewports[1]);
      await m.screenshot({ path: join(screenshotDir(), 'groups-fr-desktop.png'), fullPage: true });

      // The moderator withdraws Bob's notes access: his page drops the notes as it stands.
      const bobItem = memberItem(m, 'Membres', 'Bob');
      await bobItem.getByLabel('Notes').selectOption('none');
      await bobItem.getByRole('button', { name: 'Enregistrer les accès' }).click();
      await bobNotes.getByText('Ordre du jour : le concert').waitFor({ state: 'detached', ...wait });
      await b.getByRole('heading', { name: 'Notes of the group' }).waitFor({ state: 'detached', ...wait });
      await b.getByRole('heading', { name: 'Group chat' }).waitFor(wait);
      expect(problems).toEqual([]);
    } finally {
      // What each page showed last: what to look at when a step fails.
      for (const [i, { page }] of pages.entries())
        await page.screenshot({ path: join(screenshotDir(), `groups-last-${i}.png`), fullPage: true });
      for (const { context } of pages) await context.close();
    }
  }, 240_000);
});
