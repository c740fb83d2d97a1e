import { afterAll, beforeAll } from 'vitest';
import { IlotClient } from '../../src/client/client.js';
import { acceptSponsorship, sponsor, type SponsorshipProposal } from '../../src/client/membership.js';
import { unmaskUsage, type Usage } from '../../src/domain/usage.js';
import type { TestEngine } from './engines.js';
import { operatorClient, withOperators } from './operators.js';
import { startTestServer, type TestServer } from './server.js';

const spaceQuotas = { documents: 10_000, volumeBytes: 10_000_000_000, monthlyCents: 5000, maxAccounts: 50 };
let spaces = 0;

/** A member's client, signed in, with the phrase it signed in with. */
export interface Member {
  client: IlotClient;
  passphrase: string;
  orgCode: string;
}

async function signedIn(url: string, orgCode: string, passphrase: string): Promise<Member> {
  const client = new IlotClient(url);
  await client.signIn(orgCode, passphrase);
  return { client, passphrase, orgCode };
}

/** Opens a new space (a fresh org code per call) and signs its treasurer in. */
export async function spaceWithTreasurer(
  url: string,
  quotas: Partial<typeof spaceQuotas> = {},
): Promise<Member & { operator: IlotClient }> {
  const orgCode = `test${++spaces}${Math.random().toString(36).slice(2, 6)}`;
  const operator = await operatorClient(url, 'alice');
  const sponsorshipPhrase = `sponsoring ${orgCode}: the treasurer's phrase`;
  const passphrase = `my own ${orgCode} passphrase, as the treasurer`;
  await operator.openSpace(orgCode, { ...spaceQuotas, ...quotas }, sponsorshipPhrase);
  await new IlotClient(url).createTreasurer(orgCode, sponsorshipPhrase, passphrase);
  return { ...(await signedIn(url, orgCode, passphrase)), operator };
}

/** The space's default partition, as a member sees it. */
export async function defaultPartition(member: Member): Promise<string> {
  const { partitions } = await member.client.call('partition.list');
  return partitions[0]!.id;
}

/** Sponsors a new member and has it accept, then signs it in. */
export async function sponsored(
  by: Member,
  name: string,
  proposal: Partial<SponsorshipProposal> = {},
  accept: { contact?: boolean; word?: string } = {},
): Promise<Member> {
  const phrase = `${Math.random().toString(36).slice(2, 14)} sponsors ${name} in ${by.orgCode}`;
  const passphrase = `${Math.random().toString(36).slice(2, 14)} is what ${name} chose`;
  const kind = proposal.kind ?? 'O';
  await sponsor(by.client, {
    phrase,
    name,
    kind,
    partitionId: kind === 'O' ? (proposal.partitionId ?? (await defaultPartition(by))) : null,
    quotas: { documents: 100, volumeBytes: 1_000_000 },
    word: `welcome, ${name}`,
    ...proposal,
  });
  await acceptSponsorship(new IlotClient(by.client.url), by.orgCode, phrase, passphrase, accept);
  return signedIn(by.client.url, by.orgCode, passphrase);
}

/** A member's account row as the site's database holds it. */
export function accountRow(server: TestServer, member: Member) {
  return server.store.db.selectFrom('accounts').selectAll().where('id', '=', member.client.member.id).executeTakeFirstOrThrow();
}

/**
 * The documents and volume an account uses, as its stored (masked) usage row says once unmasked
 * with the key its client derives (nothing before it used any).
 */
export async function usageOf(server: TestServer, client: IlotClient): Promise<Usage> {
  const row = await server.store.db
    .selectFrom('account_usage')
    .select(['documents', 'volume_bytes', 'mask_day'])
    .where('account_id', '=', client.member.id)
    .executeTakeFirst();
  return unmaskUsage(row, client.member.keys.usageKey);
}

/** A site of the suite: its server, and its operators alice (admin) and oscar (observer) signed in. */
export interface OperatedSite {
  server: TestServer;
  alice: IlotClient;
  oscar: IlotClient;
}

/** Starts a test server with the two operators before the suite's tests, and stops it after them; the fields are set once the suite runs. */
export function operatedSite(engine: TestEngine, values: Parameters<typeof startTestServer>[1] = {}): OperatedSite {
  const site = {} as OperatedSite;
  beforeAll(async () => {
    site.server = await startTestServer(engine, { ...(await withOperators()), ...values });
    site.alice = await operatorClient(site.server.url, 'alice');
    site.oscar = await operatorClient(site.server.url, 'oscar');
  });
  afterAll(() => site.server.stop());
  return site;
}
