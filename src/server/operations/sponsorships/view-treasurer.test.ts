import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatorClient, refusal, withOperators } from '../../../../test/support/operators.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

const quotas = { documents: 100, volumeBytes: 1_000_000, monthlyCents: 100, maxAccounts: 5 };

describeEngines('sponsorship.viewTreasurer', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it('shows the future treasurer the space’s quotas and notification, until the sponsorship is used', async () => {
    const operator = await operatorClient(server.url, 'alice');
    const sponsorship = 'the sponsorship phrase of the new treasurer';
    await operator.openSpace('viewed', quotas, sponsorship);
    const person = new IlotClient(server.url);
    expect(await person.viewTreasurerSponsorship('viewed', sponsorship)).toEqual({ orgCode: 'viewed', quotas, notification: null });
    await operator.call('space.setNotification', { orgCode: 'viewed', text: 'Bienvenue' });
    expect((await person.viewTreasurerSponsorship('viewed', sponsorship)).notification).toBe('Bienvenue');

    expect((await refusal(person.viewTreasurerSponsorship('viewed', 'not the sponsorship phrase at all'))).code).toBe(
      'SPONSORSHIP_INVALID',
    );
    expect((await refusal(person.viewTreasurerSponsorship('nosuchspace', sponsorship))).code).toBe('SPONSORSHIP_INVALID');
    await person.createTreasurer('viewed', sponsorship, 'the passphrase of the new treasurer');
    expect((await refusal(person.viewTreasurerSponsorship('viewed', sponsorship))).code).toBe('SPONSORSHIP_INVALID');
  });
});
