import { derivePhraseKeys, phraseProblem, toBase64Url, type Argon2Params, type PhraseKeys } from '../shared/crypto/index.js';
import { operatorOrgCode } from '../shared/protocol.js';
import { newTreasurerMaterial, openAccountKeys, type AccountKeys } from './account-keys.js';
import { IlotClientError } from './errors.js';
import { newKeyringEntry, openKeyring, proofHashOf, proofsFor, sealKeyring, tokenSecretOf, type KeyringEntry } from './keyring.js';
import { openJson, sealJson } from './sealing.js';
import { spaceOfId } from '../shared/ids.js';
import type { InputOf, OperationName, OutputOf } from '../shared/operations/index.js';

/** An operation's input, optional when it has no required field. */
type InputArgs<N extends OperationName> = Partial<InputOf<N>> extends InputOf<N> ? [input?: InputOf<N>] : [input: InputOf<N>];

export { IlotClientError };

/** What `ping` tells of the site: name, version, time and the key-derivation cost. */
export type SiteParameters = OutputOf<'ping'>;

/** A space's quotas, as the operator sets them and the future treasurer reads them. */
export type SpaceQuotas = OutputOf<'sponsorship.viewTreasurer'>['quotas'];

/** What a member's sign-in returns to open the account's keys. */
export type AccountMaterial = NonNullable<OutputOf<'session.signIn'>['account']>;

export type SignedInAccount = AccountMaterial & { orgCode: string; keys: AccountKeys };

/**
 * What a client may keep of an account between sessions, ciphertext only (the account key wrapped
 * under the passphrase, the keyring sealed under the account key): with it, the next sign-in
 * presents the account's avatars in the same request.
 */
export type RememberedAccount = Pick<AccountMaterial, 'wrappedAccountKey' | 'keyring' | 'keyringRevision'>;

/**
 * What a browser keeps of an account between sessions, ciphertext only: what the next sign-in
 * starts from, and the rest of the account's material sealed under the account key, with which
 * the account opens without the site (offline mode, see `openKept`).
 */
export type KeptAccount = RememberedAccount & { sealed: string };

/** Looks up what was kept of an account by the local id of its passphrase (see PhraseKeys.localId, base64url). */
export type KeptLookup<T> = (localId: string) => Promise<T | undefined>;

/** The key-derivation cost a site publishes; kept by a browser so that offline mode derives the same keys. */
export type KdfParameters = SiteParameters['argon2'];

/**
 * What a space's members derive their keys with: the org code and cost it was created with, which
 * differ from the typed org code and the site's cost only for a space moved from another site.
 */
export type KeyDerivation = OutputOf<'space.keyDerivation'>;

export interface ClientOptions {
  /** Replaces the global fetch (tests inspect what leaves the client). */
  fetch?: typeof fetch;
  /** Derives a phrase's keys elsewhere (a browser runs it in a Web Worker, so that the page never freezes). */
  derive?: typeof derivePhraseKeys;
  /** Told when the site refuses the session (expired, revoked, its account deleted): a screen returns to sign-in. */
  onSessionEnded?: () => void;
}

/** What a phrase's keys send: the prefix id and the auth key, never the wrap key. */
function sentKeys(keys: PhraseKeys): { prefixId: string; authKey: string } {
  return { prefixId: toBase64Url(keys.prefixId), authKey: toBase64Url(keys.authKey) };
}

/**
 * Talks to one Ilot site from Node or a browser: derives keys locally, signs in, calls operations
 * and keeps the session token. Passphrases and wrap keys never leave this object.
 */
export class IlotClient {
  private readonly fetch: typeof fetch;
  private readonly derive: typeof derivePhraseKeys;
  private readonly onSessionEnded: () => void;
  private token: string | undefined;
  private parameters: SiteParameters | undefined;
  private readonly derivations = new Map<string, KeyDerivation>();
  /** Opened from what a browser kept (offline mode): every call is refused before anything is sent. */
  private offline = false;
  /** The signed-in account with its opened keys (in memory only). */
  account: SignedInAccount | undefined;

  constructor(
    readonly url: string,
    options: ClientOptions = {},
  ) {
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.derive = options.derive ?? derivePhraseKeys;
    this.onSessionEnded = options.onSessionEnded ?? (() => undefined);
  }

  get signedIn(): boolean {
    return this.token !== undefined;
  }

  /** The session's bearer token, for the live channel (never logged, never stored by the SDK). */
  get sessionToken(): string | undefined {
    return this.token;
  }

  /** Calls an operation; resolves with its output or rejects with an IlotClientError. */
  async call<N extends OperationName>(operation: N, ...input: InputArgs<N>): Promise<OutputOf<N>>;
  async call(operation: string, input: object = {}): Promise<unknown> {
    return this.post(operation, input, this.token);
  }

