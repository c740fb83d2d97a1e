import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../src/client/client.js';
import { acceptSponsorship, refuseSponsorship, sponsor, sponsorships } from '../../src/client/membership.js';
import { describeEngines } from '../support/engines.js';
import { defaultPartition, spaceWithTreasurer, type Member } from '../support/members.js';
import { operatorClient, withOperatorsUnthrottled } from '../support/operators.js';
import { prepared, preparedBody, race, tally, type Prepared } from '../support/race.js';
import { startTestServer, type TestServer } from '../support/server.js';

// Every single-use token, used by many identical requests at once: exactly one use succeeds.

describeEngines('single-use tokens under concurrent requests', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    // Refused uses count as failed guesses: the throttle is raced on its own (throttle.test.ts).
    server = await startTestServer(engine, await withOperatorsUnthrottled());
  });
  afterAll(() => server.stop());

  const accountsOf = async (member: Member) => {
    const db = server.store.db;
    const space = await db.selectFrom('spaces').select('id').where('org_code', '=', member.orgCode).executeTakeFirstOrThrow();
    return (await db.selectFrom('accounts').select('id').where('space_id', '=', space.id).execute()).length;
  };
  const proposeTo = async (treasurer: Member, phrase: string) => {
    const partitionId = await defaultPartition(treasurer);
    return sponsor(treasurer.client, { phrase, name: 'Bob', kind: 'O', partitionId, quotas: { documents: 1, volumeBytes: 1 }, word: 'hi' });
  };

  it('accepts a member sponsorship once', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const phrase = 'the one sponsorship phrase for Bob';
    await proposeTo(treasurer, phrase);
    const accept = await preparedBody(server.url, 'sponsorship.accept', (client) =>
      acceptSponsorship(client, treasurer.orgCode, phrase, 'Bob keeps this passphrase for himself'),
    );

    expect(tally(await race(server.url, 100, () => accept))).toEqual({ ok: 1, SPONSORSHIP_INVALID: 99 });
    expect(await accountsOf(treasurer)).toBe(2);
  });

  it('settles a sponsorship once when it is accepted, refused and cancelled at once', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const phrase = 'a sponsorship phrase answered three ways';
    const { id } = await proposeTo(treasurer, phrase);
    const answers: Prepared[] = [
      await preparedBody(server.url, 'sponsorship.accept', (client) =>
        acceptSponsorship(client, treasurer.orgCode, phrase, 'Bob keeps this passphrase for himself'),
      ),
      await preparedBody(server.url, 'sponsorship.refuse', (client) => refuseSponsorship(client, treasurer.orgCode, phrase, 'no, thanks')),
      prepared('sponsorship.cancel', { id }, treasurer.client),
    ];

    const results = await race(server.url, 90, (i) => answers[i % 3]!);
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const [settled] = await sponsorships(treasurer.client);
    const winner = results.findIndex((r) => r.status === 200) % 3;
    expect(settled!.state).toBe(['accepted', 'refused', 'cancelled'][winner]);
    expect(await accountsOf(treasurer)).toBe(winner === 0 ? 2 : 1);
  });

  it('cancels a sponsorship once', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const { id } = await proposeTo(treasurer, 'a sponsorship phrase soon cancelled');

    expect(tally(await race(server.url, 100, () => prepared('sponsorship.cancel', { id }, treasurer.client)))).toEqual({
      ok: 1,
      SPONSORSHIP_NOT_PENDING: 99,
    });
  });

  it('creates the treasurer of a space once', async () => {
    const alice = await operatorClient(server.url, 'alice');
    const orgCode = `once${Math.random().toString(36).slice(2, 6)}`;
    const phrase = `sponsoring ${orgCode}, for its treasurer`;
    await alice.openSpace(orgCode, { documents: 10, volumeBytes: 10, monthlyCents: 0, maxAccounts: 10 }, phrase);
    const create = await preparedBody(server.url, 'account.createTreasurer', (client) =>
      client.createTreasurer(orgCode, phrase, 'the treasurer passphrase, chosen once'),
    );

    expect(tally(await race(server.url, 100, () => create))).toEqual({ ok: 1, SPONSORSHIP_INVALID: 99 });
  });

  it('ends a session once', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const other = new IlotClient(server.url);
    await other.signIn(treasurer.orgCode, treasurer.passphrase);
    const { sessions } = await treasurer.client.call('account.sessions.list');
    const { id } = sessions.find((s) => !s.current)!;

    expect(tally(await race(server.url, 100, () => prepared('account.sessions.revoke', { id }, treasurer.client)))).toEqual({
      ok: 1,
      SESSION_NOT_FOUND: 99,
    });
  });
});
