import { expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatedSite, spaceWithTreasurer } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';

describeEngines('space.close', (engine) => {
  // No task runs here: the purge the closing requests stays queued.
  const site = operatedSite(engine, { tasks: { enabled: false } });

  it('closes a space: the purge is requested, sign-ins get only the message, and nothing changes any more', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const { orgCode, operator } = treasurer;
    const closed = await operator.call('space.close', { orgCode, message: 'Nous avons déménagé', newAddress: 'https://ilot.example.org' });
    expect(closed).toMatchObject({
      state: 'closed',
      closingMessage: 'Nous avons déménagé',
      newAddress: 'https://ilot.example.org',
      closedAt: expect.any(Number),
    });
    const db = site.server.store.db;
    expect(
      (await db.selectFrom('spaces').select('purge_requested_at').where('org_code', '=', orgCode).executeTakeFirstOrThrow())
        .purge_requested_at,
    ).toBe(closed.closedAt);
    expect(
      await db.selectFrom('tasks').select(['kind', 'space_id', 'target', 'state']).where('kind', '=', 'purge.space').execute(),
    ).toEqual([{ kind: 'purge.space', space_id: closed.number, target: String(closed.number), state: 'pending' }]);

    const signIn = await refusal(new IlotClient(site.server.url).signIn(orgCode, treasurer.passphrase));
    expect([signIn.code, signIn.message, signIn.details]).toEqual([
      'SPACE_CLOSED',
      'Nous avons déménagé',
      { message: 'Nous avons déménagé', newAddress: 'https://ilot.example.org' },
    ]);
    expect((await refusal(operator.call('space.setReadOnly', { orgCode, readOnly: true }))).code).toBe('SPACE_CLOSED');
    expect((await refusal(operator.call('space.close', { orgCode, message: 'encore' }))).code).toBe('SPACE_CLOSED');
    const audit = await db
      .selectFrom('audit_entries')
      .select(['action', 'result', 'error_code'])
      .where('space_id', '=', 0)
      .where('target', '=', orgCode)
      .where('action', '!=', 'space.open')
      .orderBy('seq')
      .execute();
    expect(audit).toEqual([
      { action: 'space.close', result: 'ok', error_code: null },
      { action: 'space.setReadOnly', result: 'error', error_code: 'SPACE_CLOSED' },
      { action: 'space.close', result: 'error', error_code: 'SPACE_CLOSED' },
    ]);
  });

  it('refuses observers and an address that is not a web one', async () => {
    const { orgCode, operator } = await spaceWithTreasurer(site.server.url);
    expect((await refusal(site.oscar.call('space.close', { orgCode, message: 'Fermé' }))).code).toBe('FORBIDDEN');
    expect((await refusal(operator.call('space.close', { orgCode, message: 'Fermé', newAddress: 'ftp://ilot.example.org' }))).code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await site.oscar.call('space.show', { orgCode })).state).toBe('open');
  });
});
