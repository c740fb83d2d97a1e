import { fromBase64Url, newAesKeyBytes, toBase64Url, unwrapKey, unwrapKeyFrom, wrapKey, wrapKeyFor } from '../shared/crypto/index.js';
import type { InputOf, OutputOf } from '../shared/operations/index.js';
import { newAccountKey, newAvatarMaterial, openAvatarPrivateKeys, openCardKey } from './account-keys.js';
import type { IlotClient, SignedInAccount } from './client.js';
import { newKeyringEntry, proofHashOf, sealKeyring } from './keyring.js';
import { spaceOfId } from '../shared/ids.js';
import { isMailAddress, type MailLanguage } from '../shared/mail.js';
import { IlotClientError } from './errors.js';
import { openCard, openJson, sealCard, sealJson, type Card } from './sealing.js';
import { withHashtag } from './hashtags.js';
import { sponsorshipChat } from './chat-sealing.js';

// Membership as a member's client does it: sponsorships, avatars and cards, contact phrases and
// contacts. Phrases, words, cards and notes are derived or encrypted here; the server receives
// only keys' hashes, wrapped keys and ciphertext.

export type AccountQuotas = InputOf<'sponsorship.create'>['quotas'];

export interface SponsorshipProposal {
  phrase: string;
  name: string;
  kind: InputOf<'sponsorship.create'>['kind'];
  partitionId?: string | null;
  quotas: AccountQuotas;
  delegate?: boolean;
  giftCents?: number;
  /** The sponsor declines the mutual contact. */
  noContact?: boolean;
  word: string;
  /** The sponsor's avatar shown to the sponsored (default: the primary one). */
  avatarId?: string;
  /**
   * Optional: the site mails the org code and its join page to this address, in this language
   * (never the phrase, which the sponsor hands by another channel); the site does not keep the address.
   */
  invitation?: { address: string; language: MailLanguage };
}

/** What a sponsorship proposes, as both sides receive it (the word still sealed). */
type Conditions = Omit<OutputOf<'sponsorship.view'>, 'keyForPhrase' | 'sponsor'>;

/** What only sponsor and sponsored read: sealed under the sponsorship key. */
interface Sealed {
  word: string;
  sponsorCardKey: string;
}

export interface SponsorshipView extends Omit<Conditions, 'sealed'> {
  word: string;
  sponsor: { avatarId: string; name: string; card: Card | null };
}

export interface SponsorshipStatus extends Omit<Conditions, 'sealed'> {
  state: OutputOf<'sponsorship.list'>['sponsorships'][number]['state'];
  word: string;
  /** The sponsored's reason, when refused. */
  answer: string | null;
  answeredAt: number | null;
}

export interface ContactNote {
  comment: string;
  hashtags: string[];
}

export interface Contact {
  avatarId: string;
  contactId: string;
  name: string | null;
  card: Card | null;
  note: ContactNote | null;
  origin: OutputOf<'contact.list'>['contacts'][number]['origin'];
  gone: boolean;
}

type Avatar = SignedInAccount['avatars'][number];

function avatarOf(account: SignedInAccount, avatarId?: string): Avatar {
  const avatar = avatarId ? account.avatars.find((a) => a.id === avatarId) : account.avatars[0];
  if (!avatar) throw new IlotClientError('AVATAR_NOT_FOUND', 'This account has no such avatar.', 0);
  return avatar;
}

async function cardKeyOf(account: SignedInAccount, avatar: Avatar): Promise<Uint8Array> {
  return openCardKey(account.keys.accountKey, avatar.wrappedCardKey!);
}

/** Sponsor side: proposes an account; the sponsorship key is wrapped for the phrase and for the sponsor. */
export async function sponsor(client: IlotClient, proposal: SponsorshipProposal): Promise<{ id: string; expiresAt: number }> {
  const account = client.member;
  const avatar = avatarOf(account, proposal.avatarId);
  const invitation = proposal.invitation && { ...proposal.invitation, address: proposal.invitation.address.trim() };
  // Told before the key derivation, which takes a while.
  if (invitation && !isMailAddress(invitation.address))
    throw new IlotClientError('MAIL_ADDRESS_INVALID', 'This is not a mail address this site can write to.', 0);
  const phraseKeys = await client.deriveKeys(proposal.phrase, account.orgCode);
  const sponsorshipKey = newAesKeyBytes();
  const sealed: Sealed = { word: proposal.word, sponsorCardKey: toBase64Url(await cardKeyOf(account, avatar)) };
  return client.call('sponsorship.create', {
    sponsorAvatarId: avatar.id,
    phrase: { prefixId: toBase64Url(phraseKeys.prefixId), authKey: toBase64Url(phraseKeys.authKey) },
    name: proposal.name,
    kind: proposal.kind,
    partitionId: proposal.partitionId ?? null,
    quotas: proposal.quotas,
    delegate: proposal.delegate ?? false,
    giftCents: proposal.giftCents ?? 0,
    noContact: proposal.noContact ?? false,
    sealed: await sealJson(sponsorshipKey, sealed, 'sponsorship'),
    keyForPhrase: toBase64Url(await wrapKey(phraseKeys.wrapKey, sponsorshipKey, 'sponsorship')),
    keyForSponsor: toBase64Url(await wrapKey(account.keys.accountKey, sponsorshipKey, 'sponsorship')),
    ...(invitation ? { invitation } : {}),
  });
}

