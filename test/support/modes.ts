import type { Page } from 'playwright-core';
import { modeNames } from './browser.js';
import type { Member } from './members.js';

// What the tests of the sign-in modes do in a page: sign in in a mode, wait for the service worker
// that keeps the app, read everything the browser keeps.

export type Language = 'fr' | 'en';
export type Mode = keyof (typeof modeNames)['en'];

export const words = {
  en: { orgCode: 'Org code', passphrase: 'Passphrase', submit: 'Sign in', title: 'Sign in', signOut: 'Sign out' },
  fr: {
    orgCode: 'Code de l’organisation',
    passphrase: 'Phrase secrète',
    submit: 'Se connecter',
    title: 'Connexion',
    signOut: 'Se déconnecter',
  },
};

/** Fills the sign-in screen and submits it. */
export async function submitSignIn(page: Page, member: Pick<Member, 'orgCode' | 'passphrase'>, mode: Mode, language: Language = 'en') {
  await page.getByLabel(words[language].orgCode).fill(member.orgCode);
  await page.getByLabel(words[language].passphrase).fill(member.passphrase);
  await page.getByRole('radio', { name: modeNames[language][mode] }).check();
  await page.getByRole('button', { name: words[language].submit }).click();
}

/** Resolves once the service worker that keeps the app controls the page. */
export async function serviceWorkerReady(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
}

/** A Blob kept in IndexedDB, as storageOf shows it: its size and its bytes, one character each. */
export interface KeptBlob {
  blob: number;
  bytes: string;
}

/**
 * Everything this origin keeps in the browser: IndexedDB (every record of every store, a Blob with
 * its bytes), Cache Storage, localStorage, sessionStorage.
 */
export function storageOf(page: Page) {
  return page.evaluate(async () => {
    const databases: Record<string, Record<string, unknown[]>> = {};
    for (const { name } of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((done, fail) => {
        const request = indexedDB.open(name!);
        request.onsuccess = () => done(request.result);
        request.onerror = () => fail(request.error ?? new Error(`cannot open ${name}`));
      });
      const stores: Record<string, unknown[]> = {};
      for (const store of Array.from(db.objectStoreNames)) {
        const all = db.transaction(store).objectStore(store).getAll();
        const records = await new Promise<unknown[]>((done) => (all.onsuccess = () => done(all.result as unknown[])));
        // A single-byte decoding keeps every byte as one character, so that a text in clear would show.
        const bytesOf = async (blob: Blob) => new TextDecoder('latin1').decode(await blob.arrayBuffer());
        stores[store] = await Promise.all(records.map(async (r) => (r instanceof Blob ? { blob: r.size, bytes: await bytesOf(r) } : r)));
      }
      db.close();
      databases[name!] = stores;
    }
    const cached: Record<string, string[]> = {};
    for (const name of await caches.keys()) cached[name] = (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
    return {
      databases,
      caches: cached,
      local: Object.fromEntries(Object.entries(localStorage)),
      session: Object.fromEntries(Object.entries(sessionStorage)),
    };
  });
}
