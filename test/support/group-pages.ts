import type { Page } from 'playwright-core';

// Steps on the group page shared by the browser tests: a moderator's page is in French, an
// invitee's in English.

export const wait = { timeout: 20_000 };

/** The group page's item of a member in the members' list. */
export const memberItem = (page: Page, listName: string, name: string) =>
  page
    .getByRole('list', { name: listName, exact: true })
    .getByRole('listitem')
    .filter({ hasText: `${name}#` });

/** Lists a contact in the group through the form under the members (the option's label ends with the avatar's number). */
export async function listContact(page: Page, name: string) {
  const value = await page.locator('#list-contact option', { hasText: `${name}#` }).getAttribute('value', wait);
  await page.locator('#list-contact').selectOption(value);
  await page.getByRole('button', { name: 'Lister', exact: true }).click();
  await memberItem(page, 'Membres', name).getByText('contact listé').waitFor(wait);
}

/** Invites a listed contact with members and chat access, the notes access given and, if asked, moderator power. */
export async function invite(page: Page, name: string, notes: 'none' | 'read', { moderator = false } = {}) {
  const item = memberItem(page, 'Membres', name);
  await item.getByLabel('Notes').selectOption(notes);
  if (moderator) await item.getByRole('checkbox', { name: 'modérateur' }).check();
  await item.getByRole('button', { name: 'Inviter' }).click();
  await page.getByRole('list', { name: 'Invitations en attente' }).getByText(`${name}#`).waitFor(wait);
}

/** Opens the group "Chorale" from the list, the tab named in the page's language. */
export async function openGroup(page: Page, tab: 'Groups' | 'Groupes' = 'Groups') {
  await page.getByRole('link', { name: tab, exact: true }).click();
  await page.getByRole('button', { name: 'Chorale' }).click(wait);
}

/** Opens the group from the list and accepts the invitation. */
export async function accept(page: Page) {
  await openGroup(page);
  await page.getByRole('button', { name: 'Accept the invitation' }).click();
  await page.getByRole('heading', { name: 'Group chat' }).waitFor(wait);
}
