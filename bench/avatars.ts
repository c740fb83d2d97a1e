// Signing in to an account with 5 avatars (its primary one and 4 secondary ones), timed by the
// server (Server-Timing), client-side work excluded, on SQLite and PostgreSQL. With unlinkable
// avatars, a client that remembered the account (its keyring, as ciphertext) presents the 4
// avatars and the usage key in the `session.signIn` itself; one that did not signs in, then calls
// `session.presentAvatars` (both times added, reported apart). Baseline in the same run: the same
// account on the tree before (ILOT_BENCH_BASE: a checkout of the commit before, built), one
// `session.signIn` that returned the 5 avatars, the servers taking turns round by round.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IlotClient, newTreasurerMaterial } from '../src/client/index.js';
import { newKeyringEntry, proofHashOf, proofsFor, tokenSecretOf, type KeyringEntry } from '../src/client/keyring.js';
import { derivePhraseKeys, toBase64Url } from '../src/shared/crypto/index.js';
import { spaceOfId } from '../src/shared/ids.js';
import { benchDatabase, benchKdfParams, machine, serverTime, startBenchServerWithOperator, stats } from './support.js';

const secondaries = 4;
const rounds = Number(process.env.ILOT_BENCH_ROUNDS ?? 20);
const perRound = 20;
const quotas = { documents: 1000, volumeBytes: 1e9, monthlyCents: 1000, maxAccounts: 100 };

