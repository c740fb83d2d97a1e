import { afterEach, expect, it } from 'vitest';
import { IlotClient } from '../../src/client/client.js';
import { setContactPhrase, sponsor } from '../../src/client/membership.js';
import { describeEngines } from '../support/engines.js';
import { defaultPartition, spaceWithTreasurer } from '../support/members.js';
import { withOperators } from '../support/operators.js';
import { prepared, preparedBody, race, tally } from '../support/race.js';
import { startTestServer, type TestServer } from '../support/server.js';

// Every throttle, hit by many identical requests at once from one address: it lets exactly its
// allowance through. Each test has a site of its own, as the throttles remember the address.

const limit = 10;
const keys = (i: number) => ({ prefixId: `${i}`.padStart(43, 'p'), authKey: `${i}`.padStart(43, 'a') });

describeEngines('throttles under concurrent requests', (engine) => {
  let server: TestServer | undefined;
  const site = async (values: Parameters<typeof startTestServer>[1] = {}) =>
    (server = await startTestServer(engine, { ...(await withOperators()), http: { rateLimitPerMinute: 100_000 }, ...values }));
  afterEach(() => server?.stop());

  it('judges no more parallel wrong sign-ins from one address than the limit, then refuses them all', async () => {
    const { url } = await site({ sessions: { maxFailedSignIns: limit } });
    const treasurer = await spaceWithTreasurer(url);
    const wrong = (i: number) => prepared('session.signIn', { orgCode: treasurer.orgCode, ...keys(i) });

    expect(tally(await race(url, 200, wrong))).toEqual({ SIGNIN_FAILED: limit, SIGNIN_THROTTLED: 200 - limit });
    expect(tally(await race(url, 200, wrong))).toEqual({ SIGNIN_THROTTLED: 200 });
    // The right passphrase waits too: the address is blocked, not the guess.
    expect((await refusedSignIn(url, treasurer.orgCode, treasurer.passphrase))?.code).toBe('SIGNIN_THROTTLED');
  });

  it('signs in many members of one address at once: attempts in flight wait their turn, they are not failures', async () => {
    const { url } = await site({ sessions: { maxFailedSignIns: limit } });
    const treasurer = await spaceWithTreasurer(url);
    const right = await preparedBody(url, 'session.signIn', (client) => client.signIn(treasurer.orgCode, treasurer.passphrase));

    expect(tally(await race(url, 100, () => right))).toEqual({ ok: 100 });
    // Successes left nothing behind: the limit of failures is whole.
    const wrong = (i: number) => prepared('session.signIn', { orgCode: treasurer.orgCode, ...keys(i) });
    expect(tally(await race(url, 100, wrong))).toEqual({ SIGNIN_FAILED: limit, SIGNIN_THROTTLED: 100 - limit });
  });

  it('throttles every other check of a secret the same way: sponsorship and contact phrases', async () => {
    const { url } = await site({ sessions: { maxFailedSignIns: 3 * limit } });
    const treasurer = await spaceWithTreasurer(url);
    await sponsor(treasurer.client, {
      phrase: 'a real sponsorship phrase, for someone',
      name: 'Someone',
      kind: 'O',
      partitionId: await defaultPartition(treasurer),
      quotas: { documents: 1, volumeBytes: 1 },
      word: 'hi',
    });
    await setContactPhrase(treasurer.client, treasurer.client.member.avatars[0]!.id, 'the contact phrase of the treasurer');

    const view = (i: number) => prepared('sponsorship.view', { orgCode: treasurer.orgCode, phrase: keys(i) });
    const lookup = (i: number) => prepared('contact.lookup', { phrase: keys(i) }, treasurer.client);
    expect(tally(await race(url, 100, view))).toEqual({ SPONSORSHIP_INVALID: 3 * limit, SIGNIN_THROTTLED: 100 - 3 * limit });
    expect(tally(await race(url, 100, lookup))).toEqual({ SIGNIN_THROTTLED: 100 });
  });

  it('lets through no more requests per minute than the rate limit', async () => {
    const { url } = await site({ http: { rateLimitPerMinute: 120 } });
    expect(tally(await race(url, 200, () => prepared('ping', {})))).toEqual({ ok: 120, RATE_LIMITED: 80 });
  });
});

/** The refusal of a sign-in with the SDK, or undefined when it succeeds. */
async function refusedSignIn(url: string, orgCode: string, passphrase: string) {
  return new IlotClient(url).signIn(orgCode, passphrase).then(
    () => undefined,
    (error: { code: string }) => error,
  );
}
