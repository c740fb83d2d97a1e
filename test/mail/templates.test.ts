import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailRequest } from '../../src/mail/request.js';
import { isMailRequest } from '../../src/mail/request.js';
import { render, sendRequest } from '../../src/mail/send.js';
import { makeConfig } from '../support/server.js';
import { readMail, SmtpSink } from './smtp-sink.js';

const to = { address: 'dominique@example.org', language: 'fr' } as const;

/** One mail of each template, with what each language must say. */
const cases: { request: MailRequest; en: RegExp[]; fr: RegExp[] }[] = [
  {
    request: {
      template: 'taskFailed',
      params: { kind: 'purge.file', taskId: 'T1', spaceId: 12, target: 'f1', attempts: 5, error: 'disk <full> & "gone"' },
      to,
    },
    en: [/task failed: purge\.file/, /failed 5 times/, /disk <full> & "gone"/, /ilot tasks retry/],
    fr: [/tâche en échec : purge\.file/, /a échoué 5 fois/, /disk <full> & "gone"/, /ilot tasks retry/],
  },
  {
    request: { template: 'backupFailed', params: { taskId: 'T2', attempts: 3, error: 'ENOSPC' }, to },
    en: [/the backup failed/, /failed 3 times/, /ENOSPC/, /ilot tasks retry T2/],
    fr: [/la sauvegarde a échoué/, /a échoué 3 fois/, /ENOSPC/, /ilot tasks retry T2/],
  },
  {
    request: {
      template: 'quotaNearlyFull',
      params: { orgCode: 'asso1', spaceId: 11, quota: 'volumeBytes', used: 9_500_000_000, limit: 10_000_000_000 },
      to,
    },
    en: [/space asso1: volume at 95 %/, /9\.5 GB \/ 10\.0 GB \(95 %\)/, /once per crossing/],
    fr: [/espace asso1 : volume à 95 %/, /9\.5 GB \/ 10\.0 GB \(95 %\)/, /une fois par franchissement/],
  },
  {
    request: { template: 'urgentChatItem', params: { orgCode: 'asso1' }, to },
    en: [/asso1: an urgent item is waiting/, /https:\/\/ilot\.example\.org\//, /encrypted/],
    fr: [/asso1 : un message urgent vous attend/, /https:\/\/ilot\.example\.org\//, /chiffré/],
  },
  {
    request: { template: 'sponsorshipInvitation', params: { orgCode: 'asso1' }, to },
    en: [/sponsored in the space asso1/, /https:\/\/ilot\.example\.org\/join/, /org code asso1/, /never sent by mail/],
    fr: [
      /parrainé·e dans l'espace asso1/,
      /https:\/\/ilot\.example\.org\/join/,
      /code d'organisation asso1/,
      /jamais envoyée par courriel/,
    ],
  },
];

describe('mail templates', () => {
  const sink = new SmtpSink();
  let config: ReturnType<typeof makeConfig>;
  beforeAll(async () => {
    const port = await sink.start();
    config = makeConfig({
      siteName: 'Hébergement Nord',
      site: { publicUrl: 'https://ilot.example.org/' },
      smtp: { host: '127.0.0.1', port, from: 'ilot@example.org', to: ['ops@example.org'] },
    });
  });
  afterAll(() => sink.stop());

  it('has a case for every template', async () => {
    const { templates } = await import('../../src/mail/templates/index.js');
    expect(cases.map((c) => c.request.template).sort()).toEqual(Object.keys(templates).sort());
  });

  for (const { request, en, fr } of cases)
    for (const [language, expected] of [
      ['en', en],
      ['fr', fr],
    ] as const)
      it(`${request.template} in ${language} arrives with its words, in text and escaped HTML`, async () => {
        const address = `${request.template}.${language}@example.org`;
        expect(await sendRequest(config, { ...request, to: { address, language } })).toBe(true);
        const received = sink.mails.find((m) => m.to.includes(address));
        expect(received?.from).toBe('ilot@example.org');
        const mail = readMail(received!.raw);
        const whole = `${mail.subject}\n${mail.text}`;
        for (const pattern of expected) expect(whole).toMatch(pattern);
        expect(mail.subject).toContain(request.template === 'sponsorshipInvitation' ? 'Hébergement Nord' : '[Hébergement Nord]');
        expect(mail.html).toContain(`<html lang="${language}">`);
        // What a parameter holds is text in the HTML part, never markup.
        expect(mail.html).not.toMatch(/<full>|<script/);
        if (request.template === 'taskFailed') expect(mail.html).toContain('disk &lt;full&gt; &amp; &quot;gone&quot;');
      });

  it('keeps the subject on one line and the HTML inert, whatever a parameter holds', () => {
    const mail = render(
      config,
      {
        template: 'taskFailed',
        params: {
          kind: 'x\r\nBcc: victim@example.org',
          taskId: 't',
          spaceId: 0,
          target: null,
          attempts: 1,
          error: '<script>alert(1)</script>',
        },
        to: { operators: true },
      },
      'en',
    );
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('sends the operators their mail in smtp.language, and nothing when smtp.to is empty', async () => {
    const request: MailRequest = { template: 'backupFailed', params: { taskId: 'T9', attempts: 1, error: 'x' }, to: { operators: true } };
    const before = sink.mails.length;
    await sendRequest({ ...config, smtp: { ...config.smtp, language: 'fr', to: ['ops1@example.org', 'ops2@example.org'] } }, request);
    const received = sink.mails[before]!;
    expect(received.to).toEqual(['ops1@example.org', 'ops2@example.org']);
    expect(readMail(received.raw).subject).toContain('la sauvegarde a échoué');
    expect(await sendRequest({ ...config, smtp: { ...config.smtp, to: [] } }, request)).toBe(false);
    expect(sink.mails).toHaveLength(before + 1);
  });

  it('recognizes only mails this version can send', () => {
    expect(isMailRequest(cases[0]!.request)).toBe(true);
    for (const bad of [
      null,
      'mail',
      { template: 'nope', params: {}, to: { operators: true } },
      { template: 'constructor', params: {}, to: { operators: true } },
      { template: 'sponsorshipInvitation', params: { orgCode: 'a', phrase: 'x' }, to },
      { template: 'sponsorshipInvitation', params: { orgCode: 'a' }, to: { address: 'a@b.c', language: 'de' } },
      { template: 'sponsorshipInvitation', params: { orgCode: 'a' }, to: { operators: false } },
      { ...cases[0]!.request, extra: 1 },
    ])
      expect(isMailRequest(bad)).toBe(false);
  });
});
