import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorMessages } from '../../web/src/i18n/error-messages.js';
import { signedInPage, viewports, webSite } from '../support/browser.js';
import { spaceWithTreasurer } from '../support/members.js';
import { waitFor } from '../support/wait.js';
import { readMail, SmtpSink } from './smtp-sink.js';

// The optional address of the sponsorship form: the mail goes in the language the sponsor chose,
// and a refusal is told in the page's words.
describe('sponsorship invitation from the web app', () => {
  const site = webSite();
  const sink = new SmtpSink();
  beforeAll(async () => {
    const port = await sink.start();
    // The suite's site is shared by its tests: mail is switched on for this one.
    Object.assign(site.server.config.smtp, { host: '127.0.0.1', port, from: 'ilot@example.org' });
    site.server.config.site.publicUrl = 'https://ilot.example.org';
  });
  afterAll(() => sink.stop());

  it('sends the invitation in the chosen language, never with the phrase, and tells a bad address in words', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const { context, page } = await signedInPage(site, treasurer, 'en', viewports[1]);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.getByRole('link', { name: 'Sponsorships' }).click();
    await page.getByRole('heading', { name: 'Sponsor someone' }).waitFor();

    const fill = async (name: string, phrase: string, address: string) => {
      await page.getByLabel('Their name in the space').fill(name);
      await page.getByLabel('Sponsorship phrase').fill(phrase);
      await page.getByLabel('E-mail address of the sponsored (optional)').fill(address);
    };
    // The browser takes it, the site does not: no dot in the domain.
    await fill('Zoé', 'Zoé joins with this sentence of her own', 'zoe@localhost');
    await page.getByRole('button', { name: 'Sponsor', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: errorMessages.MAIL_ADDRESS_INVALID.en }).waitFor();

    const phrase = 'Camille joins with this canary sentence';
    await fill('Camille', phrase, 'camille@example.org');
    await page.getByLabel('Language of the mail').selectOption('fr');
    await page.getByRole('button', { name: 'Sponsor', exact: true }).click();
    await page.getByText('The invitation mail is on its way to camille@example.org.', { exact: false }).waitFor({ timeout: 20_000 });
    expect(await page.getByLabel('E-mail address of the sponsored (optional)').inputValue()).toBe('');

    const received = (await waitFor(() => sink.mails.find((m) => m.to.includes('camille@example.org'))))!;
    const mail = readMail(received.raw);
    expect(mail.subject).toContain(`parrainé·e dans l'espace ${treasurer.orgCode}`);
    expect(mail.text).toContain('https://ilot.example.org/join');
    expect(received.raw).not.toContain('canary');
    expect(`${mail.text}${mail.html}`).not.toContain('canary');
    expect(problems).toEqual([]);
    await context.close();
  });
});
