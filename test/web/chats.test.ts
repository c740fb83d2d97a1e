import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pageProblems, signedInPage, viewports, webSite } from '../support/browser.js';
import { spaceWithTreasurer, sponsored } from '../support/members.js';

// Chats in the browser: two members, each in their own page (French on a phone, English on a
// desktop), open the chat their sponsorship made and see each other's items live.

/** The items of the chat shown (the list of chats shows the last item of each too). */
const messages = (page: Page) => page.getByRole('list', { name: 'Messages' });

describe('chats in the web app', () => {
  const site = webSite();

  it('two members see each other’s items live, each in their language', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const fr = await signedInPage(site, treasurer, 'fr', viewports[0]);
    const en = await signedInPage(site, bob, 'en', viewports[1]);
    const problems = [...pageProblems(fr.page), ...pageProblems(en.page)];
    try {
      await en.page.getByRole('link', { name: 'Chats', exact: true }).click();
      await en.page.getByRole('button', { name: /^Treasurer/ }).click({ timeout: 20_000 });
      await messages(en.page).getByText('welcome, Bob').waitFor();
      await fr.page.getByRole('link', { name: 'Discussions', exact: true }).click();
      await fr.page.getByRole('button', { name: /^Bob/ }).click({ timeout: 20_000 });

      await en.page.getByLabel('Your message', { exact: false }).fill('Hello from Bob');
      await en.page.getByRole('button', { name: 'Send' }).click();
      // Told by the live channel: the treasurer's page does nothing meanwhile.
      await messages(fr.page).getByText('Hello from Bob').waitFor({ timeout: 20_000 });
      await fr.page.getByLabel('Votre message', { exact: false }).fill('Bonjour Bob, bien reçu');
      await fr.page.getByRole('button', { name: 'Envoyer' }).click();
      await messages(en.page).getByText('Bonjour Bob, bien reçu').waitFor({ timeout: 20_000 });
      // Bob's own items carry a delete button; the treasurer's do not.
      const items = messages(en.page).getByRole('listitem');
      expect(await items.filter({ hasText: 'Hello from Bob' }).getByRole('button', { name: 'Delete' }).count()).toBe(1);
      expect(await items.filter({ hasText: 'welcome, Bob' }).getByRole('button').count()).toBe(0);

      const screens = join(import.meta.dirname, '..', '..', 'docs', 'screens');
      await fr.page.screenshot({ path: join(screens, 'chats-fr-360.png'), fullPage: true });
      await en.page.screenshot({ path: join(screens, 'chats-en-desktop.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await fr.context.close();
      await en.context.close();
    }
  }, 120_000);
});
