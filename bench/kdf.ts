// Key derivation with the production Argon2id parameters (the configuration's defaults), in Node and
// in Chromium: a sign-in derives twice (the passphrase's prefix and the whole passphrase).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Value } from '@sinclair/typebox/value';
import { ConfigSchema, type Config } from '../src/config/schema.js';
import { derivePhraseKeys } from '../src/shared/crypto/index.js';
import { median } from './support.js';

const chromiumPath = '/usr/bin/chromium';
const runs = 5;

export async function benchKdf() {
  const { argon2 } = (Value.Default(ConfigSchema, {}) as Config).crypto;
  const params = { memoryKiB: argon2.memoryKib, iterations: argon2.iterations, parallelism: argon2.parallelism };
  const node: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await derivePhraseKeys(`a passphrase of the benchmark, run ${i}`, 'bench', params);
    node.push(performance.now() - started);
  }
  return {
    benchmark: 'kdf',
    argon2,
    derivationsPerSignIn: 2,
    nodeSignInDerivationMs: { median: Math.round(median(node)), runs },
    chromiumSignInDerivationMs: await inChromium(argon2),
    goal: 'sign-in derivation 300–1000 ms in Chromium',
  };
}

async function inChromium(
  argon2: Config['crypto']['argon2'],
): Promise<{ median: number; runs: number; version: string } | { skipped: string }> {
  if (!existsSync(chromiumPath)) return { skipped: `${chromiumPath} not installed (apt-get install chromium)` };
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>kdf</title>');
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('hash-wasm/dist/argon2.umd.min.js') });
    const times = await page.evaluate(
      async ({ argon2, runs }) => {
        const hashwasm = (globalThis as unknown as { hashwasm: { argon2id(o: object): Promise<Uint8Array> } }).hashwasm;
        const out: number[] = [];
        for (let i = 0; i < runs; i++) {
          const started = performance.now();
          for (const password of [`prefix ${i}`, `a passphrase of the benchmark, run ${i}`]) {
            await hashwasm.argon2id({
              password,
              salt: new Uint8Array(16),
              parallelism: argon2.parallelism,
              iterations: argon2.iterations,
              memorySize: argon2.memoryKib,
              hashLength: 32,
              outputType: 'binary',
            });
          }
          out.push(performance.now() - started);
        }
        return out;
      },
      { argon2, runs },
    );
    return { median: Math.round(median(times)), runs, version: browser.version() };
  } finally {
    await browser.close();
  }
}
