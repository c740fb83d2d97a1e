import { derivePhraseKeys, phraseProblem, toBase64Url, type Argon2Params } from '../shared/crypto/index.js';
import type { ErrorBody } from '../shared/errors.js';
import { operatorOrgCode } from '../shared/protocol.js';

/** A refused call: the server's stable code, its message and details, and the HTTP status. */
export class IlotClientError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'IlotClientError';
  }
}

export interface SiteParameters {
  site: string;
  version: string;
  argon2: { memoryKib: number; iterations: number; parallelism: number };
}

export interface ClientOptions {
  /** Replaces the global fetch (tests inspect what leaves the client). */
  fetch?: typeof fetch;
}

/**
 * Talks to one Ilot site from Node or a browser: derives keys locally, signs in, calls operations
 * and keeps the session token. Passphrases and wrap keys never leave this object.
 */
export class IlotClient {
  private readonly fetch: typeof fetch;
  private token: string | undefined;
  private parameters: SiteParameters | undefined;

  constructor(
    readonly url: string,
    options: ClientOptions = {},
  ) {
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  get signedIn(): boolean {
    return this.token !== undefined;
  }

  /** Calls an operation; resolves with its output or rejects with an IlotClientError. */
  async call<T = unknown>(operation: string, input: object = {}): Promise<T> {
    const response = await this.fetch(`${this.url}/api/ops/${operation}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify(input),
    });
    const body = (await response.json()) as unknown;
    if (!response.ok) {
      const error = body as Partial<ErrorBody>;
      throw new IlotClientError(error.code ?? 'HTTP_ERROR', error.message ?? response.statusText, response.status, error.details);
    }
    return body as T;
  }

  async siteParameters(): Promise<SiteParameters> {
    return (this.parameters ??= await this.call<SiteParameters>('site.parameters'));
  }

  /** Derives the keys of a phrase for a space with the site's parameters. */
  async deriveKeys(phrase: string, orgCode: string) {
    const problem = phraseProblem(phrase);
    if (problem) throw new IlotClientError(problem, 'A phrase has at least 24 characters.', 0);
    const { argon2 } = await this.siteParameters();
    const params: Argon2Params = { memoryKiB: argon2.memoryKib, iterations: argon2.iterations, parallelism: argon2.parallelism };
    return derivePhraseKeys(phrase, orgCode, params);
  }

  /** Signs in as an operator (org code `admin`). */
  async signInOperator(passphrase: string): Promise<{ name: string; role: string }> {
    const keys = await this.deriveKeys(passphrase, operatorOrgCode);
    const result = await this.call<{ token: string; operator: { name: string; role: string } }>('session.signIn', {
      orgCode: operatorOrgCode,
      prefixId: toBase64Url(keys.prefixId),
      authKey: toBase64Url(keys.authKey),
    });
    this.token = result.token;
    return result.operator;
  }

  async signOut(): Promise<void> {
    if (!this.token) return;
    await this.call('session.signOut');
    this.token = undefined;
  }
}
