import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pageProblems, signedInPage, viewports, webSite } from '../support/browser.js';
import { spaceWithTreasurer, sponsored } from '../support/members.js';

// The treasurer's console in the browser: the treasurer (French, on a phone) edits the permission
// matrix; a delegate (English, on a desktop) sees only the panels its keys open, and the change of
// the matrix on its next request.

const matrix = (page: Page) => page.getByRole('table');
const screens = join(import.meta.dirname, '..', '..', 'docs', 'screens');
const shoot = (page: Page, name: string) => page.screenshot({ path: join(screens, `${name}.png`), fullPage: true });

/** Opens the console afresh (a new request for the keys the member holds) and answers the names of its tabs. */
async function consoleTabs(page: Page): Promise<string[]> {
  await page.getByRole('link', { name: 'Notes', exact: true }).click();
  await page.getByRole('link', { name: 'Administration', exact: true }).click();
  const tabs = page.getByRole('navigation', { name: 'Administration' });
  await tabs.waitFor({ timeout: 20_000 });
  return tabs.getByRole('link').allTextContents();
}

/** Opens the console's permission panel afresh (a new request for the matrix). */
async function openPermissions(page: Page) {
  await consoleTabs(page);
  await page.getByRole('link', { name: 'Permissions', exact: true }).click();
  await page.getByRole('heading', { name: 'Permissions' }).waitFor({ timeout: 20_000 });
  await matrix(page).or(page.getByRole('alert')).first().waitFor({ timeout: 20_000 });
}

describe('the treasurer’s console in the web app', () => {
  const site = webSite();

  it('a permission override takes effect on the next request, and the treasurer cannot lock itself out', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const bob = await sponsored(treasurer, 'Bob', { delegate: true });
    const fr = await signedInPage(site, treasurer, 'fr', viewports[0]);
    const en = await signedInPage(site, bob, 'en', viewports[1]);
    const problems = [...pageProblems(fr.page), ...pageProblems(en.page)];
    try {
      await openPermissions(fr.page);
      // The delegate's console opens on its first panel; those its keys do not open are not offered.
      expect(await consoleTabs(en.page)).toEqual(['Partitions', 'Accounts', 'Notifications', 'Permissions']);
      await en.page.locator('section[aria-busy=false]').getByRole('heading', { name: 'Partitions', level: 2 }).waitFor({ timeout: 20_000 });
      await shoot(en.page, 'admin-delegate-en-desktop');
      await en.page.setViewportSize(viewports[0]);
      await shoot(en.page, 'admin-delegate-en-360');
      await en.page.getByRole('banner').getByRole('combobox').selectOption('fr');
      await en.page.locator('section[aria-busy=false]').getByRole('heading', { name: 'Partitions', level: 2 }).waitFor({ timeout: 20_000 });
      expect(await en.page.getByRole('navigation', { name: 'Administration' }).getByRole('link').allTextContents()).toEqual([
        'Partitions',
        'Comptes',
        'Notifications',
        'Permissions',
      ]);
      await shoot(en.page, 'admin-delegate-fr-360');
      await en.page.setViewportSize(viewports[1]);
      await shoot(en.page, 'admin-delegate-fr-desktop');
      await en.page.getByRole('banner').getByRole('combobox').selectOption('en');
      await openPermissions(en.page);
      // The delegate reads the matrix by default; the treasurer's cell of a key it must keep is locked.
      await matrix(en.page).waitFor();
      // The delegate may read it, not change it: every checkbox is locked, no role can be added.
      await en.page.getByText('You may read this matrix', { exact: false }).waitFor();
      expect(await en.page.locator('input[type=checkbox]:enabled').count()).toBe(0);
      expect(await en.page.getByRole('button', { name: 'Add the role' }).count()).toBe(0);
      expect(await fr.page.getByLabel('treasurer peut : permissions.edit').isDisabled()).toBe(true);
      expect(await fr.page.getByLabel('treasurer peut : audit.read').isDisabled()).toBe(true);

      const cell = fr.page.getByLabel('delegate peut : permissions.read');
      expect(await cell.isChecked()).toBe(true);
      // The box follows the matrix the server answers: a click, then the cell as it comes back.
      await cell.click();
      await fr.page.getByLabel('Revenir au défaut pour delegate : permissions.read').waitFor();
      expect(await cell.isChecked()).toBe(false);
      await shoot(fr.page, 'admin-permissions-fr-360');

      // The delegate's next opening of the console follows the new matrix: the panel is no longer offered.
      expect(await consoleTabs(en.page)).toEqual(['Partitions', 'Accounts', 'Notifications']);
      await en.page.waitForURL('**/admin/partitions');

      // Granted the audit log by the treasurer, the delegate finds its tab on the next opening, and reads it.
      await fr.page.getByLabel('delegate peut : audit.read').click();
      await fr.page.getByLabel('Revenir au défaut pour delegate : audit.read').waitFor();
      expect(await consoleTabs(en.page)).toEqual(['Partitions', 'Accounts', 'Notifications', 'Audit log']);
      await en.page.getByRole('link', { name: 'Audit log', exact: true }).click();
      await en.page.locator('section[aria-busy=false]').getByRole('heading', { name: 'Audit log', level: 2 }).waitFor({ timeout: 20_000 });
      expect(await en.page.getByRole('alert').count()).toBe(0);
      await fr.page.getByLabel('Revenir au défaut pour delegate : audit.read').click();
      await fr.page.getByLabel('Revenir au défaut pour delegate : audit.read').waitFor({ state: 'detached' });

      // Back to the default: the delegate reads it again.
      await fr.page.getByLabel('Revenir au défaut pour delegate : permissions.read').click();
      await fr.page.getByLabel('Revenir au défaut pour delegate : permissions.read').waitFor({ state: 'detached' });
      expect(await cell.isChecked()).toBe(true);
      await openPermissions(en.page);
      await matrix(en.page).waitFor();
      await en.page.screenshot({ path: join(screens, 'admin-permissions-en-desktop.png'), fullPage: true });

      // A custom role: added as a column, then removed.
      await fr.page.getByLabel('Nouveau rôle', { exact: false }).fill('auditor');
      await fr.page.getByRole('button', { name: 'Ajouter le rôle' }).click();
      await fr.page.getByLabel('auditor peut : audit.read').click();
      await fr.page.getByLabel('Revenir au défaut pour auditor : audit.read').waitFor();
      await fr.page.setViewportSize(viewports[1]);
      await fr.page.screenshot({ path: join(screens, 'admin-permissions-fr-desktop.png'), fullPage: true });
      await fr.page.getByRole('button', { name: 'Retirer le rôle auditor' }).click();
      await fr.page.getByLabel('auditor peut : audit.read').waitFor({ state: 'detached' });
      await en.page.setViewportSize(viewports[0]);
      await en.page.screenshot({ path: join(screens, 'admin-permissions-en-360.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await fr.context.close();
      await en.context.close();
    }
  }, 180_000);
});
