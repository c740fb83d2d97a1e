import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { tempDir } from './engines.js';

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