/** Sponsor side: the account's sponsorships with their state, word and answer in clear. */
export async function sponsorships(client: IlotClient): Promise<SponsorshipStatus[]> {
  const account = client.member;
  const { sponsorships: rows } = await client.call('sponsorship.list');
  return Promise.all(
    rows.map(async ({ sealed, keyForSponsor, answer, ...row }) => {
      const key = await unwrapKey(account.keys.accountKey, fromBase64Url(keyForSponsor), 'sponsorship');
      const { word } = await openJson<Sealed>(key, sealed, 'sponsorship');
      return { ...row, word, answer: answer ? (await openJson<{ reason: string }>(key, answer, 'sponsorship-answer')).reason : null };
    }),
  );
}

/** Sponsored side: what the phrase opens — the sponsorship key, the conditions and the sponsor's card. */
async function openProposal(client: IlotClient, orgCode: string, phrase: string) {
  const keys = await client.deriveKeys(phrase, orgCode);
  const sent = { prefixId: toBase64Url(keys.prefixId), authKey: toBase64Url(keys.authKey) };
  const view = await client.call('sponsorship.view', { orgCode, phrase: sent });
  const sponsorshipKey = await unwrapKey(keys.wrapKey, fromBase64Url(view.keyForPhrase), 'sponsorship');
  const sealed = await openJson<Sealed>(sponsorshipKey, view.sealed, 'sponsorship');
  return { sent, view, sponsorshipKey, sealed, sponsorCardKey: fromBase64Url(sealed.sponsorCardKey) };
}

export async function viewSponsorship(client: IlotClient, orgCode: string, phrase: string): Promise<SponsorshipView> {
  const { view, sealed, sponsorCardKey } = await openProposal(client, orgCode, phrase);
  const { keyForPhrase: _key, sealed: _sealed, sponsor: s, ...conditions } = view;
  return {
    ...conditions,
    word: sealed.word,
    sponsor: { avatarId: s.avatarId, name: s.name, card: await openCard(sponsorCardKey, s.card) },
  };
}

/** Sponsored side: accepts with a new passphrase; the account, its primary avatar and (unless declined) the mutual contact and their chat are created. */
export async function acceptSponsorship(
  client: IlotClient,
  orgCode: string,
  phrase: string,
  passphrase: string,
  options: { contact?: boolean; /** The sponsored's own word, which opens the chat with the sponsor's. */ word?: string } = {},
) {
  const [{ sent, view, sponsorCardKey, sealed }, passphraseKeys] = await Promise.all([
    openProposal(client, orgCode, phrase),
    client.deriveKeys(passphrase, orgCode),
  ]);
  const { accountKey, wrappedAccountKey } = await newAccountKey(passphraseKeys.wrapKey);
  const avatar = await newAvatarMaterial(accountKey);
  const contact =
    options.contact === false || view.noContact
      ? null
      : {
          sponsorCardKeyForMe: toBase64Url(await wrapKeyFor(avatar.ecdhPublicKey, sponsorCardKey, 'card')),
          myCardKeyForSponsor: toBase64Url(await wrapKeyFor(fromBase64Url(view.sponsor.ecdhPublicKey), avatar.cardKey, 'card')),
          chat: await sponsorshipChat(avatar.ecdhPublicKey, view.sponsor.ecdhPublicKey, [
            sealed.word,
            ...(options.word ? [options.word] : []),
          ]),
        };
  return client.call('sponsorship.accept', {
    orgCode,
    phrase: sent,
    account: { prefixId: toBase64Url(passphraseKeys.prefixId), authKey: toBase64Url(passphraseKeys.authKey), wrappedAccountKey },
    avatar: avatar.keys,
    contact,
  });
}

/** Sponsored side: refuses, with a reason only the sponsor can read. */
export async function refuseSponsorship(client: IlotClient, orgCode: string, phrase: string, reason: string): Promise<void> {
  const { sent, sponsorshipKey } = await openProposal(client, orgCode, phrase);
  await client.call('sponsorship.refuse', {
    orgCode,
    phrase: sent,
    answer: await sealJson(sponsorshipKey, { reason }, 'sponsorship-answer'),
  });
}

