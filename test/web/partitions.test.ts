import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { partitionOverview } from '../../src/client/partitions.js';
import { pageProblems, signedInPage, viewports, webSite } from '../support/browser.js';
import { spaceWithTreasurer, sponsored } from '../support/members.js';

// The console's partitions and accounts in the browser: the treasurer (French, on a phone) shares
// the space's quotas, makes a partition and names a delegate there; the delegate (English, on a
// desktop) sees only that partition and sets an account's quotas, and a quota past the partition's
// is refused in words.

const screens = join(import.meta.dirname, '..', '..', 'docs', 'screens');

/** Opens a console tab afresh (a new request for its data) and waits for its panel to be loaded. */
async function openTab(page: Page, tab: string) {
  await page.getByRole('link', { name: 'Notes', exact: true }).click();
  await page.getByRole('link', { name: 'Administration', exact: true }).click();
  await page.getByRole('link', { name: tab, exact: true }).click();
  await page.getByRole('heading', { name: tab, level: 2 }).waitFor({ timeout: 20_000 });
  await page.locator('section[aria-busy=false]').waitFor({ timeout: 20_000 });
}

/** Fills a quotas form (named by its legend) and sends it. */
async function setQuotas(page: Page, form: string, documents: string, megabytes: string, submit: string) {
  const quotas = page.getByRole('form', { name: form });
  await quotas.getByLabel(/^(Documents)$/).fill(documents);
  await quotas.getByLabel(/\((MB|Mo)\)/).fill(megabytes);
  await quotas.getByRole('button', { name: submit }).click();
}

describe('partitions and accounts in the console', () => {
  const site = webSite();

  it('the treasurer makes a partition and its delegate; the delegate sees only it and sets quotas within its own', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url, { documents: 1000, volumeBytes: 10_000_000 });
    const fr = await signedInPage(site, treasurer, 'fr', viewports[0]);
    const problems = pageProblems(fr.page);
    try {
      // The default partition holds the whole space: the treasurer lowers it, then makes "Ventes".
      await openTab(fr.page, 'Partitions');
      // A accounts are not accepted by default; the box shows what the server answers.
      await fr.page.getByRole('checkbox', { name: /Les comptes A/, checked: false }).click();
      await fr.page.getByRole('checkbox', { name: /Les comptes A/, checked: true }).waitFor();
      await fr.page.getByText('Modifier Default').click();
      await setQuotas(fr.page, 'Quotas de Default', '600', '6', 'Fixer les quotas');
      await fr.page.getByText('600 sur 1 000').waitFor();
      await fr.page.getByLabel('Nom', { exact: true }).first().fill('Ventes');
      await setQuotas(fr.page, 'Nouvelle partition', '400', '4', 'Créer la partition');
      const ventes = fr.page.getByRole('listitem').filter({ has: fr.page.getByRole('heading', { name: 'Ventes' }) });
      await ventes.getByText('0 sur 400').waitFor();

      // Two O accounts are sponsored into it; the treasurer names Bob its delegate from its accounts.
      const partitionId = (await partitionOverview(treasurer.client)).partitions.find((p) => p.name === 'Ventes')!.id;
      const bob = await sponsored(treasurer, 'Bob', { partitionId, quotas: { documents: 100, volumeBytes: 1_000_000 } });
      await sponsored(treasurer, 'Carol', { partitionId, quotas: { documents: 100, volumeBytes: 1_000_000 } });
      await openTab(fr.page, 'Comptes');
      await fr.page.getByLabel('Comptes de la partition').selectOption({ label: 'Ventes' });
      await fr.page.getByRole('heading', { name: 'Carol' }).waitFor();
      await fr.page.getByText('Modifier Bob').click();
      await fr.page.getByRole('button', { name: 'Nommer Bob délégué' }).click();
      await fr.page.getByRole('button', { name: 'Retirer Bob des délégués' }).waitFor();
      await fr.page.screenshot({ path: join(screens, 'partitions-accounts-fr-360.png'), fullPage: true });
      await openTab(fr.page, 'Partitions');
      await ventes.getByText('Retirer Bob des délégués').waitFor();
      await fr.page.screenshot({ path: join(screens, 'partitions-fr-360.png'), fullPage: true });
      await fr.page.setViewportSize(viewports[1]);
      await fr.page.screenshot({ path: join(screens, 'partitions-fr-desktop.png'), fullPage: true });

      // The delegate sees Ventes alone, without the treasurer's controls.
      const en = await signedInPage(site, bob, 'en', viewports[1]);
      problems.push(...pageProblems(en.page));
      try {
        await openTab(en.page, 'Partitions');
        await en.page.getByRole('heading', { name: 'Ventes' }).waitFor();
        expect(await en.page.getByRole('heading', { name: 'Default' }).count()).toBe(0);
        expect(await en.page.getByRole('button', { name: 'Create the partition' }).count()).toBe(0);
        expect(await en.page.getByText('Change Ventes').count()).toBe(0);
        await en.page.screenshot({ path: join(screens, 'partitions-en-desktop.png'), fullPage: true });

        // It sets Carol's quotas within the partition's; past them, the refusal is said in words.
        await openTab(en.page, 'Accounts');
        expect(await en.page.getByLabel('Accounts of the partition').locator('option').allTextContents()).toEqual(['Ventes']);
        const carol = en.page.getByRole('listitem').filter({ has: en.page.getByRole('heading', { name: 'Carol' }) });
        await carol.getByText('Change Carol').click();
        await setQuotas(en.page, 'Quotas of Carol', '150', '2', 'Set the quotas');
        await carol.getByText('150', { exact: true }).waitFor();
        await setQuotas(en.page, 'Quotas of Carol', '350', '2', 'Set the quotas');
        await carol
          .getByRole('alert')
          .getByText("The quotas of this partition's accounts would exceed its own.", { exact: false })
          .waitFor();
        expect(await carol.getByText('150', { exact: true }).count()).toBe(1);
        await en.page.screenshot({ path: join(screens, 'partitions-accounts-en-desktop.png'), fullPage: true });
        await en.page.setViewportSize(viewports[0]);
        await en.page.screenshot({ path: join(screens, 'partitions-accounts-en-360.png'), fullPage: true });
      } finally {
        await en.context.close();
      }
      expect(problems).toEqual([]);
    } finally {
      await fr.context.close();
    }
  }, 240_000);
});
