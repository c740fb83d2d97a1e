import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pageProblems, screenshotDir, signedInPage, viewports, webSite } from '../support/browser.js';
import { accept, invite, listContact, memberItem, wait } from '../support/group-pages.js';
import { spaceWithTreasurer, sponsored } from '../support/members.js';

// Unanimous invitations in the browser: the treasurer (French, on a phone) creates a group, makes
// Mona (English, desktop) a second moderator and switches the group to unanimous mode. Its
// invitation of Bob (English, phone) reaches Bob only once Mona agreed too; Bob declines and is a
// listed contact again. Leaving unanimous mode then waits for both moderators' requests.

describe('unanimous group invitations in the web app', () => {
  const site = webSite();

  it('an invitation reaches the invitee once both moderators agreed; declining lists it again; simple mode needs both', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const mona = await sponsored(treasurer, 'Mona');
    const bob = await sponsored(treasurer, 'Bob');
    const first = await signedInPage(site, treasurer, 'fr', viewports[0]);
    const second = await signedInPage(site, mona, 'en', viewports[1]);
    const invitee = await signedInPage(site, bob, 'en', viewports[0]);
    const pages = [first, second, invitee];
    const problems = pages.flatMap(({ page }) => pageProblems(page));
    try {
      const m = first.page;
      await m.getByRole('link', { name: 'Groupes', exact: true }).click();
      await m.getByLabel('Nom d’un nouveau groupe', { exact: false }).fill('Chorale');
      await m.getByRole('button', { name: 'Créer le groupe' }).click();
      await m.getByText('Invitations : un modérateur suffit.').waitFor(wait);
      await listContact(m, 'Mona');
      await listContact(m, 'Bob');
      // Simple mode: Mona's invitation needs the treasurer alone.
      await invite(m, 'Mona', 'read', { moderator: true });
      const mo = second.page;
      await accept(mo);
      await memberItem(m, 'Membres', 'Mona').getByText('modérateur', { exact: false }).waitFor(wait);

      // One moderator sets unanimous mode; the other sees it live.
      await m.getByRole('button', { name: 'Exiger chaque modérateur' }).click();
      await m.getByText('Invitations : chaque modérateur doit être d’accord.').waitFor(wait);
      await mo.getByText('Invitations: every moderator must agree.').waitFor(wait);

      // The treasurer's invitation of Bob waits for Mona: Bob sees no group.
      const b = invitee.page;
      await b.getByRole('link', { name: 'Groups', exact: true }).click();
      await invite(m, 'Bob', 'read');
      const pending = m.getByRole('list', { name: 'Invitations en attente' }).getByRole('listitem').filter({ hasText: 'Bob#' });
      await pending.getByText('1 modérateur(s) d’accord', { exact: false }).waitFor(wait);
      const monasVote = mo.getByRole('list', { name: 'Invitations pending' }).getByRole('listitem').filter({ hasText: 'Bob#' });
      await monasVote.getByRole('button', { name: 'Vote yes' }).waitFor(wait);
      await b.getByText('No group to show.').waitFor(wait);
      expect(await b.getByRole('button', { name: 'Chorale' }).count()).toBe(0);
      await mo.screenshot({ path: join(screenshotDir(), 'group-invitations-en-desktop.png'), fullPage: true });

      // Mona agrees: the invitation reaches Bob, live.
      await monasVote.getByRole('button', { name: 'Vote yes' }).click();
      await b.getByRole('button', { name: 'Chorale' }).click(wait);
      await b.getByRole('button', { name: 'Decline' }).waitFor(wait);
      await b.screenshot({ path: join(screenshotDir(), 'group-invitations-en-360.png'), fullPage: true });
      await b.getByRole('button', { name: 'Decline' }).click();
      await b.getByText('No group to show.').waitFor(wait);
      await memberItem(m, 'Membres', 'Bob').getByText('contact listé').waitFor(wait);
      await m
        .getByRole('list', { name: 'Invitations en attente' })
        .getByRole('listitem')
        .waitFor({ state: 'detached', ...wait });

      // Leaving unanimous mode: Mona asks first, the group stays unanimous until the treasurer asks too.
      await mo.getByRole('button', { name: 'Ask for one moderator to be enough' }).click();
      await mo.getByRole('button', { name: 'Withdraw my request' }).waitFor(wait);
      await m.getByText('Ont demandé qu’un modérateur suffise : Mona#', { exact: false }).waitFor(wait);
      await m.getByText('Invitations : chaque modérateur doit être d’accord.').waitFor(wait);
      await m.screenshot({ path: join(screenshotDir(), 'group-invitations-fr-360.png'), fullPage: true });
      await m.setViewportSize(viewports[1]);
      await m.screenshot({ path: join(screenshotDir(), 'group-invitations-fr-desktop.png'), fullPage: true });
      await m.getByRole('button', { name: 'Demander qu’un modérateur suffise' }).click();
      await m.getByText('Invitations : un modérateur suffit.').waitFor(wait);
      await mo.getByText('Invitations: one moderator is enough.').waitFor(wait);
      expect(problems).toEqual([]);
    } finally {
      for (const [i, { page }] of pages.entries())
        await page.screenshot({ path: join(screenshotDir(), `group-invitations-last-${i}.png`), fullPage: true });
      for (const { context } of pages) await context.close();
    }
  }, 240_000);
});