/**
 * Changes the passphrase: the account key is re-wrapped under the new one's wrap key. Returns the
 * new passphrase's local id (see KeptLookup), under which a browser moves what it keeps of the account.
 */
export async function changePassphrase(client: IlotClient, current: string, next: string): Promise<{ localId: string }> {
  const account = client.member;
  const [currentKeys, nextKeys] = await Promise.all([
    client.deriveKeys(current, account.orgCode),
    client.deriveKeys(next, account.orgCode),
  ]);
  const opened = await unwrapKey(currentKeys.wrapKey, fromBase64Url(account.wrappedAccountKey), 'account').catch(() => {
    throw new IlotClientError('PASSPHRASE_WRONG', 'The current passphrase is not right.', 0);
  });
  const wrappedAccountKey = toBase64Url(await wrapKey(nextKeys.wrapKey, opened, 'account'));
  await client.call('account.changePassphrase', {
    current: { prefixId: toBase64Url(currentKeys.prefixId), authKey: toBase64Url(currentKeys.authKey) },
    next: { prefixId: toBase64Url(nextKeys.prefixId), authKey: toBase64Url(nextKeys.authKey), wrappedAccountKey },
  });
  account.wrappedAccountKey = wrappedAccountKey;
  return { localId: toBase64Url(nextKeys.localId) };
}

/**
 * Creates a secondary avatar: its number and secret are drawn here and go into the keyring sent
 * with it; the session acts as it at once, and the server cannot tell whose it is.
 */
export async function createAvatar(client: IlotClient, name: string): Promise<{ id: string; name: string }> {
  const account = client.member;
  const material = await newAvatarMaterial(account.keys.accountKey);
  const created = await client.changeKeyring(async (entries, revision) => {
    const entry = newKeyringEntry(spaceOfId(account.id));
    const listed = [...entries, entry];
    const sealed = await sealKeyring(account.keys.accountKey, listed);
    const out = await client.call('avatar.create', {
      id: entry.id,
      name,
      keys: material.keys,
      proofHash: await proofHashOf(entry),
      keyring: { sealed, revision },
    });
    return { entries: listed, sealed, revision: out.keyringRevision, result: out };
  });
  account.avatars.push({ id: created.id, name, ...material.keys });
  return { id: created.id, name: created.name };
}

/** Deletes a secondary avatar, and its entry from the keyring. */
export async function deleteAvatar(client: IlotClient, avatarId: string): Promise<void> {
  const account = client.member;
  await client.changeKeyring(async (entries, revision) => {
    const listed = entries.filter((e) => e.id !== avatarId);
    const sealed = await sealKeyring(account.keys.accountKey, listed);
    const out = await client.call('avatar.delete', { avatarId, keyring: { sealed, revision } });
    return { entries: listed, sealed, revision: out.keyringRevision, result: out };
  });
  account.avatars = account.avatars.filter((a) => a.id !== avatarId);
}

/** The account's avatars with their cards opened. */
export async function avatars(
  client: IlotClient,
): Promise<{ id: string; name: string; primary: boolean; card: Card | null; hasContactPhrase: boolean }[]> {
  const account = client.member;
  const { avatars: rows } = await client.call('avatar.list');
  return Promise.all(
    rows.map(async ({ wrappedCardKey, card, ...row }) => ({
      ...row,
      card: wrappedCardKey ? await openCard(await openCardKey(account.keys.accountKey, wrappedCardKey), card) : null,
    })),
  );
}

export async function setCard(client: IlotClient, avatarId: string, card: Card | null): Promise<void> {
  const account = client.member;
  const sealed = card ? await sealCard(await cardKeyOf(account, avatarOf(account, avatarId)), card) : null;
  await client.call('avatar.setCard', { avatarId, card: sealed });
}

/** Sets (or erases, with null) an avatar's contact phrase; the card key is wrapped under the phrase's wrap key. */
export async function setContactPhrase(client: IlotClient, avatarId: string, phrase: string | null): Promise<void> {
  const account = client.member;
  if (phrase === null) return void (await client.call('avatar.setContactPhrase', { avatarId, phrase: null }));
  const keys = await client.deriveKeys(phrase, account.orgCode);
  const wrappedCardKey = toBase64Url(await wrapKey(keys.wrapKey, await cardKeyOf(account, avatarOf(account, avatarId)), 'card'));
  await client.call('avatar.setContactPhrase', {
    avatarId,
    phrase: { prefixId: toBase64Url(keys.prefixId), authKey: toBase64Url(keys.authKey), wrappedCardKey },
  });
}

