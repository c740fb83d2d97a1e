import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IlotClientError } from '../../src/client/errors.js';
import { createBackup } from '../../src/backup/create.js';
import { verifyBackup } from '../../src/backup/verify.js';
import { en } from '../../web/src/i18n/en.js';
import { buildWebApp, launchChromium, pageProblems, screenshotDir, viewports } from '../support/browser.js';
import { sqliteEngine, tempDir } from '../support/engines.js';
import { operatorClient, operatorPhrases, withOperators } from '../support/operators.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ilot } from '../support/cli.js';

// The operator console in Chromium against a real server on SQLite, as one scenario whose steps
// follow each other (later steps, such as exporting the space, are appended to `scenario`): an
// admin opens a space and reads its sponsorship phrase; the treasurer joins with it and writes a
// note; the admin freezes the space and the treasurer sees it at once; an observer sees everything
// with no way to change it, and the server refuses what the console hides; the audit log's CSV
// export holds exactly the filtered rows; the space is exported and imported under a new org code,
// where the treasurer signs in with the same passphrase and reads the note. Each panel is looked at in French and English, 360 px
// and desktop.

type Language = 'fr' | 'en';
type Viewport = (typeof viewports)[number];
/** The French words the test reads (fr.ts is not importable from Node: its imports have no extension); a change there fails here. */
const fr = {
  signIn: {
    orgCode: 'Code de l’organisation',
    passphrase: 'Phrase secrète',
    submit: 'Se connecter',
    operatorSessionEnded: 'Votre session d’opérateur a pris fin (révoquée ou expirée). Reconnectez-vous.',
  },
  join: { asTreasurer: 'Je suis le Comptable : l’administrateur m’a donné cette phrase pour ouvrir l’espace', open: 'Lire l’invitation' },
  notes: { text: 'Texte', add: 'Ajouter la note' },
  membership: {
    restriction: {
      frozen:
        'Cet espace est gelé : vous pouvez tout consulter, mais rien ne peut être écrit, et se connecter ne prolonge plus la durée de vie de votre compte.',
    },
  },
  operator: {
    observerNote: 'Vous êtes observateur : vous voyez tout, et ne pouvez rien changer.',
    tabs: {
      spaces: 'Espaces',
      tasks: 'Tâches',
      backups: 'Sauvegardes',
      audit: 'Journal d’audit',
      health: 'Santé',
      sessions: 'Sessions d’administration',
      fleet: 'Flotte',
    },
    open: { button: 'Ouvrir un espace' },
    govern: {
      freeze: 'Geler',
      unfreeze: 'Dégeler',
      readOnly: 'Passer en lecture seule',
      saveQuotas: 'Enregistrer les quotas',
      postNotification: 'Publier la notification',
      ban: 'Fixer l’interdiction',
    },
    close: { title: 'Clore l’espace…' },
    tasks: { queue: 'File', runNow: 'Lancer maintenant', cancel: 'Annuler', retry: 'Relancer' },
    backups: { now: 'Sauvegarder maintenant', verified: 'vérifiée' },
    health: { ready: 'prêt' },
    sessions: { this: 'cette session' },
  },
};
const words: Record<Language, typeof fr> = { fr, en };
const shot = (name: string) => join(screenshotDir(), `operator-${name}.png`);

