import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createNote, deleteNote, editNote } from '../../src/client/notes.js';
import { signedInPage, viewports, webSite } from '../support/browser.js';
import { spaceWithTreasurer } from '../support/members.js';
import { submitSignIn } from '../support/modes.js';

// The notes a synced session opened, kept sealed in one record of the account's database, in
// Chromium against a real server on SQLite: a returning session opens that record instead of every
// note; altered, it is left for the notes themselves; two tabs sharing the database each follow
// what the other brought in.

/** A note shown, by its text. */
const shown = (page: Page, text: string) => page.locator('div.note').getByText(text, { exact: true });

/** The page's one database: its `opened` record and its notes' payloads, bytes as one character each. */
function keptOf(page: Page) {
  return page.evaluate(async () => {
    const name = (await indexedDB.databases())[0]!.name!;
    const db = await new Promise<IDBDatabase>((done, fail) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => done(request.result);
      request.onerror = () => fail(request.error ?? new Error('cannot open'));
    });
    const tx = db.transaction(['opened', 'notes']);
    const read = <T>(request: IDBRequest<T>) => new Promise<T>((done) => (request.onsuccess = () => done(request.result)));
    const opened = (await read(tx.objectStore('opened').get('notes'))) as { changes: number; sealed?: Uint8Array } | undefined;
    const notes = (await read(tx.objectStore('notes').getAll())) as { id: string; payload: string }[];
    db.close();
    return {
      changes: opened?.changes ?? null,
      sealed: opened?.sealed ? new TextDecoder('latin1').decode(opened.sealed) : null,
      payloads: Object.fromEntries(notes.map((n) => [n.id, n.payload])),
    };
  });
}

/** Changes the page's one database while no session has it open: a note's payload, or one byte of the sealed notes. */
function alter(page: Page, what: { notePayload: string; id: string } | { sealedByte: number }) {
  return page.evaluate(async (what) => {
    const name = (await indexedDB.databases())[0]!.name!;
    const db = await new Promise<IDBDatabase>((done, fail) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => done(request.result);
      request.onerror = () => fail(request.error ?? new Error('cannot open'));
    });
    const tx = db.transaction(['opened', 'notes'], 'readwrite');
    const read = <T>(request: IDBRequest<T>) => new Promise<T>((done) => (request.onsuccess = () => done(request.result)));
    if ('id' in what) {
      const note = (await read(tx.objectStore('notes').get(what.id))) as { payload: string };
      tx.objectStore('notes').put({ ...note, payload: what.notePayload });
    } else {
      const opened = (await read(tx.objectStore('opened').get('notes'))) as { changes: number; sealed: Uint8Array };
      const sealed = new Uint8Array(opened.sealed);
      sealed[what.sealedByte] = sealed[what.sealedByte]! ^ 1;
      tx.objectStore('opened').put({ ...opened, sealed }, 'notes');
    }
    await new Promise((done) => (tx.oncomplete = done));
    db.close();
  }, what);
}

/** Turns the page's one database back into its first version (no `opened` store), records kept: as a browser that held it before. */
function downgrade(page: Page) {
  return page.evaluate(async () => {
    const name = (await indexedDB.databases())[0]!.name!;
    const open = (version?: number, upgrade?: (db: IDBDatabase) => void) =>
      new Promise<IDBDatabase>((done, fail) => {
        const request = indexedDB.open(name, version);
        request.onupgradeneeded = () => upgrade?.(request.result);
        request.onsuccess = () => done(request.result);
        request.onerror = () => fail(request.error ?? new Error('cannot open'));
      });
    const read = <T>(request: IDBRequest<T>) => new Promise<T>((done) => (request.onsuccess = () => done(request.result)));
    const stores = ['account', 'versions', 'notes', 'files', 'contents'];
    const old = await open();
    const tx = old.transaction(stores);
    const records = await Promise.all(
      stores.map(async (store) => ({
        store,
        keys: await read(tx.objectStore(store).getAllKeys()),
        values: await read(tx.objectStore(store).getAll()),
      })),
    );
    old.close();
    await new Promise((done) => (indexedDB.deleteDatabase(name).onsuccess = done));
    const db = await open(1, (db) => {
      db.createObjectStore('account');
      db.createObjectStore('versions', { keyPath: 'subtree' });
      db.createObjectStore('notes', { keyPath: 'id' }).createIndex('subtree', 'subtree');
      db.createObjectStore('files', { keyPath: 'id' }).createIndex('subtree', 'subtree');
      db.createObjectStore('contents');
    });
    const write = db.transaction(stores, 'readwrite');
    for (const { store, keys, values } of records)
      values.forEach((value, i) => {
        const target = write.objectStore(store);
        if (target.keyPath === null) target.put(value, keys[i]);
        else target.put(value);
      });
    await new Promise((done) => (write.oncomplete = done));
    db.close();
    return db.objectStoreNames.length;
  });
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
}

