import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { IlotClient } from '../../src/client/client.js';
import { acceptSponsorship, contacts, refuseSponsorship, sponsor, sponsorships, viewSponsorship } from '../../src/client/membership.js';
import { createNote } from '../../src/client/notes.js';
import { cardPhotoMaxBytes } from '../../src/shared/limits.js';
import { errorMessages } from '../../web/src/i18n/error-messages.js';
import { screenshotDir, signedInPage, viewports, webSite } from '../support/browser.js';
import { defaultPartition, spaceWithTreasurer, sponsored } from '../support/members.js';
import { refusal } from '../support/operators.js';

// Membership in the browser: sponsoring with every option, the sponsorships' states, cards with a
// photo made in the page, deleting the account, the space's notification and restriction in words.

/** Fails the test on a page error, a console error or any dialog (a script run from member text would open one). */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`a dialog opened: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return problems;
}

const alert = (page: Page) => page.getByRole('alert').first().textContent();

describe('membership in the web app', () => {
  const site = webSite();

  async function sponsorThroughPage(
    page: Page,
    fields: { name: string; word: string; phrase: string; kind?: 'O' | 'A'; documents?: string; megabytes?: string; gift?: string },
    options: { delegate?: boolean; noContact?: boolean } = {},
  ) {
    await page.getByLabel('Their name in the space').fill(fields.name);
    await page.getByLabel('Welcome word', { exact: false }).fill(fields.word);
    await page.getByLabel(fields.kind === 'A' ? 'A: autonomous' : 'O: paid by', { exact: false }).check();
    await page.getByLabel('Documents quota').fill(fields.documents ?? '100');
    await page.getByLabel('Files quota (MB)').fill(fields.megabytes ?? '100');
    if (fields.gift !== undefined) await page.getByLabel('Gift in euros', { exact: false }).fill(fields.gift);
    if (options.delegate) await page.getByLabel('Make them a delegate', { exact: false }).check();
    if (options.noContact) await page.getByLabel('Do not become their contact').check();
    await page.getByLabel('Sponsorship phrase').fill(fields.phrase);
    await page.getByRole('button', { name: 'Sponsor', exact: true }).click();
  }

  it('sponsors with every option; the new accounts get them; a refusal by role or space is told in words; extend, cancel, and a refusal’s reason read', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const { context, page } = await signedInPage(site, treasurer, 'en', viewports[1]);
    const problems = watch(page);
    await page.getByRole('link', { name: 'Sponsorships' }).click();
    await page.getByRole('heading', { name: 'Sponsor someone' }).waitFor();
    await page.getByText('No sponsorships yet.').waitFor({ timeout: 20_000 });

    // An O account, a delegate, without the mutual contact.
    const bobPhrase = 'Bob joins us with this long sentence';
    await sponsorThroughPage(
      page,
      { name: 'Bob', word: 'Welcome, <b>Bob</b>!', phrase: bobPhrase, documents: '42', megabytes: '7' },
      { delegate: true, noContact: true },
    );
    await page.getByText('The sponsorship for Bob is open until', { exact: false }).waitFor({ timeout: 20_000 });
    await page.getByRole('listitem').filter({ hasText: 'Bob' }).getByText('waiting for an answer').waitFor();
    const bobView = await viewSponsorship(new IlotClient(site.server.url), treasurer.orgCode, bobPhrase);
    expect(bobView).toMatchObject({
      name: 'Bob',
      word: 'Welcome, <b>Bob</b>!',
      kind: 'O',
      partitionId: await defaultPartition(treasurer),
      quotas: { documents: 42, volumeBytes: 7_000_000 },
      delegate: true,
      giftCents: 0,
      noContact: true,
    });
    const bobPassphrase = 'Bob chose this passphrase of his own';
    await acceptSponsorship(new IlotClient(site.server.url), treasurer.orgCode, bobPhrase, bobPassphrase);
    const bob = new IlotClient(site.server.url);
    await bob.signIn(treasurer.orgCode, bobPassphrase);
    expect(await bob.call('account.show')).toMatchObject({
      roles: ['delegate'],
      kind: 'O',
      quotas: { documents: 42, volumeBytes: 7_000_000 },
    });
    expect(await contacts(bob)).toEqual([]);

    // A phrase starting as Bob's did: too close, said in words; nothing typed is lost.
    await sponsorThroughPage(page, { name: 'Eve', word: 'Hello Eve', phrase: 'Bob joins us, Eve too, with this one' });
    await expect.poll(() => alert(page), { timeout: 20_000 }).toBe(errorMessages.PHRASE_TOO_CLOSE.en);
    expect(await page.getByLabel('Their name in the space').inputValue()).toBe('Eve');

    // An A account, which the space does not accept yet: the server's refusal, in words.
    const annPhrase = 'Ann may come in with this phrase here';
    await sponsorThroughPage(page, {
      name: 'Ann',
      word: 'Hi Ann',
      phrase: annPhrase,
      kind: 'A',
      documents: '10',
      megabytes: '1',
      gift: '5.5',
    });
    await expect.poll(() => alert(page), { timeout: 20_000 }).toBe(errorMessages.A_ACCOUNTS_NOT_ACCEPTED.en);
    await treasurer.client.call('space.setOptions', { acceptsAAccounts: true });
    await page.getByRole('button', { name: 'Sponsor', exact: true }).click();
    await page.getByText('The sponsorship for Ann is open until', { exact: false }).waitFor({ timeout: 20_000 });
    await acceptSponsorship(new IlotClient(site.server.url), treasurer.orgCode, annPhrase, 'Ann chose this passphrase of her own', {
      contact: true,
    });
    const ann = new IlotClient(site.server.url);
    await ann.signIn(treasurer.orgCode, 'Ann chose this passphrase of her own');
    expect(await ann.call('account.show')).toMatchObject({
      kind: 'A',
      partitionId: null,
      giftCents: 550,
      quotas: { documents: 10, volumeBytes: 1_000_000 },
    });
    expect((await contacts(ann)).map((c) => c.name)).toEqual([treasurer.client.member.avatars[0]!.name]);

    // Carol's sponsorship: extended, then cancelled; its phrase then opens nothing.
    const carolPhrase = 'Carol is welcome with this sentence';
    await sponsorThroughPage(page, { name: 'Carol', word: 'Dear Carol', phrase: carolPhrase });
    const carol = page.getByRole('listitem').filter({ hasText: 'Carol' });
    await carol.getByText('waiting for an answer').waitFor({ timeout: 20_000 });
    await carol.getByRole('button', { name: 'Extend 30 days' }).click();
    await page.getByText('The sponsorship is open until', { exact: false }).waitFor({ timeout: 20_000 });
    await carol.getByText('Cancel', { exact: true }).click();
    await carol.getByRole('button', { name: 'Cancel for good', exact: false }).click();
    await carol.getByText('cancelled', { exact: true }).waitFor({ timeout: 20_000 });
    expect((await sponsorships(treasurer.client)).find((s) => s.name === 'Carol')?.state).toBe('cancelled');
    expect((await refusal(viewSponsorship(new IlotClient(site.server.url), treasurer.orgCode, carolPhrase))).code).toBe(
      'SPONSORSHIP_INVALID',
    );

    // Dave refuses, with a reason holding markup: the sponsor reads it, as text.
    const davePhrase = 'Dave could join with this sentence';
    await sponsor(treasurer.client, {
      phrase: davePhrase,
      name: 'Dave',
      kind: 'O',
      partitionId: await defaultPartition(treasurer),
      quotas: { documents: 5, volumeBytes: 5_000_000 },
      word: 'Dave, come',
    });
    await refuseSponsorship(new IlotClient(site.server.url), treasurer.orgCode, davePhrase, 'Not now <img src=x onerror=alert(1)>');
    await page.getByRole('link', { name: 'Notes' }).click();
    await page.getByRole('link', { name: 'Sponsorships' }).click();
    const dave = page.getByRole('listitem').filter({ hasText: 'Dave' });
    await dave.getByText('refused', { exact: true }).waitFor({ timeout: 20_000 });
    expect(await dave.getByText('Their reason: Not now <img src=x onerror=alert(1)>').count()).toBe(1);
    expect(await page.locator('.sponsorships img').count()).toBe(0);
    // Words and reasons reach the server sealed only.
    const stored = JSON.stringify(await site.server.store.db.selectFrom('sponsorships').selectAll().execute());
    for (const secret of ['Welcome, <b>Bob</b>', 'Dear Carol', 'Not now']) expect(stored).not.toContain(secret);
    await page.screenshot({ path: join(screenshotDir(), 'sponsorships-en-desktop.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();

    // Fay, neither treasurer nor delegate, may not sponsor an O account: the server says no, told in French here.
    const plain = await sponsored(treasurer, 'Fay');
    const fay = await signedInPage(site, plain, 'fr', viewports[0]);
    await fay.page.getByRole('link', { name: 'Parrainages' }).click();
    await fay.page.getByLabel('Son nom dans l’espace').fill('Gus');
    await fay.page.getByLabel('Phrase de parrainage').fill('Gus would join with this phrase');
    await fay.page.getByRole('button', { name: 'Parrainer', exact: true }).click();
    await expect.poll(() => alert(fay.page), { timeout: 20_000 }).toBe(errorMessages.FORBIDDEN.fr);
    await fay.context.close();
  }, 240_000);

  it('sets a card with a photo made in the page; a contact sees it; its text with markup stays text', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const { context, page } = await signedInPage(site, bob, 'en', viewports[0]);
    const problems = watch(page);
    const who = `Bob#${bob.client.member.avatars[0]!.id.slice(-4)}`;
    await page.getByRole('heading', { name: `Card of ${who}` }).waitFor();
    await page.getByText('Change the card').click();

    // A large picture, drawn here: the page makes it a small JPEG within the card's bound.
    const png = Buffer.from(
      await page.evaluate(async () => {
        const canvas = document.createElement('canvas');
        canvas.width = 1600;
        canvas.height = 1000;
        const context = canvas.getContext('2d')!;
        for (let i = 0; i < 4000; i++) {
          context.fillStyle = `hsl(${i % 360} 70% 50%)`;
          context.fillRect((i * 37) % 1600, (i * 53) % 1000, 40, 40);
        }
        const blob = await new Promise<Blob>((done) => canvas.toBlob((b) => done(b!), 'image/png'));
        return [...new Uint8Array(await blob.arrayBuffer())];
      }),
    );
    expect(png.length).toBeGreaterThan(cardPhotoMaxBytes);
    const canary = `canary${Math.random().toString(36).slice(2, 10)}`;
    const text = `Bob ${canary} <script>alert(1)</script> <b>bold?</b>`;
    await page.getByLabel('Choose a photo').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png });
    await page.getByRole('img', { name: `Photo of ${who}` }).waitFor();
    await page.getByLabel('A few words about this avatar').fill(text);
    await page.getByRole('button', { name: 'Update the card' }).click();
    await page.getByText('The card is saved.').waitFor({ timeout: 20_000 });
    const rows = [];
    for (const table of ['avatars', 'audit_entries'] as const)
      rows.push(...(await site.server.store.db.selectFrom(table).selectAll().execute()));
    expect(JSON.stringify(rows)).not.toContain(canary);
    expect(site.server.logs.raw.join('\n')).not.toContain(canary);

    // Not a picture: said in words, the photo kept.
    await page.getByLabel('Choose a photo').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('plain text') });
    await expect
      .poll(() => alert(page), { timeout: 20_000 })
      .toBe('This file cannot be read as an image. Choose a JPEG, PNG or WebP photo.');
    expect(await page.getByRole('img', { name: `Photo of ${who}` }).count()).toBeGreaterThan(0);
    await context.close();
    for (const language of ['fr', 'en'] as const)
      for (const viewport of viewports) {
        const own = await signedInPage(site, bob, language, viewport);
        await own.page.getByRole('paragraph').filter({ hasText: canary }).waitFor({ timeout: 20_000 });
        await own.page.getByText(language === 'en' ? 'Change the card' : 'Changer la carte').click();
        await own.page.screenshot({ path: join(screenshotDir(), `card-${language}-${viewport.name}.png`), fullPage: true });
        await own.context.close();
      }

    // The treasurer, Bob's contact, reads the card: through the SDK, and in the page as text.
    const card = (await contacts(treasurer.client)).find((c) => c.name === 'Bob')!.card!;
    expect(card.text).toBe(text);
    expect([card.photo![0], card.photo![1]]).toEqual([0xff, 0xd8]);
    expect(card.photo!.length).toBeLessThanOrEqual(cardPhotoMaxBytes);
    for (const language of ['fr', 'en'] as const)
      for (const viewport of viewports) {
        const opened = await signedInPage(site, treasurer, language, viewport);
        const seen = watch(opened.page);
        await opened.page.getByRole('link', { name: 'Contacts' }).click();
        await opened.page.getByText(text).waitFor({ timeout: 20_000 });
        const photo = opened.page.getByRole('img', { name: language === 'en' ? `Photo of ${who}` : `Photo de ${who}` });
        await photo.waitFor();
        expect(await photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(192);
        expect(await opened.page.locator('.avatar-card script, .avatar-card b').count()).toBe(0);
        await opened.page.screenshot({ path: join(screenshotDir(), `contacts-card-${language}-${viewport.name}.png`), fullPage: true });
        expect(seen).toEqual([]);
        await opened.context.close();
      }
    expect(problems).toEqual([]);
  }, 240_000);

  it('deletes the account after its passphrase and a confirmation, back to the sign-in page; the account can no longer sign in', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const bob = await sponsored(treasurer, 'Bob');
    for (const [language, viewport] of [
      ['fr', viewports[0]],
      ['en', viewports[1]],
    ] as const) {
      const shown = await signedInPage(site, treasurer, language, viewport);
      await shown.page.getByRole('link', { name: language === 'en' ? 'Account' : 'Compte' }).click();
      // The treasurer's account cannot be deleted: said before anything is tried.
      await shown.page.getByText(errorMessages.TREASURER_UNDELETABLE[language]).waitFor({ timeout: 20_000 });
      await shown.context.close();
    }

    for (const language of ['fr', 'en'] as const)
      for (const viewport of viewports) {
        const shown = await signedInPage(site, bob, language, viewport);
        await shown.page.getByRole('link', { name: language === 'en' ? 'Account' : 'Compte' }).click();
        await shown.page.getByRole('heading', { name: language === 'en' ? 'Delete the account' : 'Supprimer le compte' }).waitFor();
        await shown.page.screenshot({ path: join(screenshotDir(), `delete-account-${language}-${viewport.name}.png`), fullPage: true });
        await shown.context.close();
      }

    const { context, page } = await signedInPage(site, bob, 'en', viewports[0]);
    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('heading', { name: 'Delete the account' }).waitFor();
    expect(await page.getByRole('button', { name: 'Delete my account' }).isDisabled()).toBe(true);
    await page.getByLabel('Your passphrase, to confirm').fill('this is not the passphrase of Bob');
    await page.getByLabel('I understand that everything is erased for good').check();
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await expect.poll(() => alert(page), { timeout: 20_000 }).toBe(errorMessages.PASSPHRASE_WRONG.en);
    await page.getByLabel('Your passphrase, to confirm').fill(bob.passphrase);
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 20_000 });
    await page.getByText('Your account is deleted. Goodbye!').waitFor();
    await page.screenshot({ path: join(screenshotDir(), 'deleted-en-360.png'), fullPage: true });
    await context.close();
    expect((await refusal(new IlotClient(site.server.url).signIn(bob.orgCode, bob.passphrase))).code).toBe('SIGNIN_FAILED');
  }, 240_000);

  it('shows the space’s notification as a banner, kept current, and the restriction in words', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const orgCode = treasurer.orgCode;
    await treasurer.operator.call('space.setNotification', { orgCode, text: 'Maintenance on <b>Sunday</b>, 8 to 10' });
    const { context, page } = await signedInPage(site, treasurer, 'en', viewports[1]);
    const problems = watch(page);
    const banner = page.getByRole('region', { name: 'Message of the space' });
    await banner.getByText('Maintenance on <b>Sunday</b>, 8 to 10').waitFor({ timeout: 20_000 });
    expect(await page.getByRole('region', { name: 'Restriction in force' }).count()).toBe(0);

    // A member at a quota: no-growth, in words, with what remains possible.
    const hal = await sponsored(treasurer, 'Hal', { quotas: { documents: 1, volumeBytes: 1_000_000 } });
    await createNote(hal.client, hal.client.member.avatars[0]!.id, { text: 'the one note Hal may keep', hashtags: [] });
    const full = await signedInPage(site, hal, 'en', viewports[0]);
    await full.page
      .getByRole('region', { name: 'Restriction in force' })
      .getByText('Your account has reached a quota: you can read, change and delete, but not add.', { exact: false })
      .waitFor({ timeout: 20_000 });
    await full.page.screenshot({ path: join(screenshotDir(), 'no-growth-en-360.png'), fullPage: true });
    await full.context.close();

    // Changed by the operator during the session: the next screen shows it.
    await treasurer.operator.call('space.setNotification', { orgCode, text: 'Maintenance moved to Monday' });
    await treasurer.operator.call('space.setReadOnly', { orgCode, readOnly: true });
    await page.getByRole('link', { name: 'Contacts' }).click();
    await banner.getByText('Maintenance moved to Monday').waitFor({ timeout: 20_000 });
    const restriction = page.getByRole('region', { name: 'Restriction in force' });
    await restriction.getByText('This space is read-only: you can read everything', { exact: false }).waitFor({ timeout: 20_000 });

    // A write is refused, in words.
    await page.getByRole('link', { name: 'Notes' }).click();
    await page.getByLabel('Text').fill('A note while read-only');
    await page.getByRole('button', { name: 'Add the note' }).click();
    await expect.poll(() => alert(page), { timeout: 20_000 }).toBe(errorMessages.SPACE_READ_ONLY.en);
    await page.screenshot({ path: join(screenshotDir(), 'read-only-en-desktop.png'), fullPage: true });

    // Frozen, and a sign-in ban ahead.
    const banAt = Date.UTC(2099, 0, 15, 12);
    await treasurer.operator.call('space.setReadOnly', { orgCode, readOnly: false });
    await treasurer.operator.call('space.setFrozen', { orgCode, frozen: true });
    await treasurer.operator.call('space.setSigninBan', { orgCode, from: banAt });
    await page.getByRole('link', { name: 'Account' }).click();
    await restriction.getByText('This space is frozen', { exact: false }).waitFor({ timeout: 20_000 });
    await restriction.getByText('From January 15, 2099, signing in to this space will no longer be possible', { exact: false }).waitFor();
    expect(await restriction.getByText('read-only', { exact: false }).count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();

    for (const language of ['fr', 'en'] as const)
      for (const viewport of viewports) {
        const opened = await signedInPage(site, treasurer, language, viewport);
        const words =
          language === 'fr'
            ? { region: 'Restriction en vigueur', frozen: 'Cet espace est gelé', ban: 'À partir du 15 janvier 2099' }
            : { region: 'Restriction in force', frozen: 'This space is frozen', ban: 'From January 15, 2099' };
        const shown = opened.page.getByRole('region', { name: words.region });
        await shown.getByText(words.frozen, { exact: false }).waitFor({ timeout: 20_000 });
        await shown.getByText(words.ban, { exact: false }).waitFor();
        await opened.page.screenshot({ path: join(screenshotDir(), `restriction-${language}-${viewport.name}.png`), fullPage: true });
        await opened.page.getByRole('link', { name: language === 'fr' ? 'Parrainages' : 'Sponsorships' }).click();
        await opened.page.getByRole('heading', { name: language === 'fr' ? 'Mes parrainages' : 'My sponsorships' }).waitFor();
        await opened.page.screenshot({ path: join(screenshotDir(), `sponsorship-${language}-${viewport.name}.png`), fullPage: true });
        expect(await opened.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
        await opened.context.close();
      }
  }, 240_000);
});