describe('operator console', () => {
  let server: TestServer;
  let browser: Browser;
  const problems: string[][] = [];
  beforeAll(async () => {
    server = await startTestServer(sqliteEngine, {
      ...(await withOperators()),
      web: { dir: await buildWebApp() },
      backup: { dir: join(tempDir(), 'backups') },
    });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function newPage(language: Language, viewport: Viewport, path = '/'): Promise<Page> {
    const context = await browser.newContext({ locale: language, viewport, acceptDownloads: true });
    const page = await context.newPage();
    problems.push(pageProblems(page));
    await page.goto(`${server.url}${path}`);
    return page;
  }

  /** An operator signed in through the sign-in screen: the org code admin opens the console on its spaces. */
  async function operatorPage(who: keyof typeof operatorPhrases, language: Language, viewport: Viewport): Promise<Page> {
    const page = await newPage(language, viewport);
    await signIn(page, who, language);
    return page;
  }

  async function signIn(page: Page, who: keyof typeof operatorPhrases, language: Language) {
    const w = words[language];
    await page.getByLabel(w.signIn.orgCode).fill('admin');
    await page.getByLabel(w.signIn.passphrase).fill(operatorPhrases[who]);
    await page.getByRole('button', { name: w.signIn.submit }).click();
    await page.getByRole('heading', { name: w.operator.tabs.spaces, level: 1 }).waitFor({ timeout: 20_000 });
  }

  async function openTab(page: Page, language: Language, tab: keyof typeof en.operator.tabs) {
    await page.getByRole('link', { name: words[language].operator.tabs[tab] }).click();
    await page.getByRole('heading', { name: words[language].operator.tabs[tab], level: 1 }).waitFor();
  }

  const scenario = {
    orgCode: `cons${Math.random().toString(36).slice(2, 6)}`,
    phrase: '',
    treasurerPassphrase: 'the treasurer of this space typed this long sentence',
    admin: undefined as unknown as Page,
    member: undefined as unknown as Page,
    observer: undefined as unknown as Page,
  };

  it('an admin opens a space from the console and reads the sponsorship phrase, shown once', { timeout: 60_000 }, async () => {
    const page = (scenario.admin = await operatorPage('alice', 'en', viewports[1]));
    await page.getByRole('button', { name: 'Open a space' }).click();
    await page.getByLabel('Org code').fill(scenario.orgCode);
    await page.getByLabel('Most accounts').fill('20');
    // Typed twice, differently: refused before anything is sent.
    await page.getByLabel('Type it (twice)').check();
    await page.getByLabel('Sponsorship phrase', { exact: true }).fill('a phrase typed once for the treasurer');
    await page.getByLabel('The same phrase again').fill('a phrase typed twice for the treasurer');
    await page.getByRole('button', { name: 'Open the space' }).click();
    expect(await page.getByRole('alert').textContent()).toBe(en.operator.open.mismatch);
    // Generated instead.
    await page.getByLabel('Generate it here').check();
    await page.getByRole('button', { name: 'Open the space' }).click();
    const phrase = page.getByTestId('sponsorship-phrase');
    await phrase.waitFor({ timeout: 20_000 });
    scenario.phrase = (await phrase.textContent())!;
    expect(scenario.phrase).toMatch(/^([a-z]{6} ){5}[a-z]{6}$/);
    await page.screenshot({ path: shot('open-en-desktop'), fullPage: true });
    await page.getByRole('button', { name: 'I have handed it over' }).click();
    await phrase.waitFor({ state: 'detached' });
    expect(await page.getByText(scenario.phrase).count()).toBe(0);
    // Listed, open, with its gauges against its quotas.
    const row = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: scenario.orgCode }) });
    await row.getByText('open', { exact: true }).waitFor();
    expect(await row.getByRole('meter').count()).toBe(3);
    expect(await row.getByText('0 of 20').count()).toBe(1);
  });

  it('the treasurer joins with the phrase, in another browser, and writes a note', { timeout: 90_000 }, async () => {
    const page = (scenario.member = await newPage('fr', viewports[0], '/join'));
    await page.getByLabel('Code de l’organisation').fill(scenario.orgCode);
    await page.getByLabel('Phrase de parrainage').fill(scenario.phrase);
    await page.getByLabel(fr.join.asTreasurer).check();
    await page.getByRole('button', { name: fr.join.open }).click();
    await page.getByLabel('Choisissez votre phrase secrète').fill(scenario.treasurerPassphrase);
    await page.getByLabel('La même phrase secrète, à nouveau').fill(scenario.treasurerPassphrase);
    await page.getByRole('button', { name: 'Accepter et créer mon compte' }).click();
    await page.getByRole('heading', { name: 'Notes' }).waitFor({ timeout: 30_000 });
    await page.getByLabel(fr.notes.text).first().fill('Ordre du jour de la réunion');
    await page.getByRole('button', { name: fr.notes.add }).click();
    await page.getByRole('listitem').getByText('Ordre du jour de la réunion').waitFor({ timeout: 20_000 });
    // The console counts the document and the account (a reload would end the operator's session: it lives in the tab's memory).
    await scenario.admin.getByRole('button', { name: 'Refresh' }).click();
    const row = scenario.admin.getByRole('listitem').filter({ has: scenario.admin.getByRole('heading', { name: scenario.orgCode }) });
    await row.getByText('1 of 20').waitFor({ timeout: 20_000 });
    expect(await row.getByText('1 of 10,000').count()).toBe(1);
  });

  it('the admin freezes the space and the treasurer sees it at once, without leaving the notes', { timeout: 90_000 }, async () => {
    const admin = scenario.admin;
    await admin.getByRole('button', { name: `Govern ${scenario.orgCode}` }).click();
    await admin.getByRole('button', { name: 'Freeze', exact: true }).click();
    await admin.getByRole('button', { name: 'Unfreeze' }).waitFor();
    await admin.getByText('frozen', { exact: true }).waitFor();
    await admin.screenshot({ path: shot('govern-en-desktop'), fullPage: true });
    // Live: the member's banner, on the page it was on.
    await scenario.member.getByText(fr.membership.restriction.frozen).waitFor({ timeout: 20_000 });
    expect(new URL(scenario.member.url()).pathname).toBe('/space');
    await scenario.member.screenshot({ path: shot('member-frozen-fr-360'), fullPage: true });
    // Unfrozen, live again: the banner goes.
    await admin.getByRole('button', { name: 'Unfreeze' }).click();
    await scenario.member.getByText(fr.membership.restriction.frozen).waitFor({ state: 'detached', timeout: 20_000 });
    await admin.getByRole('button', { name: 'Freeze', exact: true }).click();
    await scenario.member.getByText(fr.membership.restriction.frozen).waitFor({ timeout: 20_000 });
  });

  it('an observer sees every panel with no action, and the server refuses what the console hides', { timeout: 90_000 }, async () => {
    const page = (scenario.observer = await newPage('fr', viewports[1]));
    // The observer's own bearer token, as its browser sends it: what a forged call would carry.
    const sent = page.waitForRequest((r) => r.url().includes('/api/ops/') && r.headers().authorization !== undefined);
    await signIn(page, 'oscar', 'fr');
    const authorization = (await sent).headers().authorization!;
    await page.getByText(fr.operator.observerNote).waitFor();
    await page.getByRole('button', { name: `Détails de ${scenario.orgCode}` }).click();
    await page.getByRole('region', { name: `Détails de ${scenario.orgCode}` }).waitFor();
    const actions = [
      fr.operator.open.button,
      fr.operator.govern.freeze,
      fr.operator.govern.unfreeze,
      fr.operator.govern.readOnly,
      fr.operator.govern.saveQuotas,
      fr.operator.govern.postNotification,
      fr.operator.govern.ban,
    ];
    for (const name of actions) expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0);
    expect(await page.getByText(fr.operator.close.title).count()).toBe(0);
    await page.screenshot({ path: shot('observer-fr-desktop'), fullPage: true });
    await openTab(page, 'fr', 'tasks');
    await page.getByRole('heading', { name: fr.operator.tasks.queue, exact: true }).waitFor();
    for (const name of [fr.operator.tasks.runNow, fr.operator.tasks.cancel, fr.operator.tasks.retry])
      expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0);
    expect(await page.getByRole('button', { name: /^(Mettre .* en pause|Reprendre )/ }).count()).toBe(0);
    await openTab(page, 'fr', 'backups');
    expect(await page.getByRole('button', { name: fr.operator.backups.now }).count()).toBe(0);
    await openTab(page, 'fr', 'sessions');
    await page.getByText('oscar', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: /^Fermer la session/ }).count()).toBe(0);

    // The calls themselves, with the observer's token: each refused, nothing changed.
    const forged = async (operation: string, input: object) => {
      const response = await fetch(`${server.url}/api/ops/${operation}`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      return [response.status, ((await response.json()) as { code: string }).code];
    };
    const admin = await operatorClient(server.url, 'alice');
    const before = await admin.call('space.show', { orgCode: scenario.orgCode });
    const { tasks } = await admin.call('tasks.list', { state: 'pending' });
    const adminSession = (await admin.call('operator.sessions.list')).sessions.find((s) => s.current)!;
    const orgCode = scenario.orgCode;
    const quotas = before.quotas;
    const refused = {
      'space.open': { orgCode: 'forged1', quotas, sponsorship: { prefixId: 'A'.repeat(43), authKey: 'A'.repeat(43) } },
      'space.setFrozen': { orgCode, frozen: false },
      'space.setReadOnly': { orgCode, readOnly: true },
      'space.setQuotas': { orgCode, quotas: { ...quotas, documents: 1 } },
      'space.setNotification': { orgCode, text: 'forged' },
      'space.setSigninBan': { orgCode, from: Date.now() },
      'space.close': { orgCode, message: 'forged' },
      'tasks.runNow': { id: tasks[0]!.id },
      'tasks.cancel': { id: tasks[0]!.id },
      'tasks.retry': { id: tasks[0]!.id },
      'tasks.pause': { kind: tasks[0]!.kind },
      'tasks.resume': { kind: tasks[0]!.kind },
      'operator.sessions.revoke': { id: adminSession.id },
    };
    for (const [operation, input] of Object.entries(refused)) expect(await forged(operation, input), operation).toEqual([403, 'FORBIDDEN']);
    expect(await admin.call('space.show', { orgCode })).toEqual(before);
    expect((await admin.call('tasks.list', { state: 'pending' })).tasks).toEqual(tasks);
    expect((await admin.call('tasks.list')).pausedKinds).toEqual([]);
    await expect(admin.call('space.show', { orgCode: 'forged1' })).rejects.toBeInstanceOf(IlotClientError);
    // Reading is what an observer may do.
    expect(await forged('backup.list', {})).toEqual([200, undefined]);
  });

  it('exports exactly the filtered rows of the audit log as CSV', { timeout: 60_000 }, async () => {
    const page = scenario.admin;
    await openTab(page, 'en', 'audit');
    const rows = page.locator('table.audit tbody tr');
    await rows.first().waitFor();
    const filter = async (fields: Record<string, string>) => {
      for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
      await page.getByRole('button', { name: 'Filter' }).click();
    };
    const shownSeqs = async () => (await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-seq')))).map(Number);
    const downloaded = async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as CSV' }).click()]);
      return readFileSync(await download.path(), 'utf8');
    };

    // The observer's refused calls, by actor and action.
    await filter({ Actor: 'oscar', Action: 'space.setFrozen', 'Space (org code) or target': scenario.orgCode });
    await page.getByText('Entries shown: 1').waitFor();
    const csv = await downloaded();
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('seq,at,actor,role,action,target,result,errorCode,address,userAgent,requestId,details');
    expect(lines).toHaveLength(2);
    const [seq, at, actor, role, action, target, result, errorCode] = lines[1]!.split(',');
    const expected = await (
      await operatorClient(server.url, 'alice')
    ).call('audit.querySite', {
      actor: 'oscar',
      action: 'space.setFrozen',
      target: scenario.orgCode,
    });
    expect(expected.entries).toHaveLength(1);
    const entry = expected.entries[0]!;
    expect([Number(seq), at, actor, role, action, target, result, errorCode]).toEqual([
      entry.seq,
      new Date(entry.at).toISOString(),
      'oscar',
      'operator:observer',
      'space.setFrozen',
      scenario.orgCode,
      'error',
      'FORBIDDEN',
    ]);
    expect(await shownSeqs()).toEqual([entry.seq]);

    // The admin's three freezes and unfreezes of the space, and only those: the same rows as shown.
    await filter({ Actor: 'alice', Action: 'space.setFrozen', 'Space (org code) or target': scenario.orgCode });
    await page.getByText('Entries shown: 3').waitFor();
    const three = (await downloaded()).trimEnd().split('\r\n').slice(1);
    expect(three.map((line) => Number(line.split(',')[0]))).toEqual(await shownSeqs());
    expect(three.map((line) => line.split(',').slice(2, 7).join(','))).toEqual(
      Array.from({ length: 3 }, () => `alice,operator:admin,space.setFrozen,${scenario.orgCode},ok`),
    );
    // The details column is the entry's JSON, quoted.
    expect(three.map((line) => /"(\{.*\})"$/.exec(line)?.[1]?.replaceAll('""', '"'))).toEqual([
      '{"frozen":true}',
      '{"frozen":false}',
      '{"frozen":true}',
    ]);
    await page.screenshot({ path: shot('audit-en-desktop'), fullPage: true });

    // A time range that ends before it starts is refused here.
    await filter({ From: '2030-01-02T10:00', 'To (included)': '2030-01-01T10:00' });
    expect(await page.getByRole('alert').textContent()).toBe(en.audit.badRange);
  });

  it('the admin steers the tasks, backs up now and ends the observer’s session from the console', { timeout: 180_000 }, async () => {
    const page = scenario.admin;
    const admin = await operatorClient(server.url, 'alice');
    await openTab(page, 'en', 'tasks');
    await page.getByRole('button', { name: 'Pause spaces.forget' }).click();
    await page.getByRole('button', { name: 'Resume spaces.forget' }).waitFor();
    expect((await admin.call('tasks.list')).pausedKinds).toEqual(['spaces.forget']);
    await page.getByRole('button', { name: 'Resume spaces.forget' }).click();
    await page.getByRole('button', { name: 'Pause spaces.forget' }).waitFor();
    expect((await admin.call('tasks.list')).pausedKinds).toEqual([]);

    // The daily backup task, made due now: it runs, verifies, and the panel shows its backup.
    const before = new Set((await admin.call('backup.list')).backups.map((b) => b.name));
    await openTab(page, 'en', 'backups');
    await page.getByRole('button', { name: 'Back up now' }).click();
    await page.getByText(en.operator.backups.queued).waitFor();
    // The backup shows once complete; its verification, recorded beside it, a moment later.
    const made = async () => (await admin.call('backup.list')).backups.find((b) => !before.has(b.name) && b.verification !== null);
    await expect.poll(made, { timeout: 150_000, interval: 500 }).toBeDefined();
    const backup = (await made())!;
    expect(backup).toMatchObject({ good: true, manifest: { label: 'daily' }, verification: { ok: true } });
    expect(backup.verification!.checks.map((c) => c.check)).toEqual(['checksums', 'integrity', 'test restore']);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByText(backup.name).waitFor();

    // The observer's session, ended from the sessions panel: its console is refused from then on,
    // and returns to the sign-in page, which says why.
    await openTab(page, 'en', 'sessions');
    await page.getByRole('button', { name: 'End the session of oscar' }).click();
    await page.getByRole('button', { name: 'End the session of oscar' }).waitFor({ state: 'detached' });
    expect((await admin.call('operator.sessions.list')).sessions.map((s) => s.operator)).not.toContain('oscar');
    await scenario.observer.getByRole('link', { name: fr.operator.tabs.spaces }).click();
    await scenario.observer.getByText(fr.signIn.operatorSessionEnded).waitFor();
    await scenario.observer.getByLabel(fr.signIn.orgCode).waitFor();
    await scenario.observer.screenshot({ path: shot('session-ended-fr-desktop'), fullPage: true });
  });

  it('the admin closes another space, with a confirmation and a closing message', { timeout: 60_000 }, async () => {
    // Another space: the scenario's own stays for the steps that follow.
    const orgCode = `shut${Math.random().toString(36).slice(2, 6)}`;
    const admin = await operatorClient(server.url, 'alice');
    await admin.openSpace(
      orgCode,
      { documents: 10, volumeBytes: 1e6, monthlyCents: 100, maxAccounts: 2 },
      `the phrase of ${orgCode}, never handed`,
    );
    const page = scenario.admin;
    await openTab(page, 'en', 'spaces');
    await page.getByRole('button', { name: `Govern ${orgCode}` }).click();
    await page.getByText('Close the space…').click();
    const submit = page.getByRole('button', { name: `Close ${orgCode} for good` });
    expect(await submit.isDisabled()).toBe(true);
    await page.getByLabel('Closing message').fill('Merci à tous, l’association est dissoute.');
    await page.getByLabel('New address (optional)').fill('https://example.org/suite');
    await page.getByLabel(`I understand that everything in ${orgCode} will be erased for good`).check();
    await submit.click();
    const row = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: orgCode }) });
    await row.getByText('closed', { exact: true }).waitFor();
    expect(await admin.call('space.show', { orgCode })).toMatchObject({
      state: 'closed',
      closingMessage: 'Merci à tous, l’association est dissoute.',
      newAddress: 'https://example.org/suite',
    });
    // Nothing left to change on a closed space: its details only.
    await row.getByRole('button', { name: `Details of ${orgCode}` }).waitFor();
    expect(await row.getByRole('button', { name: 'Freeze', exact: true }).count()).toBe(0);
  });

  it(
    'the space, frozen, is exported and imported under a new org code; the treasurer signs in there and reads the note',
    { timeout: 180_000 },
    async () => {
      // The operator's commands, on the site's own database and files, as on the machine that runs it.
      const { database, files, crypto } = server.config;
      const env = {
        ILOT_DATABASE_URL: database.url,
        ILOT_FILES_DIR: files.dir,
        ILOT_CRYPTO_ARGON2_MEMORY_KIB: String(crypto.argon2.memoryKib),
        ILOT_CRYPTO_ARGON2_ITERATIONS: String(crypto.argon2.iterations),
      };
      const archive = join(tempDir(), 'space.ilotspace');
      const exported = await ilot(['space', 'export', scenario.orgCode, '--to', archive], env);
      expect([exported.code, exported.stderr]).toEqual([0, '']);
      const moved = `moved${scenario.orgCode.slice(4)}`;
      const imported = await ilot(['space', 'import', archive, '--org', moved], env);
      expect([imported.code, imported.stderr]).toEqual([0, '']);

      // The admin sees the moved space, frozen as it left, and unfreezes it.
      const admin = scenario.admin;
      await admin.getByRole('button', { name: 'Refresh' }).click();
      const row = admin.getByRole('listitem').filter({ has: admin.getByRole('heading', { name: moved }) });
      await row.getByRole('button', { name: `Govern ${moved}` }).click();
      await row.getByRole('button', { name: 'Unfreeze' }).click();
      await row.getByRole('button', { name: 'Freeze', exact: true }).waitFor();

      // The treasurer types the new org code with the same passphrase, and reads the note written before the move.
      const page = await newPage('en', viewports[1]);
      await page.getByLabel(en.signIn.orgCode).fill(moved);
      await page.getByLabel(en.signIn.passphrase).fill(scenario.treasurerPassphrase);
      await page.getByRole('button', { name: en.signIn.submit }).click();
      await page.getByRole('listitem').getByText('Ordre du jour de la réunion').waitFor({ timeout: 30_000 });
      await page.screenshot({ path: shot('member-moved-en-desktop'), fullPage: true });
      await page.context().close();
    },
  );

  it('shows every panel in French and English, at 360 px and on a desktop', { timeout: 240_000 }, async () => {
    const { config, store } = server;
    const backup = await createBackup(config, store, { label: 'manual' });
    await verifyBackup(config, backup.name, { scratch: false });
    for (const [language, viewport] of [
      ['fr', viewports[0]],
      ['en', viewports[1]],
      ['en', viewports[0]],
      ['fr', viewports[1]],
    ] as const) {
      const page = await operatorPage('alice', language, viewport);
      const w = words[language].operator;
      const name = (panel: string) => shot(`${panel}-${language}-${viewport.name}`);
      await page.getByRole('heading', { name: scenario.orgCode }).waitFor();
      await page.screenshot({ path: name('spaces'), fullPage: true });
      await openTab(page, language, 'tasks');
      await page.getByRole('heading', { name: w.tasks.queue, exact: true }).waitFor();
      await page.screenshot({ path: name('tasks'), fullPage: true });
      await openTab(page, language, 'backups');
      await page.getByText(w.backups.verified, { exact: true }).first().waitFor();
      await page.getByText(backup.name).waitFor();
      await page.screenshot({ path: name('backups'), fullPage: true });
      await openTab(page, language, 'audit');
      await page.locator('table.audit tbody tr').first().waitFor();
      await page.screenshot({ path: name('audit'), fullPage: true });
      await openTab(page, language, 'health');
      await page.getByText(w.health.ready, { exact: true }).waitFor();
      // The chart draws once two samples are taken; a few more make it a line worth looking at.
      const points = () => page.locator('svg.sparkline polyline').getAttribute('points', { timeout: 30_000 });
      await expect.poll(async () => (await points())?.split(' ').length ?? 0, { timeout: 60_000 }).toBeGreaterThanOrEqual(4);
      await page.screenshot({ path: name('health'), fullPage: true });
      await openTab(page, language, 'sessions');
      await page.getByText(w.sessions.this, { exact: false }).first().waitFor();
      await page.screenshot({ path: name('sessions'), fullPage: true });
      // Nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await page.context().close();
    }
  });

  it('raised no script error, CSP violation or dialog in any page', () => {
    expect(problems.flat()).toEqual([]);
  });
});
