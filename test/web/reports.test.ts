import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { auditCsvLines } from '../../src/shared/audit-csv.js';
import { operatorClient } from '../support/operators.js';
import { pageProblems, signedInPage, viewports, webSite } from '../support/browser.js';
import { spaceWithTreasurer, sponsored, type Member } from '../support/members.js';
import { waitFor } from '../support/wait.js';

// The treasurer's reports in the browser: the licence dashboard warns of a full quota, the
// statistics show the month's figures, and the audit log, filtered, exports exactly its rows as CSV.

const words = {
  fr: { admin: 'Administration', licence: 'Licence', statistics: 'Statistiques', audit: 'Journal d’audit' },
  en: { admin: 'Administration', licence: 'Licence', statistics: 'Statistics', audit: 'Audit log' },
} as const;
type Language = keyof typeof words;
const screens = join(import.meta.dirname, '..', '..', 'docs', 'screens');

/** Opens a panel of the console afresh, and waits for it to have loaded. */
async function openPanel(page: Page, language: Language, panel: 'licence' | 'statistics' | 'audit') {
  await page.getByRole('link', { name: words[language].admin, exact: true }).click();
  await page.getByRole('link', { name: words[language][panel], exact: true }).click();
  await page.getByRole('heading', { name: words[language][panel], level: 2 }).waitFor({ timeout: 20_000 });
  await waitFor(async () => (await page.locator('[aria-busy="true"]').count()) === 0, { what: `the ${panel} panel to load` });
}

/** The text of the file the page has the browser save when `button` is clicked. */
async function downloaded(page: Page, button: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return readFileSync(await file.path(), 'utf8');
}

/** A time as a datetime-local field takes it, in the machine's zone (the browser's too). */
const localMinute = (at: number) => {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
};