/** Finds the avatar a contact phrase designates and opens its card. */
async function findByPhrase(client: IlotClient, phrase: string) {
  const keys = await client.deriveKeys(phrase, client.member.orgCode);
  const sent = { prefixId: toBase64Url(keys.prefixId), authKey: toBase64Url(keys.authKey) };
  const found = await client.call('contact.lookup', { phrase: sent });
  const cardKey = await unwrapKey(keys.wrapKey, fromBase64Url(found.wrappedCardKey), 'card');
  return { sent, found, cardKey, card: await openCard(cardKey, found.card) };
}

export async function lookupContact(client: IlotClient, phrase: string): Promise<{ avatarId: string; name: string; card: Card | null }> {
  const { found, card } = await findByPhrase(client, phrase);
  return { avatarId: found.avatarId, name: found.name, card };
}

/** Adds, as a contact of one of the account's avatars, the avatar a contact phrase designates. */
export async function addContact(client: IlotClient, avatarId: string, phrase: string): Promise<{ contactId: string; name: string }> {
  const account = client.member;
  const mine = avatarOf(account, avatarId);
  const { sent, found, cardKey } = await findByPhrase(client, phrase);
  return client.call('contact.add', {
    avatarId: mine.id,
    phrase: sent,
    theirCardKeyForMe: toBase64Url(await wrapKeyFor(fromBase64Url(mine.ecdhPublicKey), cardKey, 'card')),
    myCardKeyForThem: toBase64Url(await wrapKeyFor(fromBase64Url(found.ecdhPublicKey), await cardKeyOf(account, mine), 'card')),
  });
}

/** Sets the account's private comment and hashtags on a contact (null erases them). */
export async function annotateContact(client: IlotClient, avatarId: string, contactId: string, note: ContactNote | null): Promise<void> {
  const key = client.member.keys.accountKey;
  await client.call('contact.annotate', { avatarId, contactId, note: note ? await sealJson(key, note, 'contact-note') : null });
}

/** The contacts of the account's avatars, cards and notes opened; optionally only those carrying a hashtag. */
export async function contacts(client: IlotClient, filter: { hashtag?: string } = {}): Promise<Contact[]> {
  const account = client.member;
  const noteKey = account.keys.accountKey;
  const privateKeys = new Map<string, Uint8Array>();
  for (const avatar of account.avatars)
    privateKeys.set(avatar.id, (await openAvatarPrivateKeys(account.keys.accountKey, avatar.wrappedPrivateKeys)).ecdh);
  const { contacts: rows } = await client.call('contact.list');
  const opened = await Promise.all(
    rows.map(async (row) => {
      const cardKey = await unwrapKeyFrom(privateKeys.get(row.avatarId)!, fromBase64Url(row.cardKey), 'card');
      return {
        avatarId: row.avatarId,
        contactId: row.contactId,
        name: row.name,
        card: await openCard(cardKey, row.card),
        note: row.note ? await openJson<ContactNote>(noteKey, row.note, 'contact-note') : null,
        origin: row.origin,
        gone: row.gone,
      };
    }),
  );
  return withHashtag(opened, filter.hashtag, (c) => c.note?.hashtags);
}

/** Quotas, usage and monthly consumption (months most recent first, `YYYY-MM` in the site's time zone; months without consumption left out). */
export type AccountConsumption = OutputOf<'account.consumption'>;
/** A quota and its use (quota null: none of its own). */
export type QuotaFigure = AccountConsumption['documents'];
export type MonthlyConsumption = AccountConsumption['months'][number];

/** The account's quotas and usage, and what it consumed in each of the last `months` months (1–24, the server's default 12). */
export async function consumption(client: IlotClient, months?: number): Promise<AccountConsumption> {
  return client.call('account.consumption', months === undefined ? {} : { months });
}

/**
 * Deletes the signed-in account, given its passphrase: its secondary avatars first (the server
 * cannot tell which they are, and refuses while the account has any), then the account.
 */
export async function deleteAccount(client: IlotClient, passphrase: string): Promise<void> {
  const account = client.member;
  const keys = await client.deriveKeys(passphrase, account.orgCode);
  // A wrong passphrase must not cost the avatars: it is checked here, on the account key, first.
  await unwrapKey(keys.wrapKey, fromBase64Url(account.wrappedAccountKey), 'account').catch(() => {
    throw new IlotClientError('PASSPHRASE_WRONG', 'The current passphrase is not right.', 0);
  });
  // Nor must an account the server will not delete: the treasurer's stays, with its avatars.
  if (account.roles.includes('treasurer'))
    throw new IlotClientError('TREASURER_UNDELETABLE', "The treasurer's account cannot be deleted.", 0);
  for (const avatar of account.avatars.slice(1)) await deleteAvatar(client, avatar.id);
  await client.call('account.delete', { passphrase: { prefixId: toBase64Url(keys.prefixId), authKey: toBase64Url(keys.authKey) } });
}