describe('notes opened and kept sealed', () => {
  const site = webSite();

  it('a returning session opens the sealed notes (ciphertext only); altered, it reads every note instead and seals them again', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const avatarId = treasurer.client.member.avatars[0]!.id;
    const canary = `canary-${Math.random().toString(36).slice(2)}`;
    const first = await createNote(treasurer.client, avatarId, { text: `First ${canary}`, hashtags: [canary] });
    await createNote(treasurer.client, avatarId, { text: 'Second', hashtags: [] });
    const { context, page } = await signedInPage(site, treasurer, 'en', viewports[1]);
    await shown(page, `First ${canary}`).waitFor({ timeout: 60_000 });
    await signOut(page);

    // Sealed once opened, and nothing of the notes in clear.
    const kept = await keptOf(page);
    expect(kept.sealed).not.toBeNull();
    expect(kept.sealed).not.toContain(canary);
    expect(kept.sealed).not.toContain('Second');

    // A note's own ciphertext made unreadable: the sealed notes are what opens, so it still shows whole.
    await alter(page, { id: first.id, notePayload: 'AAAA' });
    await submitSignIn(page, treasurer, 'synced');
    await shown(page, `First ${canary}`).waitFor({ timeout: 60_000 });
    expect(await page.locator('div.note.damaged').count()).toBe(0);
    await signOut(page);

    // The sealed notes altered in turn: they fail to open, every note is read, the damaged one shows as such.
    await alter(page, { sealedByte: 20 });
    const altered = (await keptOf(page)).sealed;
    await submitSignIn(page, treasurer, 'synced');
    await shown(page, 'Second').waitFor({ timeout: 60_000 });
    await page.locator('div.note.damaged').waitFor({ timeout: 60_000 });
    expect(await shown(page, `First ${canary}`).count()).toBe(0);
    await signOut(page);
    // And sealed again from what was read, the altered record replaced.
    const resealed = (await keptOf(page)).sealed;
    expect(resealed).not.toBeNull();
    expect(resealed).not.toBe(altered);
    await context.close();
  }, 180_000);

  it('a database of the first version, as an earlier release left it, opens and gets its sealed notes', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const avatarId = treasurer.client.member.avatars[0]!.id;
    await createNote(treasurer.client, avatarId, { text: 'Kept by an earlier release', hashtags: [] });
    const { context, page } = await signedInPage(site, treasurer, 'en', viewports[0]);
    await shown(page, 'Kept by an earlier release').waitFor({ timeout: 60_000 });
    await signOut(page);
    expect(await downgrade(page)).toBe(5);

    await submitSignIn(page, treasurer, 'synced');
    await shown(page, 'Kept by an earlier release').waitFor({ timeout: 60_000 });
    await signOut(page);
    const kept = await keptOf(page);
    expect(kept.sealed).not.toBeNull();
    expect(Object.keys(kept.payloads)).toHaveLength(1);
    await context.close();
  }, 180_000);

  it('two tabs on one database each show what the live channel brings, whichever pulled it; the next session opens what holds', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const avatarId = treasurer.client.member.avatars[0]!.id;
    const gone = await createNote(treasurer.client, avatarId, { text: 'To be deleted', hashtags: [] });
    const { context, page: one } = await signedInPage(site, treasurer, 'en', viewports[1]);
    await shown(one, 'To be deleted').waitFor({ timeout: 60_000 });
    const two = await context.newPage();
    await two.goto(`${site.server.url}/`);
    await submitSignIn(two, treasurer, 'synced');
    await shown(two, 'To be deleted').waitFor({ timeout: 60_000 });

    // Each change reaches both tabs; the first to pull changes the database under the other.
    for (let i = 1; i <= 3; i++) {
      await createNote(treasurer.client, avatarId, { text: `Written elsewhere ${i}`, hashtags: [] });
      for (const page of [one, two]) await shown(page, `Written elsewhere ${i}`).waitFor({ timeout: 60_000 });
    }
    const edited = (await createNote(treasurer.client, avatarId, { text: 'Before the edit', hashtags: [] })).id;
    for (const page of [one, two]) await shown(page, 'Before the edit').waitFor({ timeout: 60_000 });
    await editNote(treasurer.client, edited, { text: 'After the edit', hashtags: [] });
    for (const page of [one, two]) await shown(page, 'After the edit').waitFor({ timeout: 60_000 });
    await deleteNote(treasurer.client, edited);
    await deleteNote(treasurer.client, gone.id);
    for (const page of [one, two]) await shown(page, 'To be deleted').waitFor({ state: 'detached', timeout: 60_000 });
    await signOut(one);
    await signOut(two);

    // Whatever either tab sealed last, a new session shows the notes as they are.
    const before = await keptOf(one);
    expect(Object.keys(before.payloads)).toHaveLength(3);
    await submitSignIn(one, treasurer, 'synced');
    for (let i = 1; i <= 3; i++) await shown(one, `Written elsewhere ${i}`).waitFor({ timeout: 60_000 });
    expect(await shown(one, 'To be deleted').count()).toBe(0);
    expect(await one.locator('div.note').count()).toBe(3);
    await context.close();
  }, 180_000);
});
