import { afterAll, beforeAll, expect, it } from 'vitest';
import { issueTicket } from '../../src/client/costs.js';
import { describeEngines } from '../support/engines.js';
import { spaceWithTreasurer } from '../support/members.js';
import { withOperatorsUnthrottled } from '../support/operators.js';
import { prepared, race, tally } from '../support/race.js';
import { startTestServer, type TestServer } from '../support/server.js';

// The same payment recorded many times at once (a double click, two treasurers' sessions): the
// ticket's code is unique in the transaction, so exactly one recording succeeds.

describeEngines('ticket recording under concurrent requests', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, await withOperatorsUnthrottled());
  });
  afterAll(() => server.stop());

  it('records a ticket once', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const ticket = issueTicket(1250);
    const answers = await race(server.url, 20, () => prepared('ticket.record', ticket, treasurer.client));
    expect(tally(answers)).toEqual({ ok: 1, TICKET_ALREADY_RECORDED: 19 });
    const status = await treasurer.client.call('ticket.status', { orgCode: treasurer.orgCode, code: ticket.code });
    expect(status).toMatchObject({ amountCents: 1250, redeemed: false });
    expect(await server.store.db.selectFrom('tickets').select('amount_cents').execute()).toEqual([{ amount_cents: 1250 }]);
  });
});
