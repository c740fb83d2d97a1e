import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { IlotClient } from '../../src/client/client.js';
import { sponsor, sponsorships } from '../../src/client/membership.js';
import { errorMessages } from '../../web/src/i18n/error-messages.js';
import { screenshotDir, viewports, webSite } from '../support/browser.js';
import { defaultPartition } from '../support/members.js';
import { operatorClient } from '../support/operators.js';

// The newcomer's path in the browser: the treasurer opens the space from the operator's phrase,
// then a member joins from the treasurer's sponsorship, or refuses it.

describe('joining a space in the web app', () => {
  const site = webSite();

  async function page(locale: 'fr' | 'en', viewport: (typeof viewports)[number]): Promise<Page> {
    const context = await site.browser.newContext({ locale, viewport });
    const opened = await context.newPage();
    await opened.goto(`${site.server.url}/join`);
    return opened;
  }

  it('takes the treasurer, then a sponsored member, from their phrase to their notes; a refusal reaches the sponsor', async () => {
    const orgCode = `join${Math.random().toString(36).slice(2, 6)}`;
    const operatorPhrase = `the operator gives ${orgCode} to its treasurer`;
    const operator = await operatorClient(site.server.url, 'alice');
    await operator.openSpace(orgCode, { documents: 1000, volumeBytes: 1e9, monthlyCents: 1000, maxAccounts: 10 }, operatorPhrase);

    // The treasurer, in French at 360 px.
    const treasurerPassphrase = 'the treasurer of the space chose this long sentence';
    const a = await page('fr', viewports[0]);
    await a.getByLabel('Code de l’organisation').fill(orgCode);
    await a.getByLabel('Phrase de parrainage').fill('not the phrase the operator gave at all');
    await a.getByLabel('Je suis le Comptable', { exact: false }).check();
    await a.getByRole('button', { name: 'Lire l’invitation' }).click();
    await expect.poll(() => a.getByRole('alert').textContent(), { timeout: 20_000 }).toBe(errorMessages.SPONSORSHIP_INVALID.fr);
    await a.getByLabel('Phrase de parrainage').fill(operatorPhrase);
    await a.getByRole('button', { name: 'Lire l’invitation' }).click();
    await a.getByRole('heading', { name: 'Votre invitation' }).waitFor({ timeout: 20_000 });
    await a.screenshot({ path: join(screenshotDir(), 'join-treasurer-fr-360.png'), fullPage: true });
    await a.getByLabel('Choisissez votre phrase secrète').fill(treasurerPassphrase);
    await a.getByLabel('La même phrase secrète, à nouveau').fill(treasurerPassphrase);
    await a.getByRole('button', { name: 'Accepter et créer mon compte' }).click();
    await a.getByRole('heading', { name: 'Notes' }).waitFor({ timeout: 30_000 });

    // The treasurer sponsors Bob (the sponsorship screens come later: the SDK here).
    const treasurer = new IlotClient(site.server.url);
    await treasurer.signIn(orgCode, treasurerPassphrase);
    const partitionId = await defaultPartition({ client: treasurer, orgCode, passphrase: treasurerPassphrase });
    const proposal = { name: 'Bob', kind: 'O' as const, partitionId, quotas: { documents: 50, volumeBytes: 20_000_000 } };
    await sponsor(treasurer, { ...proposal, phrase: 'Bob may join the space with this phrase', word: 'Welcome aboard, Bob!' });
    await sponsor(treasurer, { ...proposal, name: 'Carol', phrase: 'Carol may join the space with this phrase', word: 'Hello Carol' });

    // Bob, in English on a desktop: reads the conditions, mistypes, then accepts.
    const b = await page('en', viewports[1]);
    await b.getByLabel('Org code').fill(orgCode);
    await b.getByLabel('Sponsorship phrase').fill('Bob may join the space with this phrase');
    await b.getByRole('button', { name: 'Read the invitation' }).click();
    await b.getByText('Welcome aboard, Bob!').waitFor({ timeout: 20_000 });
    expect(await b.getByText('50 documents, 20 MB of files').count()).toBe(1);
    expect(await b.getByText('paid by the organization').count()).toBe(1);
    await b.screenshot({ path: join(screenshotDir(), 'join-member-en-desktop.png'), fullPage: true });
    await b.getByLabel('Choose your passphrase').fill('short');
    expect(await b.getByRole('button', { name: 'Accept and create my account' }).isDisabled()).toBe(true);
    await b.getByLabel('Choose your passphrase').fill('Bob chose a sentence nobody else knows');
    await b.getByLabel('The same passphrase again').fill('Bob chose a sentence nobody else knew');
    await b.getByRole('button', { name: 'Accept and create my account' }).click();
    expect(await b.getByRole('alert').textContent()).toBe('The two passphrases are not the same.');
    await b.getByLabel('The same passphrase again').fill('Bob chose a sentence nobody else knows');
    await b.getByRole('button', { name: 'Accept and create my account' }).click();
    await b.getByRole('heading', { name: 'Notes' }).waitFor({ timeout: 30_000 });
    expect(await b.getByText('Signed in as Bob#', { exact: false }).count()).toBe(1);

    // The same phrase again: spent.
    const again = await page('en', viewports[1]);
    await again.getByLabel('Org code').fill(orgCode);
    await again.getByLabel('Sponsorship phrase').fill('Bob may join the space with this phrase');
    await again.getByRole('button', { name: 'Read the invitation' }).click();
    await expect.poll(() => again.getByRole('alert').textContent(), { timeout: 20_000 }).toMatch(/\S/);

    // Carol refuses, with a reason only her sponsor reads.
    const c = await page('en', viewports[0]);
    await c.getByLabel('Org code').fill(orgCode);
    await c.getByLabel('Sponsorship phrase').fill('Carol may join the space with this phrase');
    await c.getByRole('button', { name: 'Read the invitation' }).click();
    await c.getByText('Hello Carol').waitFor({ timeout: 20_000 });
    await c.getByText('Refuse this invitation').click();
    await c.getByLabel('A reason, for your sponsor only (optional)').fill('Not this year, thank you');
    await c.getByRole('button', { name: 'Refuse', exact: true }).click();
    await c.getByText('The invitation is refused.', { exact: false }).waitFor({ timeout: 20_000 });
    const carol = (await sponsorships(treasurer)).find((s) => s.name === 'Carol')!;
    expect([carol.state, carol.answer]).toEqual(['refused', 'Not this year, thank you']);
  }, 240_000);
});
