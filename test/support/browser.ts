import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll } from 'vitest';
import { sqliteEngine, tempDir } from './engines.js';
import { withOperators } from './operators.js';
import { startTestServer, type TestServer } from './server.js';

/** Debian's Chromium (`apt-get install -y chromium`; `.ci/run` installs it when it is missing). */
const chromiumPath = process.env.ILOT_CHROMIUM ?? '/usr/bin/chromium';

/** Builds the web app, as `npm run build:web` does, into a fresh directory, and returns it. */
export async function buildWebApp(): Promise<string> {
  const outDir = join(tempDir(), 'web');
  // Vitest runs with NODE_ENV=test, under which Vite and its React plugin would build for development.
  const environment = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(import.meta.dirname, '..', '..', 'web', 'vite.config.ts'), logLevel: 'warn', build: { outDir } });
  } finally {
    process.env.NODE_ENV = environment;
  }
  return outDir;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error(`No Chromium at ${chromiumPath}: apt-get install -y chromium (or set ILOT_CHROMIUM)`);
  return chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** Where screenshots go (test artifacts, not committed). */
export function screenshotDir(): string {
  const dir = join(import.meta.dirname, '..', '..', 'test-artifacts', 'screens');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The two widths every screen is looked at: a small phone and a desktop. */
export const viewports = [
  { name: '360', width: 360, height: 740 },
  { name: 'desktop', width: 1280, height: 800 },
] as const;

/**
 * A suite's site: a real server on SQLite sending a fresh build of the web app, and Chromium; up
 * before the suite, down after. The build may take minutes on a machine shared by many runs.
 */
export function webSite(): { readonly server: TestServer; readonly browser: Browser } {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startTestServer(sqliteEngine, { ...(await withOperators()), web: { dir: await buildWebApp() } });
    browser = await launchChromium();
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get server() {
      return server!;
    },
    get browser() {
      return browser!;
    },
  };
}

/** The sign-in modes as the mode picker names them. */
export const modeNames = {
  en: { synced: 'Synced', incognito: 'Incognito', offline: 'Offline' },
  fr: { synced: 'Synchronisé', incognito: 'Incognito', offline: 'Avion' },
} as const;

/** A new browser context signed in to a member's account through the sign-in screen (synced mode unless told), on the notes screen. */
export async function signedInPage(
  site: { server: TestServer; browser: Browser },
  member: { orgCode: string; passphrase: string },
  language: 'fr' | 'en',
  viewport: (typeof viewports)[number],
  mode: keyof (typeof modeNames)['en'] = 'synced',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await site.browser.newContext({ locale: language, viewport });
  const page = await context.newPage();
  const en = language === 'en';
  await page.goto(`${site.server.url}/`);
  await page.getByLabel(en ? 'Org code' : 'Code de l’organisation').fill(member.orgCode);
  await page.getByLabel(en ? 'Passphrase' : 'Phrase secrète').fill(member.passphrase);
  await page.getByRole('radio', { name: modeNames[language][mode] }).check();
  await page.getByRole('button', { name: en ? 'Sign in' : 'Se connecter' }).click();
  await page.getByRole('heading', { name: 'Notes' }).waitFor({ timeout: 20_000 });
  return { context, page };
}

/** A PNG of `width` × `height` drawn by the page's own canvas (a blue field, a yellow square), as bytes. */
export async function drawnPng(page: Page, width: number, height: number): Promise<Buffer> {
  const bytes = await page.evaluate(
    async ([w, h]) => {
      const canvas = document.createElement('canvas');
      [canvas.width, canvas.height] = [w, h];
      const context = canvas.getContext('2d')!;
      context.fillStyle = '#0b5cad';
      context.fillRect(0, 0, w, h);
      context.fillStyle = '#f2b705';
      context.fillRect(w / 6, h / 5, h / 1.6, h / 1.6);
      const blob = await new Promise<Blob>((done) => canvas.toBlob((b) => done(b!), 'image/png'));
      return [...new Uint8Array(await blob.arrayBuffer())];
    },
    [width, height] as const,
  );
  return Buffer.from(bytes);
}

/** What would fail a test in a page: a script error, a Content-Security-Policy violation or a dialog (a sign that markup ran). */
export function pageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
  });
  page.on('dialog', (dialog) => {
    problems.push(`a dialog opened: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return problems;
}
