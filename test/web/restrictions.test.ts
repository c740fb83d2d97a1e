import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { errorMessages } from '../../web/src/i18n/error-messages.js';
import { pageProblems, signedInPage, viewports, webSite } from '../support/browser.js';
import { spaceWithTreasurer, sponsored } from '../support/members.js';

// The treasurer's and delegates' console at work, in the browser: a delegate restricts an account
// (its member is told at once and may still reach the treasurer), an A account pays by ticket, and
// the permission matrix decides the next request. What is not the subject is set up with the SDK.

const screens = join(import.meta.dirname, '..', '..', 'docs', 'screens');
const shoot = (page: Page, name: string) => page.screenshot({ path: join(screens, `${name}.png`), fullPage: true });

/** Opens a console panel afresh, by its tab's name, and waits for it to be read. */
async function openPanel(page: Page, admin: string, tab: string) {
  await page.getByRole('link', { name: admin, exact: true }).click();
  await page.getByRole('navigation', { name: admin }).getByRole('link', { name: tab, exact: true }).click();
  await page.locator('section[aria-busy="false"]').getByRole('heading', { name: tab, level: 2 }).waitFor({ timeout: 20_000 });
}

/** Posts, in French, the notification of an account of the partition shown, named by its avatar's name. */
async function postFor(page: Page, name: string, text: string, restriction: string) {
  await page.getByLabel('Pour').selectOption({ label: `Compte ${name}` });
  await page.getByLabel('Texte').fill(text);
  await page.getByLabel('Restriction').selectOption({ label: restriction });
  await page.getByRole('button', { name: 'Publier' }).click();
}

