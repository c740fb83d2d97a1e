// Membership, timed by the server (Server-Timing), client-side key derivation excluded, on SQLite
// and PostgreSQL, in a space holding 10,000 accounts: accepting a sponsorship, and finding an
// avatar by its contact phrase. Baseline in the same run: the `ping` round trip.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IlotClient, acceptSponsorship, sponsor } from '../src/client/index.js';
import { newScopedId } from '../src/shared/ids.js';
import { hashKey } from '../src/domain/secrets.js';
import { openStore } from '../src/store/database.js';
import { benchOperatorPhrase, machine, onEachEngine, serverTime, startBenchServerWithOperator, stats } from './support.js';

const orgCode = 'bench';
const population = 10_000;
const lookups = 1000;
const accepts = 200;

/** A client whose calls of one operation have their server time recorded. */
function timedClient(url: string, operation: string, samples: number[]): IlotClient {
  return new IlotClient(url, {
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if ((input instanceof Request ? input.url : input.toString()).endsWith(`/api/ops/${operation}`))
        samples.push(Number(/dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '')?.[1]));
      return response;
    },
  });
}

/** Fills the space with accounts, each with a primary avatar that has a contact phrase; returns some of the phrases' keys. */
async function populate(databaseUrl: string, spaceId: number, now: number): Promise<{ prefixId: string; authKey: string }[]> {
  const store = await openStore({ url: databaseUrl });
  const known: { prefixId: string; authKey: string }[] = [];
  try {
    for (let start = 0; start < population; start += 500) {
      const batch = Array.from({ length: 500 }, () => {
        const contact = { prefixId: randomBytes(32).toString('base64url'), authKey: randomBytes(32).toString('base64url') };
        known.push(contact);
        return {
          account: newScopedId(spaceId, 'account'),
          avatar: newScopedId(spaceId, 'avatar'),
          passphrasePrefix: randomBytes(32).toString('base64url'),
          contact,
        };
      });
      await store.transaction(async (tx) => {
        await tx
          .insertInto('accounts')
          .values(
            batch.map((b) => ({
              space_id: spaceId,
              id: b.account,
              prefix_id: b.passphrasePrefix,
              auth_hash: hashKey(b.passphrasePrefix),
              roles: '',
              wrapped_account_key: 'x',
              wrapped_space_key: null,
              created_at: now,
              expires_at: now + 1e10,
              kind: 'O' as const,
              partition_id: null,
              quota_documents: 10,
              quota_volume_bytes: 10,
              gift_cents: 0,
            })),
          )
          .execute();
        await tx
          .insertInto('avatars')
          .values(
            batch.map((b) => ({
              space_id: spaceId,
              id: b.avatar,
              account_id: b.account,
              name: 'Member',
              ecdh_public_key: 'x',
              signing_public_key: 'x',
              wrapped_private_keys: 'x',
              created_at: now,
              is_primary: 1,
              wrapped_card_key: 'x',
              card: null,
              contact_prefix_id: b.contact.prefixId,
              contact_auth_hash: hashKey(b.contact.authKey),
              contact_card_key: 'x',
            })),
          )
          .execute();
        await tx
          .insertInto('phrase_prefixes')
          .values(
            batch.flatMap((b) => [
              { space_id: spaceId, prefix_id: b.passphrasePrefix, kind: 'passphrase' as const, owner: b.account },
              { space_id: spaceId, prefix_id: b.contact.prefixId, kind: 'contact' as const, owner: b.avatar },
            ]),
          )
          .execute();
      });
    }
  } finally {
    await store.close();
  }
  return known;
}

async function runOn(engine: 'sqlite' | 'postgres', databaseUrl: string | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'ilot-bench-'));
  const { server } = await startBenchServerWithOperator(dir, databaseUrl);
  try {
    const url = server.urls.ilot;
    const ping: number[] = [];
    for (let i = 0; i < 300; i++) ping.push(await serverTime(url, 'ping', {}));

    const operator = new IlotClient(url);
    await operator.signInOperator(benchOperatorPhrase);
    const { number } = await operator.openSpace(
      orgCode,
      { documents: 1e6, volumeBytes: 1e12, monthlyCents: 1e6, maxAccounts: population + accepts + 10 },
      'sponsoring the bench treasurer',
    );
    await new IlotClient(url).createTreasurer(orgCode, 'sponsoring the bench treasurer', 'bench treasurer passphrase kept secret');
    const lookup: number[] = [];
    const treasurer = timedClient(url, 'contact.lookup', lookup);
    await treasurer.signIn(orgCode, 'bench treasurer passphrase kept secret');
    const started = Date.now();
    const known = await populate(databaseUrl ?? `sqlite:${dir}/ilot.db`, number, started);
    const populateSeconds = (Date.now() - started) / 1000;

    for (let i = 0; i < lookups; i++) await treasurer.call('contact.lookup', { phrase: known[Math.floor(Math.random() * known.length)]! });

    const { partitions } = await treasurer.call('partition.list');
    const phrases = Array.from({ length: accepts }, (_, i) => `${i} sponsorship phrase of the bench`);
    for (const phrase of phrases)
      await sponsor(treasurer, {
        phrase,
        name: 'Joiner',
        kind: 'O',
        partitionId: partitions[0]!.id,
        quotas: { documents: 10, volumeBytes: 10 },
        word: 'welcome',
      });
    const accept: number[] = [];
    for (const [i, phrase] of phrases.entries())
      await acceptSponsorship(timedClient(url, 'sponsorship.accept', accept), orgCode, phrase, `${i} passphrase of a joiner in the bench`);

    return {
      engine,
      accountsInSpace: population + accepts + 1,
      populateSeconds,
      baselinePing: stats(ping),
      acceptSponsorship: { ...stats(accept), goalP50Ms: 30 },
      contactPhraseLookup: { ...stats(lookup), goalP99Ms: 10 },
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchAccounts() {
  return {
    benchmark: 'accounts',
    machine: machine(),
    measure: 'server-side time (Server-Timing header), key derivation excluded',
    results: await onEachEngine(runOn),
  };
}
