import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { IlotClient } from '../../src/client/client.js';
import { MemoryStore } from '../../src/client/local-store.js';
import { catchUp, readNotes } from '../../src/client/notes.js';
import { signedInPage, viewports, webSite } from '../support/browser.js';
import { spaceWithTreasurer } from '../support/members.js';
import { waitFor } from '../support/wait.js';

// What every screen owes to people who do not use a mouse or do not see well: each text readable
// against what is behind it (WCAG AA contrast), a focus that shows, and a path through the app
// done with the keyboard alone.

/**
 * The text elements of the page whose contrast with their background falls under WCAG AA (4.5:1,
 * or 3:1 for large text). The background is the first opaque one among the element and its
 * ancestors; disabled controls are exempt, as WCAG says.
 */
async function lowContrast(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const rgba = (color: string) => {
      const [r = 0, g = 0, b = 0, a = 1] = (/rgba?\(([^)]+)\)/.exec(color)?.[1] ?? '0,0,0,0').split(',').map(Number);
      return { r, g, b, a };
    };
    const luminance = ({ r, g, b }: { r: number; g: number; b: number }) => {
      const channel = (v: number) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const background = (element: Element | null) => {
      for (let e = element; e; e = e.parentElement) {
        const color = rgba(getComputedStyle(e).backgroundColor);
        if (color.a >= 1) return color;
      }
      return { r: 255, g: 255, b: 255, a: 1 };
    };
    const failures: string[] = [];
    for (const element of Array.from(document.body.querySelectorAll('*'))) {
      const ownText = Array.from(element.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
      const style = getComputedStyle(element);
      const box = element.getBoundingClientRect();
      if (!ownText || style.visibility === 'hidden' || box.width === 0 || box.height === 0) continue;
      if ((element as HTMLButtonElement).disabled || element.closest('[disabled]')) continue;
      const fore = rgba(style.color);
      const back = background(element);
      // A translucent text colour shows blended with what is behind it.
      const shown = {
        r: fore.r * fore.a + back.r * (1 - fore.a),
        g: fore.g * fore.a + back.g * (1 - fore.a),
        b: fore.b * fore.a + back.b * (1 - fore.a),
      };
      const [light, dark] = [luminance(shown), luminance(back)].sort((x, y) => y - x) as [number, number];
      const ratio = (light + 0.05) / (dark + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5))
        failures.push(`${element.tagName.toLowerCase()} "${element.textContent.trim().slice(0, 40)}": ${ratio.toFixed(2)}`);
    }
    return failures;
  });
}

/** Tabs through the whole page; the controls reached whose focus does not show (no outline, no shadow). */
async function focusNotShown(page: Page): Promise<string[]> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const seen = new Set<string>();
  const failures: string[] = [];
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const e = document.activeElement as HTMLElement | null;
      if (!e || e === document.body) return null;
      const style = getComputedStyle(e);
      const shown = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
      // Where the element is, as a path of child positions: unique in the page.
      const path: string[] = [];
      for (let n: Element | null = e; n?.parentElement; n = n.parentElement)
        path.unshift(`${n.tagName.toLowerCase()}${Array.from(n.parentElement.children).indexOf(n)}`);
      return { id: `${path.join('>')} "${e.textContent?.trim().slice(0, 30) ?? ''}"`, shown };
    });
    if (!focused || seen.has(focused.id)) break;
    seen.add(focused.id);
    if (!focused.shown) failures.push(focused.id);
  }
  expect(seen.size, [...seen].join('\n')).toBeGreaterThan(2);
  return failures;
}