  /** Calls an operation with the given token (none: anonymously). */
  private async post(operation: string, input: object, token: string | undefined): Promise<unknown> {
    const response = await this.send(
      `/api/ops/${operation}`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) },
      token,
    );
    return response.json() as Promise<unknown>;
  }

  /** A request to the site with the session's token; a refusal rejects with an IlotClientError (file transfers use it directly). */
  async request(path: string, init: RequestInit & { duplex?: 'half' }): Promise<Response> {
    return this.send(path, init, this.token);
  }

  private async send(path: string, init: RequestInit & { duplex?: 'half' }, token: string | undefined): Promise<Response> {
    if (this.offline) throw new IlotClientError('OFFLINE_READ_ONLY', 'This client opened a kept account offline: it sends nothing.', 0);
    const response = await this.fetch(`${this.url}${path}`, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    }).catch((error: Error & { cause?: { code?: string } }) => {
      throw new IlotClientError(
        'SITE_UNREACHABLE',
        `Cannot reach ${this.url} (${error.cause?.code ?? (error.cause as Error | undefined)?.message ?? error.message}).`,
        0,
      );
    });
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      const error = IlotClientError.fromReply(body, response.status, response.statusText);
      // The session ended (expired, revoked, its account deleted): the client is signed out, and signs in again without it.
      if (error.code === 'SESSION_INVALID' && token !== undefined && token === this.token) {
        this.forgetSession();
        this.onSessionEnded();
      }
      throw error;
    }
    return response;
  }

  async siteParameters(): Promise<SiteParameters> {
    return (this.parameters ??= await this.call('ping'));
  }

  /**
   * What the members of the space of `orgCode` derive their keys with, asked once (without the
   * session's token: it may be another space's); operators derive with `admin` and the site's cost.
   */
  async keyDerivationOf(orgCode: string): Promise<KeyDerivation> {
    if (orgCode === operatorOrgCode) return { orgCode, argon2: (await this.siteParameters()).argon2 };
    let known = this.derivations.get(orgCode);
    if (!known) {
      known = (await this.post('space.keyDerivation', { orgCode }, undefined)) as KeyDerivation;
      this.derivations.set(orgCode, known);
    }
    return known;
  }

  /**
   * Derives the keys of a phrase for a space with what its members derive with (see keyDerivationOf),
   * or with the given cost or derivation, without asking the site (offline).
   */
  async deriveKeys(phrase: string, orgCode: string, kdf?: KdfParameters | KeyDerivation) {
    const problem = phraseProblem(phrase);
    if (problem) throw new IlotClientError(problem, 'A phrase has at least 24 characters.', 0);
    const derivation = !kdf ? await this.keyDerivationOf(orgCode) : 'argon2' in kdf ? kdf : { orgCode, argon2: kdf };
    const { argon2 } = derivation;
    const params: Argon2Params = { memoryKiB: argon2.memoryKib, iterations: argon2.iterations, parallelism: argon2.parallelism };
    return this.derive(phrase, derivation.orgCode, params);
  }

  /** Signs in as an operator (org code `admin`). */
  async signInOperator(passphrase: string): Promise<{ name: string; role: string }> {
    const keys = await this.deriveKeys(passphrase, operatorOrgCode);
    const result = await this.startSession(operatorOrgCode, keys);
    this.token = result.token;
    return result.operator!;
  }

  /** Derives the prefix id and auth key of a phrase for a space, as sent to the server. */
  async phraseKeys(phrase: string, orgCode: string): Promise<{ prefixId: string; authKey: string }> {
    return sentKeys(await this.deriveKeys(phrase, orgCode));
  }

  /** Operators: opens a space; the treasurer's sponsorship phrase is turned into keys here. */
  async openSpace(orgCode: string, quotas: SpaceQuotas, sponsorshipPhrase: string): Promise<{ orgCode: string; number: number }> {
    return this.call('space.open', { orgCode, quotas, sponsorship: await this.phraseKeys(sponsorshipPhrase, orgCode) });
  }

  /** The future treasurer reads the space's conditions. */
  async viewTreasurerSponsorship(orgCode: string, sponsorshipPhrase: string): Promise<OutputOf<'sponsorship.viewTreasurer'>> {
    return this.call('sponsorship.viewTreasurer', { orgCode, sponsorship: await this.phraseKeys(sponsorshipPhrase, orgCode) });
  }

  /** Creates the treasurer account: keys are made and wrapped here, only ciphertext and public keys are sent. */
  async createTreasurer(orgCode: string, sponsorshipPhrase: string, passphrase: string): Promise<OutputOf<'account.createTreasurer'>> {
    const [sponsorship, keys] = await Promise.all([this.phraseKeys(sponsorshipPhrase, orgCode), this.deriveKeys(passphrase, orgCode)]);
    const material = await newTreasurerMaterial(keys.wrapKey);
    return this.call('account.createTreasurer', {
      orgCode,
      sponsorship,
      account: { ...sentKeys(keys), wrappedAccountKey: material.wrappedAccountKey, wrappedSpaceKey: material.wrappedSpaceKey },
      avatar: material.avatar,
    });
  }

  /**
   * Signs in to a space's account and opens its keys in memory. With what an earlier session left
   * (`remembered`), the account's avatars are presented in the sign-in itself; otherwise, or when
   * the keyring changed since, just after it. `remembered` may be looked up by the passphrase's
   * local id once the keys are derived (a browser keeps it in a database of that name).
   */
  async signIn(
    orgCode: string,
    passphrase: string,
    remembered?: RememberedAccount | KeptLookup<RememberedAccount>,
  ): Promise<SignedInAccount> {
    // A client that read a kept account offline goes online again.
    this.offline = false;
    const keys = await this.deriveKeys(passphrase, orgCode);
    const found = typeof remembered === 'function' ? await remembered(toBase64Url(keys.localId)) : remembered;
    const early = found && (await presentationOf(keys, found));
    const result = await this.startSession(orgCode, keys, early?.present);
    const account = result.account!;
    const opened = await openAccountKeys(keys.wrapKey, account.wrappedAccountKey, account.wrappedSpaceKey);
    this.token = result.token;
    const [primary, ...legacy] = account.avatars;
    this.account = { ...account, avatars: [primary!], orgCode, keys: opened };
    if (account.presented && early && legacy.length === 0) {
      this.account.avatars.push(...account.presented);
      this.keyringEntries = early.entries;
    } else await this.presentAvatars(legacy);
    return this.account;
  }

  /** What the next sign-in of this account may start from (ciphertext only; see RememberedAccount). */
  remembered(): RememberedAccount {
    const { wrappedAccountKey, keyring, keyringRevision } = this.member;
    return { wrappedAccountKey, keyring, keyringRevision };
  }

  /** What a browser may keep of the signed-in account (ciphertext only; see KeptAccount). */
  async kept(): Promise<KeptAccount> {
    const { keys, orgCode: _orgCode, ...material } = this.member;
    return { ...this.remembered(), sealed: await sealJson(keys.accountKey, material, keptPurpose) };
  }

  /**
   * Opens an account from what a browser kept of it, without any request to the site: the keys are
   * derived with the kept parameters and `find` returns what was kept under the passphrase's local
   * id. The client is then offline: it reads the kept perimeter and refuses every call
   * (OFFLINE_READ_ONLY). Nothing kept under that id (no synced session of this account in this
   * browser, or another passphrase): OFFLINE_NOT_KEPT.
   */
  async openKept(
    orgCode: string,
    passphrase: string,
    kdf: KdfParameters | KeyDerivation,
    find: KeptLookup<KeptAccount>,
  ): Promise<SignedInAccount> {
    this.forgetSession();
    const keys = await this.deriveKeys(passphrase, orgCode, kdf);
    const notKept = () => new IlotClientError('OFFLINE_NOT_KEPT', 'This browser keeps no account that opens with this passphrase.', 0);
    const kept = await find(toBase64Url(keys.localId));
    if (!kept) throw notKept();
    try {
      const { accountKey } = await openAccountKeys(keys.wrapKey, kept.wrappedAccountKey, null);
      const material = await openJson<AccountMaterial>(accountKey, kept.sealed, keptPurpose);
      this.account = { ...material, orgCode, keys: await openAccountKeys(keys.wrapKey, kept.wrappedAccountKey, material.wrappedSpaceKey) };
      this.offline = true;
      return this.account;
    } catch {
      throw notKept();
    }
  }

  /** Whether this client opened a kept account offline (see openKept). */
  get isOffline(): boolean {
    return this.offline;
  }

  /**
   * Presents the account's secondary avatars to this session, from its keyring: the session then
   * acts as them. Legacy avatars (still linked to the account, `legacy`) move into the keyring;
   * avatars the keyring lists that are gone (their lifetime ended) leave it. Called at sign-in, and
   * again when another session changed the keyring.
   */
  async presentAvatars(legacy: { id: string }[] = []): Promise<void> {
    const account = this.member;
    const adopted: KeyringEntry[] = [];
    const forgotten = new Set<string>();
    for (let attempt = 1; ; attempt++) {
      const entries = await openKeyring(account.keys.accountKey, account.keyring, spaceOfId(account.id));
      for (const { id } of legacy)
        if (!entries.some((e) => e.id === id) && !adopted.some((a) => a.id === id)) adopted.push(newKeyringEntry(spaceOfId(id), id));
      const listed = [...entries, ...adopted.filter((a) => !entries.some((e) => e.id === a.id))].filter((e) => !forgotten.has(e.id));
      const changed = adopted.length > 0 || forgotten.size > 0;
      const keyring = changed
        ? {
            sealed: await sealKeyring(account.keys.accountKey, listed),
            revision: account.keyringRevision,
            adopted: await Promise.all(adopted.map(async (a) => ({ id: a.id, proofHash: await proofHashOf(a) }))),
            forgotten: [...forgotten],
          }
        : undefined;
      try {
        const out = await this.call('session.presentAvatars', {
          avatars: await proofsFor(tokenSecretOf(this.token!), listed),
          usageKey: account.keys.usageKey,
          ...(keyring && { keyring }),
        });
        if (out.keyringRevision !== null) [account.keyring, account.keyringRevision] = [keyring!.sealed, out.keyringRevision];
        account.avatars = [account.avatars[0]!, ...out.avatars];
        this.keyringEntries = listed;
        return;
      } catch (error) {
        if (attempt > listed.length + 2 || !(error instanceof IlotClientError)) throw error;
        const gone = (error.details as { avatarId?: string } | undefined)?.avatarId;
        if (error.code === 'AVATAR_NOT_FOUND' && gone && entries.some((e) => e.id === gone)) forgotten.add(gone);
        else if (error.code === 'KEYRING_CHANGED') await this.readKeyring();
        else throw error;
      }
    }
  }

  /** The account's keyring entries as this session last presented them (in memory only). */
  keyringEntries: KeyringEntry[] = [];

  /** Reads the account's keyring again (another session changed it). */
  async readKeyring(): Promise<void> {
    const { keyring, keyringRevision } = await this.call('avatar.list');
    this.member.keyring = keyring;
    this.member.keyringRevision = keyringRevision;
  }

  /**
   * Changes the keyring with an operation that sends it (avatar.create, avatar.delete): `change`
   * gets the current entries and revision; when another session changed the keyring meanwhile, it
   * is read again and the change made again on it.
   */
  async changeKeyring<T>(
    change: (
      entries: KeyringEntry[],
      revision: number,
    ) => Promise<{ entries: KeyringEntry[]; sealed: string; revision: number; result: T }>,
  ): Promise<T> {
    const account = this.member;
    for (let attempt = 1; ; attempt++) {
      const entries = await openKeyring(account.keys.accountKey, account.keyring, spaceOfId(account.id));
      try {
        const done = await change(entries, account.keyringRevision);
        account.keyring = done.sealed;
        account.keyringRevision = done.revision;
        this.keyringEntries = done.entries;
        return done.result;
      } catch (error) {
        if (attempt >= 5 || !(error instanceof IlotClientError) || !['KEYRING_CHANGED', 'AVATAR_ID_TAKEN'].includes(error.code))
          throw error;
        if (error.code === 'KEYRING_CHANGED') await this.readKeyring();
      }
    }
  }

  /**
   * Signs in with a passphrase's keys, without the current session's token (it may have ended); the
   * caller keeps the new token once it accepts the answer (`operator` for the org code admin, `account` otherwise).
   */
  private async startSession(
    orgCode: string,
    keys: PhraseKeys,
    present?: InputOf<'session.signIn'>['present'],
  ): Promise<OutputOf<'session.signIn'>> {
    return (await this.post(
      'session.signIn',
      { orgCode, ...sentKeys(keys), ...(present && { present }) },
      undefined,
    )) as OutputOf<'session.signIn'>;
  }

  /** The signed-in account, or a clear error when there is none. */
  get member(): SignedInAccount {
    if (!this.account) throw new IlotClientError('AUTH_REQUIRED', 'Sign in to an account first.', 0);
    return this.account;
  }

  /** Ends the session; one the site already ended (expired, revoked) counts as ended. */
  async signOut(): Promise<void> {
    if (this.token) {
      try {
        await this.call('session.signOut');
      } catch (error) {
        if (!(error instanceof IlotClientError && (error.code === 'AUTH_REQUIRED' || error.code === 'SESSION_INVALID'))) throw error;
      }
    }
    this.forgetSession();
  }

  private forgetSession(): void {
    this.token = undefined;
    this.account = undefined;
    this.offline = false;
  }
}

const keptPurpose = 'kept-account';

/** The presentation a sign-in can carry, from a remembered account; none when it no longer opens (the passphrase changed). */
async function presentationOf(keys: PhraseKeys, remembered: RememberedAccount) {
  try {
    const { accountKey, usageKey } = await openAccountKeys(keys.wrapKey, remembered.wrappedAccountKey, null);
    const entries = await openKeyring(accountKey, remembered.keyring);
    const present = { keyringRevision: remembered.keyringRevision, avatars: await proofsFor(sentKeys(keys).authKey, entries), usageKey };
    return { present, entries };
  } catch {
    return undefined;
  }
}