/** Server time of a call and its answer. */
async function timed<T>(url: string, operation: string, input: object, token?: string): Promise<{ ms: number; body: T }> {
  const response = await fetch(`${url}/api/ops/${operation}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as T;
  if (!response.ok) throw new Error(`${operation}: ${response.status} ${JSON.stringify(body)}`);
  return { ms: Number(/dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '')?.[1]), body };
}

const bytes = (n: number) => randomBytes(n).toString('base64url');
const avatarKeys = () => ({
  ecdhPublicKey: bytes(91),
  signingPublicKey: bytes(91),
  wrappedPrivateKeys: bytes(400),
  wrappedCardKey: bytes(60),
});

/** A site (of `tree`, else this one) with an account of 5 avatars; `signIn()` signs it in and returns the server time it took. */
async function siteWithAccount(databaseUrl: string | undefined, tree: string | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'ilot-bench-'));
  const { server, operatorKeys } = await startBenchServerWithOperator(dir, databaseUrl, tree);
  const url = server.urls.ilot;
  const keys = (k: Awaited<ReturnType<typeof derivePhraseKeys>>) => ({
    prefixId: toBase64Url(k.prefixId),
    authKey: toBase64Url(k.authKey),
  });
  const { token: operator } = await new IlotClient(url).call('session.signIn', { orgCode: 'admin', ...keys(operatorKeys) });
  const sponsorship = keys(await derivePhraseKeys('sponsorship phrase of the avatars bench', 'bench', benchKdfParams));
  const passphraseKeys = await derivePhraseKeys('treasurer passphrase of the avatars bench', 'bench', benchKdfParams);
  const passphrase = keys(passphraseKeys);
  await timed(url, 'space.open', { orgCode: 'bench', quotas, sponsorship }, operator);
  const material = await newTreasurerMaterial(passphraseKeys.wrapKey);
  const created = await timed<{ accountId: string }>(url, 'account.createTreasurer', {
    orgCode: 'bench',
    sponsorship,
    account: { ...passphrase, wrappedAccountKey: material.wrappedAccountKey, wrappedSpaceKey: material.wrappedSpaceKey },
    avatar: material.avatar,
  });
  const first = await timed<{ token: string }>(url, 'session.signIn', { orgCode: 'bench', ...passphrase });
  const usageKey = bytes(32);
  const entries: KeyringEntry[] = [];
  for (let i = 0; i < secondaries; i++) {
    if (tree) await timed(url, 'avatar.create', { name: `Avatar ${i}`, keys: avatarKeys() }, first.body.token);
    else {
      const entry = newKeyringEntry(spaceOfId(created.body.accountId));
      entries.push(entry);
      const keyring = { sealed: bytes(1100), revision: i };
      await timed(
        url,
        'avatar.create',
        { id: entry.id, name: `Avatar ${i}`, keys: avatarKeys(), proofHash: await proofHashOf(entry), keyring },
        first.body.token,
      );
    }
  }
  return {
    url,
    /** Server time of a sign-in that presents the avatars (on the base tree: that returns them). */
    async signIn(): Promise<number> {
      // The proofs are the client's work: made before the sign-in is timed.
      const present = tree ? undefined : { keyringRevision: secondaries, avatars: await proofsFor(passphrase.authKey, entries), usageKey };
      const signedIn = await timed<{ account: { avatars: unknown[]; presented?: unknown[] | null } }>(url, 'session.signIn', {
        orgCode: 'bench',
        ...passphrase,
        ...(present && { present }),
      });
      const avatars = signedIn.body.account.avatars.length + (signedIn.body.account.presented?.length ?? 0);
      if (avatars !== 1 + secondaries) throw new Error(`the sign-in gave ${avatars} avatars, not ${1 + secondaries}`);
      return signedIn.ms;
    },
    /** Server times of a sign-in without a remembered keyring, and of the presentation after it. */
    async signInThenPresent(): Promise<[number, number]> {
      const signedIn = await timed<{ token: string }>(url, 'session.signIn', { orgCode: 'bench', ...passphrase });
      const avatars = await proofsFor(tokenSecretOf(signedIn.body.token), entries);
      return [signedIn.ms, await serverTime(url, 'session.presentAvatars', { avatars, usageKey }, signedIn.body.token)];
    },
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function runOn(engine: 'sqlite' | 'postgres', base: string | undefined) {
  const databases = engine === 'postgres' ? [await benchDatabase(), await benchDatabase()] : [undefined, undefined];
  const urlOf = (d: (typeof databases)[number]) => {
    if (d && 'skipped' in d) throw new Error(d.skipped);
    return d?.url;
  };
  try {
    const now = await siteWithAccount(urlOf(databases[0]), undefined);
    const before = base ? await siteWithAccount(urlOf(databases[1]), base) : undefined;
    try {
      const ping: number[] = [];
      for (let i = 0; i < 200; i++) ping.push(await serverTime(now.url, 'ping', {}));
      const samples = {
        now: [] as number[],
        before: [] as number[],
        twoSteps: [] as number[],
        signIn: [] as number[],
        present: [] as number[],
      };
      for (let round = 0; round < rounds; round++) {
        for (let i = 0; i < perRound; i++) samples.now.push(await now.signIn());
        if (before) for (let i = 0; i < perRound; i++) samples.before.push(await before.signIn());
        for (let i = 0; i < perRound / 4; i++) {
          const [signIn, present] = await now.signInThenPresent();
          samples.twoSteps.push(signIn + present);
          samples.signIn.push(signIn);
          samples.present.push(present);
        }
      }
      const ratio = before ? Math.round((stats(samples.now).p50Ms / stats(samples.before).p50Ms) * 100) / 100 : null;
      return {
        engine,
        baselinePing: stats(ping),
        signInWith5Avatars: { ...stats(samples.now), goalRatioToBefore: 1.2, ratioToBefore: ratio },
        withoutRememberedKeyring: {
          ...stats(samples.twoSteps),
          parts: { signIn: stats(samples.signIn), presentAvatars: stats(samples.present) },
        },
        ...(before
          ? { before: { signInWith5Avatars: stats(samples.before) } }
          : { before: 'set ILOT_BENCH_BASE to a built checkout of the commit before' }),
      };
    } finally {
      await now.stop();
      await before?.stop();
    }
  } finally {
    for (const d of databases) if (d && !('skipped' in d)) await d.drop();
  }
}

export async function benchAvatars() {
  const base = process.env.ILOT_BENCH_BASE;
  const results = [await runOn('sqlite', base)];
  const probe = await benchDatabase();
  if ('skipped' in probe)
    return { benchmark: 'avatars', machine: machine(), results: [...results, { engine: 'postgres', skipped: probe.skipped }] };
  await probe.drop();
  results.push(await runOn('postgres', base));
  return {
    benchmark: 'avatars',
    machine: machine(),
    measure: 'server time (Server-Timing) of a sign-in of an account with 5 avatars, key derivation and proofs excluded',
    results,
  };
}