describe('web app accessibility', () => {
  const site = webSite();

  it('keeps every screen readable (WCAG AA contrast) with a visible focus, in both languages, at both widths', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    for (const language of ['en', 'fr'] as const)
      for (const viewport of viewports) {
        const anonymous = await site.browser.newContext({ locale: language, viewport });
        const page = await anonymous.newPage();
        for (const path of ['/', '/join']) {
          await page.goto(`${site.server.url}${path}`);
          await page.locator('h1').waitFor();
          if (path === '/') {
            // The checks see what they look for: a grey on white and a control without a focus style.
            await page.evaluate(() => {
              const faint = document.createElement('button');
              faint.id = 'faint';
              faint.textContent = 'faint';
              faint.style.color = '#aaaaaa';
              faint.style.background = '#ffffff';
              faint.style.outline = 'none';
              faint.style.boxShadow = 'none';
              document.querySelector('main')!.prepend(faint);
            });
            expect((await lowContrast(page)).join()).toContain('faint');
            expect((await focusNotShown(page)).join()).toContain('faint');
            await page.evaluate(() => document.getElementById('faint')!.remove());
          }
          expect(await lowContrast(page), `${path} ${language} ${viewport.name}`).toEqual([]);
          expect(await focusNotShown(page), `${path} ${language} ${viewport.name}`).toEqual([]);
        }
        await anonymous.close();

        const { context, page: signedIn } = await signedInPage(site, treasurer, language, viewport);
        for (const tab of await signedIn.locator('nav.tabs a').all()) {
          await tab.click();
          // The router keeps the previous screen up while the next one renders: wait for the tab to be drawn active
          // (the urgent entry may already have moved on to the chat it opened).
          const href = (await tab.getAttribute('href'))!;
          await waitFor(
            () =>
              signedIn.evaluate(
                (h) =>
                  Array.from(document.querySelectorAll('nav.tabs a.active')).some((a) => a.getAttribute('href') === h) ||
                  (h.includes('urgent') && location.search.includes('chat=')),
                href,
              ),
            { what: `${href} to open` },
          );
          await signedIn.locator('main h2').first().waitFor();
          await waitFor(async () => (await signedIn.locator('[aria-busy="true"]').count()) === 0, { what: 'the screen to load' });
          const where = `${await tab.textContent()} ${language} ${viewport.name}`;
          expect(await lowContrast(signedIn), where).toEqual([]);
          expect(await focusNotShown(signedIn), where).toEqual([]);
        }
        await context.close();
      }
  }, 300_000);

  it('lets a member sign in, write a note and sign out with the keyboard alone', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const context = await site.browser.newContext({ locale: 'en', viewport: viewports[1] });
    const page = await context.newPage();
    await page.goto(`${site.server.url}/`);
    await page.locator('h1').waitFor();

    /** Tabs until the focused element matches, as someone would, and fails past a bound. */
    const tabTo = async (matches: (page: Page) => Promise<boolean>, what: string) => {
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        if (await matches(page)) return;
      }
      throw new Error(`Tab never reached ${what}`);
    };
    const focusedLabel = (label: string) => async (p: Page) =>
      p.evaluate((wanted) => {
        const e = document.activeElement as HTMLInputElement | null;
        return !!e?.labels && Array.from(e.labels).some((l) => l.textContent?.trim().startsWith(wanted));
      }, label);
    const focusedButton = (name: string) => async (p: Page) =>
      p.evaluate((wanted) => document.activeElement?.tagName === 'BUTTON' && document.activeElement.textContent?.trim() === wanted, name);

    await tabTo(focusedLabel('Org code'), 'the org code');
    await page.keyboard.type(treasurer.orgCode);
    await tabTo(focusedLabel('Passphrase'), 'the passphrase');
    await page.keyboard.type(treasurer.passphrase);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Notes' }).waitFor({ timeout: 20_000 });

    await tabTo(focusedLabel('Text'), 'the note text');
    await page.keyboard.type('Written without a mouse');
    await tabTo(focusedButton('Add the note'), 'the add button');
    await page.keyboard.press('Enter');
    await page.locator('.note', { hasText: 'Written without a mouse' }).first().waitFor();

    // The note reached the server, sealed, as the SDK reads it back.
    const reader = new IlotClient(site.server.url);
    await reader.signIn(treasurer.orgCode, treasurer.passphrase);
    const store = new MemoryStore();
    await catchUp(reader, store);
    expect((await readNotes(reader, store)).map((n) => n.text)).toContain('Written without a mouse');
    await reader.signOut();

    await tabTo(focusedButton('Sign out'), 'sign-out');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await context.close();
  }, 120_000);
});