describe('restrictions, tickets and permissions in the console', () => {
  const site = webSite();

  it('a delegate restricts an account to read-only: its member sees the pop-up live, cannot write, but can write in the urgent chat', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const dora = await sponsored(treasurer, 'Dora', { delegate: true });
    const bob = await sponsored(dora, 'Bob');
    const carol = await sponsored(dora, 'Carol');
    const delegate = await signedInPage(site, dora, 'fr', viewports[0]);
    const member = await signedInPage(site, bob, 'en', viewports[1]);
    const other = await signedInPage(site, carol, 'fr', viewports[0]);
    const problems = [...pageProblems(delegate.page), ...pageProblems(member.page), ...pageProblems(other.page)];
    try {
      await openPanel(delegate.page, 'Administration', 'Notifications');
      await postFor(delegate.page, 'Bob', 'Compte en lecture seule jusqu’à lundi', 'Lecture seule');
      const current = delegate.page.getByRole('list', { name: 'Notifications en vigueur' });
      await current.getByText('Compte en lecture seule jusqu’à lundi').waitFor({ timeout: 20_000 });

      // Told by the live channel: Bob's page does nothing meanwhile.
      const popup = member.page.getByRole('alertdialog');
      await popup.getByText('Your account is read-only', { exact: false }).waitFor({ timeout: 20_000 });
      await popup.getByText('Compte en lecture seule jusqu’à lundi').waitFor();
      await shoot(member.page, 'restriction-popup-en-desktop');
      await member.page.setViewportSize(viewports[0]);
      await shoot(member.page, 'restriction-popup-en-360');
      await popup.getByRole('button', { name: 'I understand' }).click();

      // Carol, of the same partition, gets her own, in French.
      await postFor(delegate.page, 'Carol', 'Accès minimal : régularisez avec le comptable', 'Accès minimal');
      await current.getByText('Accès minimal : régularisez', { exact: false }).waitFor({ timeout: 20_000 });
      const otherPopup = other.page.getByRole('alertdialog');
      await otherPopup.getByText('Votre compte est en accès minimal', { exact: false }).waitFor({ timeout: 20_000 });
      await shoot(other.page, 'restriction-popup-fr-360');
      await other.page.setViewportSize(viewports[1]);
      await shoot(other.page, 'restriction-popup-fr-desktop');
      await shoot(delegate.page, 'notifications-fr-360');
      await delegate.page.setViewportSize(viewports[1]);
      await shoot(delegate.page, 'notifications-fr-desktop');
      // The same panel in English, then back to French.
      await delegate.page.getByRole('banner').getByRole('combobox').selectOption('en');
      const inForce = delegate.page.getByRole('list', { name: 'Notifications in force' });
      await inForce.getByText('Accès minimal : régularisez', { exact: false }).waitFor({ timeout: 20_000 });
      await shoot(delegate.page, 'notifications-en-desktop');
      await delegate.page.setViewportSize(viewports[0]);
      await shoot(delegate.page, 'notifications-en-360');
      await delegate.page.getByRole('banner').getByRole('combobox').selectOption('fr');
      await current.getByText('Compte en lecture seule jusqu’à lundi').waitFor({ timeout: 20_000 });

      // Bob cannot write…
      await member.page.getByRole('link', { name: 'Notes', exact: true }).click();
      await member.page.getByLabel('Text').fill('A note while read-only');
      await member.page.getByRole('button', { name: 'Add the note' }).click();
      await member.page.getByRole('alert').getByText(errorMessages.ACCOUNT_READ_ONLY.en).waitFor({ timeout: 20_000 });
      // …but writes in the urgent chat, and the treasurer reads it.
      await member.page.getByRole('link', { name: 'Urgent', exact: true }).click();
      await member.page.getByLabel('Your message', { exact: false }).fill('Why read-only?');
      await member.page.getByRole('button', { name: 'Send' }).click();
      const sent = member.page.getByRole('list', { name: 'Messages' }).getByText('Why read-only?');
      await sent.or(member.page.getByRole('alert')).first().waitFor({ timeout: 20_000 });
      expect(await member.page.getByRole('alert').allTextContents()).toEqual([]);
      await sent.waitFor();
      const treasurerSide = (await treasurer.client.call('sync.pull', { known: [] })).chats.find((c) => c.urgent);
      expect(treasurerSide?.items.length).toBeGreaterThan(0);

      // Cleared by the delegate: gone from the list.
      await delegate.page.getByRole('button', { name: 'Retirer la notification de : Compte Bob' }).click();
      await current.getByText('Compte en lecture seule jusqu’à lundi').waitFor({ state: 'detached', timeout: 20_000 });
      expect(problems).toEqual([]);
    } finally {
      await delegate.context.close();
      await member.context.close();
      await other.context.close();
    }
  }, 240_000);

  it('an A account issues a ticket, the treasurer records it, and the balance moves', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    await treasurer.client.call('space.setOptions', { acceptsAAccounts: true });
    const ann = await sponsored(treasurer, 'Ann', { kind: 'A' });
    const payer = await signedInPage(site, ann, 'fr', viewports[0]);
    const cashier = await signedInPage(site, treasurer, 'en', viewports[1]);
    const problems = [...pageProblems(payer.page), ...pageProblems(cashier.page)];
    try {
      await payer.page.getByRole('link', { name: 'Compte', exact: true }).click();
      const balance = payer.page.getByTestId('balance');
      await balance.waitFor({ timeout: 20_000 });
      const before = await balance.textContent();
      await payer.page.getByLabel('Montant (€)').fill('12,50');
      await payer.page.getByRole('button', { name: 'Émettre un ticket' }).click();
      const tickets = payer.page.getByRole('list', { name: 'Tickets' });
      const code = (await tickets.locator('code').first().textContent())!;
      await shoot(payer.page, 'tickets-fr-360');

      await openPanel(cashier.page, 'Administration', 'Tickets');
      const record = async (typed: string, amount: string) => {
        await cashier.page.getByLabel('Ticket code').fill(typed);
        await cashier.page.getByLabel('Amount received (€)').fill(amount);
        await cashier.page.getByRole('button', { name: 'Record the payment' }).click();
      };
      // Not a code at all: said in words, nothing sent.
      await record('HELLO', '12.50');
      await cashier.page.getByRole('alert').getByText('This is not a ticket code', { exact: false }).waitFor();
      await record(code.toLowerCase(), '12.50');
      await cashier.page.getByRole('status').getByText(`Payment of €12.50 recorded for ticket ${code}.`).waitFor({ timeout: 20_000 });
      await shoot(cashier.page, 'tickets-en-desktop');
      // Recorded twice: refused, in words.
      await record(code, '12.50');
      await cashier.page.getByRole('alert').getByText(errorMessages.TICKET_ALREADY_RECORDED.en).waitFor({ timeout: 20_000 });
      await cashier.page.setViewportSize(viewports[0]);
      await shoot(cashier.page, 'tickets-en-360');

      // Ann collects it: the credit joins her balance.
      await payer.page.getByRole('button', { name: 'Encaisser' }).click();
      const collected = payer.page.getByRole('status').getByText('ajoutés à votre solde', { exact: false });
      await collected.or(payer.page.getByRole('alert')).first().waitFor({ timeout: 20_000 });
      expect(await payer.page.getByRole('alert').allTextContents()).toEqual([]);
      await expect.poll(() => balance.textContent()).not.toBe(before);
      expect(await tickets.getByRole('listitem').count()).toBe(0);
      const { balance: after } = await ann.client.call('account.costs', {});
      expect(after!.credits).toBe(1_250_000);
      await payer.page.setViewportSize(viewports[1]);
      await shoot(payer.page, 'tickets-fr-desktop');
      expect(problems).toEqual([]);
    } finally {
      await payer.context.close();
      await cashier.context.close();
    }
  }, 240_000);

  it('a permission override takes effect on the next request', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const dora = await sponsored(treasurer, 'Dora', { delegate: true });
    const bob = await sponsored(dora, 'Bob');
    const owner = await signedInPage(site, treasurer, 'en', viewports[1]);
    const delegate = await signedInPage(site, dora, 'fr', viewports[0]);
    const problems = [...pageProblems(owner.page), ...pageProblems(delegate.page)];
    try {
      await openPanel(delegate.page, 'Administration', 'Notifications');
      await openPanel(owner.page, 'Administration', 'Permissions');
      const cell = owner.page.getByLabel('delegate may: notify.account');
      await cell.click();
      await owner.page.getByLabel('Back to the default for delegate: notify.account').waitFor({ timeout: 20_000 });
      expect(await cell.isChecked()).toBe(false);
      // Dora's page was opened before: her next request is judged by the new matrix.
      await postFor(delegate.page, 'Bob', 'Lecture seule', 'Lecture seule');
      await delegate.page.getByRole('alert').getByText(errorMessages.FORBIDDEN.fr).waitFor({ timeout: 20_000 });
      expect((await bob.client.call('account.show')).restrictions).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await owner.context.close();
      await delegate.context.close();
    }
  }, 180_000);
});