describe('the treasurer’s licence, statistics and audit log in the web app', () => {
  const site = webSite();

  /** Runs a daily task of the site now, and waits for that run to succeed. */
  async function runDaily(kind: string) {
    const db = site.server.store.db;
    const before = await db.selectFrom('tasks').selectAll().where('kind', '=', kind).executeTakeFirstOrThrow();
    await (await operatorClient(site.server.url, 'alice')).call('tasks.runNow', { id: before.id });
    await waitFor(
      async () => {
        const row = await db.selectFrom('tasks').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
        return row.last_success_at !== null && row.last_success_at !== before.last_success_at && row.state === 'pending';
      },
      { what: `a run of ${kind}` },
    );
  }

  /** The audit CSV the site should stream for `filter`: the rows the treasurer reads with it, formulas defused. */
  async function expectedCsv(treasurer: Member, filter: object) {
    const { entries } = await treasurer.client.call('audit.querySpace', { ...filter, limit: 500 });
    return {
      entries,
      csv: auditCsvLines(entries, { defuseFormulas: true })
        .map((l) => `${l}\r\n`)
        .join(''),
    };
  }

  it('the treasurer sees the gauges and a warning, reads the statistics, filters the audit log and downloads its CSV', async () => {
    // Two accounts of two: the accounts quota is full.
    const treasurer = await spaceWithTreasurer(site.server.url, { maxAccounts: 2 });
    const dora = await sponsored(treasurer, 'Dora');
    // The audit log holds changes (two of the matrix) and a refusal (a member changing it).
    const change = { role: 'delegate', permission: 'stats.read' };
    await treasurer.client.call('permissions.set', { ...change, allowed: true });
    await treasurer.client.call('permissions.set', { ...change, allowed: null });
    await expect(dora.client.call('permissions.set', { ...change, allowed: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await runDaily('quotas.watch');
    await runDaily('stats.monthly');

    const fr = await signedInPage(site, treasurer, 'fr', viewports[0]);
    const en = await signedInPage(site, treasurer, 'en', viewports[1]);
    const problems = [...pageProblems(fr.page), ...pageProblems(en.page)];
    const shots: { page: Page; language: Language; viewport: 0 | 1 }[] = [
      { page: fr.page, language: 'fr', viewport: 0 },
      { page: en.page, language: 'en', viewport: 1 },
    ];
    /** Screenshots of a panel in both languages, on a phone and a desktop: each page in its size, then in the other. */
    const shoot = async (panel: 'licence' | 'statistics' | 'audit', opened = false) => {
      for (const swap of [false, true])
        for (const { page, language, viewport } of shots) {
          const size = viewports[swap ? 1 - viewport : viewport]!;
          await page.setViewportSize(size);
          if (!opened || swap) await openPanel(page, language, panel);
          await page.screenshot({ path: join(screens, `${panel}-${language}-${size.name}.png`), fullPage: true });
        }
      for (const { page, viewport } of shots) await page.setViewportSize(viewports[viewport]);
    };
    try {
      // The licence: the accounts gauge at 100 %, said under it, and the warning the daily watch reported.
      await openPanel(fr.page, 'fr', 'licence');
      await fr.page.getByText('Alerte : 100 % du quota atteints').waitFor();
      await fr.page.getByText('L’espace : Comptes à 100 % (2 sur 2)', { exact: false }).waitFor();
      expect(await fr.page.getByRole('img', { name: 'Part de chaque quota utilisée', exact: false }).count()).toBe(1);
      await shoot('licence');

      // The statistics of the month in progress: two accounts, one an O account of the default partition.
      await openPanel(en.page, 'en', 'statistics');
      const table = en.page.getByRole('table');
      await en.page.getByText('Month in progress', { exact: false }).waitFor();
      const accounts = table.getByRole('row', { name: 'Accounts', exact: false }).first();
      expect(await accounts.locator('td').first().textContent()).toBe('2');
      const csv = (await downloaded(en.page, 'Export every month as CSV (anonymous)')).trimEnd().split('\r\n');
      expect(csv[0]).toMatch(/^month,frozen,partition,partitionName,accounts,/);
      expect(csv.join('\n')).not.toContain(dora.client.member.id);
      await shoot('statistics');

      // The audit log, filtered by action, result and date: the CSV holds exactly the rows shown.
      await openPanel(fr.page, 'fr', 'audit');
      const from = Date.now() - 3_600_000;
      await fr.page.getByLabel('Action', { exact: true }).fill('permissions.set');
      await fr.page.getByLabel('Résultat').selectOption('ok');
      await fr.page.getByLabel('Depuis').fill(localMinute(from));
      await fr.page.getByRole('button', { name: 'Filtrer' }).click();
      await fr.page.getByText('Entrées affichées : 2', { exact: true }).waitFor();
      const filtered = await expectedCsv(treasurer, {
        action: 'permissions.set',
        result: 'ok',
        from: new Date(localMinute(from)).getTime(),
      });
      expect(filtered.entries).toHaveLength(2);
      expect(await downloaded(fr.page, 'Exporter en CSV')).toBe(filtered.csv);
      const shownSeqs = await fr.page
        .locator('table.audit tbody tr')
        .evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-seq'))));
      expect(shownSeqs).toEqual(filtered.entries.map((e) => e.seq));

      // The refusals only, by the member.
      await openPanel(en.page, 'en', 'audit');
      await en.page.getByLabel('Actor', { exact: true }).fill(dora.client.member.id);
      await en.page.getByLabel('Result').selectOption('error');
      await en.page.getByRole('button', { name: 'Filter' }).click();
      await en.page.getByText('Entries shown: 1', { exact: true }).waitFor();
      const refused = await expectedCsv(treasurer, { actor: dora.client.member.id, result: 'error' });
      expect(refused.entries.map((e) => [e.action, e.errorCode])).toEqual([['permissions.set', 'FORBIDDEN']]);
      expect(await downloaded(en.page, 'Export as CSV')).toBe(refused.csv);
      await shoot('audit', true);
      expect(problems).toEqual([]);
    } finally {
      await fr.context.close();
      await en.context.close();
    }
  }, 240_000);
});
