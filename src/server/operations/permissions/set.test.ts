import { expect, it } from 'vitest';
import { newScopedId } from '../../../shared/ids.js';
import { IlotClient } from '../../../client/client.js';
import { readPermissions, setPermission, sponsor } from '../../../client/index.js';
import { describeEngines, describePostgres } from '../../../../test/support/engines.js';
import { defaultPartition, operatedSite, spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { auditedActions, spaceOf, storedMatrix } from '../../../../test/support/permissions.js';
import { startTestServer } from '../../../../test/support/server.js';

const quotas = { documents: 10, volumeBytes: 1000 };

describeEngines('permissions.set', (engine) => {
  const site = operatedSite(engine);

  it('takes effect on the next request, both ways, and back to the default; each change audited with before and after', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const plain = await sponsored(treasurer, 'Plain');
    const spaceId = spaceOf(treasurer);
    expect((await refusal(plain.client.call('space.setOptions', {}))).code).toBe('FORBIDDEN');

    await setPermission(treasurer.client, 'member', 'space.options', true);
    expect(await plain.client.call('space.setOptions', { lifetimeMonths: 6 })).toMatchObject({ lifetimeMonths: 6 });

    await setPermission(treasurer.client, 'treasurer', 'space.options', false);
    // Every account is a member: the treasurer still holds it while members do.
    expect(await treasurer.client.call('space.setOptions', {})).toMatchObject({ lifetimeMonths: 6 });
    await setPermission(treasurer.client, 'member', 'space.options', null);
    expect((await refusal(treasurer.client.call('space.setOptions', {}))).code).toBe('FORBIDDEN');
    expect((await refusal(plain.client.call('space.setOptions', {}))).code).toBe('FORBIDDEN');
    const matrix = await setPermission(treasurer.client, 'treasurer', 'space.options', null);
    expect(matrix.cells.find((c) => c.role === 'treasurer' && c.permission === 'space.options')).toEqual({
      role: 'treasurer',
      permission: 'space.options',
      allowed: true,
      byDefault: true,
      overridden: false,
    });
    expect(await treasurer.client.call('space.setOptions', {})).toMatchObject({ lifetimeMonths: 6 });

    expect((await storedMatrix(site.server, spaceId)).overrides).toEqual([]);
    expect(await auditedActions(site.server, spaceId, 'permissions.set')).toEqual([
      {
        target: 'member:space.options',
        details: { before: { allowed: false, overridden: false }, after: { allowed: true, overridden: true } },
        result: 'ok',
        errorCode: null,
      },
      {
        target: 'treasurer:space.options',
        details: { before: { allowed: true, overridden: false }, after: { allowed: false, overridden: true } },
        result: 'ok',
        errorCode: null,
      },
      {
        target: 'member:space.options',
        details: { before: { allowed: true, overridden: true }, after: { allowed: false, overridden: false } },
        result: 'ok',
        errorCode: null,
      },
      {
        target: 'treasurer:space.options',
        details: { before: { allowed: false, overridden: true }, after: { allowed: true, overridden: false } },
        result: 'ok',
        errorCode: null,
      },
    ]);
  });

  it('refuses a change that locks the treasurer out, or names an unknown key or role, writing nothing', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const spaceId = spaceOf(treasurer);
    const before = await storedMatrix(site.server, spaceId);
    for (const permission of ['permissions.edit', 'audit.read']) {
      const refused = await refusal(setPermission(treasurer.client, 'treasurer', permission, false));
      expect([refused.code, refused.status, refused.details]).toEqual(['TREASURER_LOCKOUT', 409, { permissions: [permission] }]);
    }
    expect((await refusal(setPermission(treasurer.client, 'treasurer', 'space.destroy', false))).code).toBe('PERMISSION_UNKNOWN');
    expect((await refusal(setPermission(treasurer.client, 'auditor', 'space.options', true))).code).toBe('ROLE_UNKNOWN');
    expect((await refusal(setPermission(treasurer.client, 'Not A Role', 'space.options', true))).code).toBe('VALIDATION_FAILED');
    expect(await storedMatrix(site.server, spaceId)).toEqual(before);
    expect((await auditedActions(site.server, spaceId, 'permissions.set')).map((e) => [e.target, e.result, e.errorCode])).toEqual([
      ['treasurer:permissions.edit', 'error', 'TREASURER_LOCKOUT'],
      ['treasurer:audit.read', 'error', 'TREASURER_LOCKOUT'],
      ['treasurer:space.destroy', 'error', 'PERMISSION_UNKNOWN'],
      ['auditor:space.options', 'error', 'ROLE_UNKNOWN'],
    ]);
    // Overriding a kept key in the treasurer's favour, or clearing it, locks nobody out.
    await setPermission(treasurer.client, 'treasurer', 'audit.read', true);
    await setPermission(treasurer.client, 'treasurer', 'audit.read', null);
  });

  it('is for whoever holds permissions.edit: refused to members and delegates, then allowed to a delegate granted it', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const plain = await sponsored(treasurer, 'Plain');
    const delegate = await sponsored(treasurer, 'Delia', { delegate: true });
    for (const who of [plain, delegate])
      expect((await refusal(setPermission(who.client, 'member', 'sponsor.O', true))).code).toBe('FORBIDDEN');
    await setPermission(treasurer.client, 'delegate', 'permissions.edit', true);
    await setPermission(delegate.client, 'member', 'sponsor.O', true);
    // A delegate who may edit the matrix still cannot lock the treasurer out.
    expect((await refusal(setPermission(delegate.client, 'treasurer', 'permissions.edit', false))).code).toBe('TREASURER_LOCKOUT');
    expect((await readPermissions(treasurer.client)).cells.find((c) => c.role === 'member' && c.permission === 'sponsor.O')?.allowed).toBe(
      true,
    );
  });

  it("scopes the rights of roles other than the treasurer's to their own partition", async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const partitionId = await defaultPartition(treasurer);
    const otherPartition = newScopedId(spaceOf(treasurer), 'partition');
    await site.server.store.db
      .insertInto('partitions')
      .values({ space_id: spaceOf(treasurer), id: otherPartition, name: 'Other', created_at: Date.now() })
      .execute();
    const plain = await sponsored(treasurer, 'Plain');
    const delegate = await sponsored(treasurer, 'Delia', { delegate: true });
    const proposal = (name: string, partition: string) => ({
      phrase: `${name} is sponsored in a partition`,
      name,
      kind: 'O' as const,
      partitionId: partition,
      quotas,
      word: 'w',
    });

    await setPermission(treasurer.client, 'member', 'sponsor.O', true);
    await sponsor(plain.client, proposal('own', partitionId));
    const elsewhere = await refusal(sponsor(plain.client, proposal('elsewhere', otherPartition)));
    expect([elsewhere.code, elsewhere.details]).toEqual(['FORBIDDEN', { permission: 'sponsor.O', partitionId: otherPartition }]);
    await sponsor(treasurer.client, proposal('treasurer', otherPartition));

    await setPermission(treasurer.client, 'delegate', 'sponsor.O', false);
    await setPermission(treasurer.client, 'member', 'sponsor.O', null);
    expect((await refusal(sponsor(delegate.client, proposal('withdrawn', partitionId)))).code).toBe('FORBIDDEN');
  });

  it('keeps the guard under changes sent at once: a role removed while an override names it leaves no override of it', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const spaceId = spaceOf(treasurer);
    for (let round = 0; round < 5; round++) {
      await treasurer.client.call('permissions.addRole', { name: 'aide' });
      const [removed, set, lockout] = await Promise.allSettled([
        treasurer.client.call('permissions.removeRole', { name: 'aide' }),
        setPermission(treasurer.client, 'aide', 'space.options', true),
        setPermission(treasurer.client, 'treasurer', 'audit.read', false),
      ]);
      expect(removed.status).toBe('fulfilled');
      expect(lockout.status).toBe('rejected');
      const stored = await storedMatrix(site.server, spaceId);
      expect(stored.roles).toEqual([]);
      expect(stored.overrides).toEqual([]);
      if (set.status === 'rejected') expect((set.reason as { code: string }).code).toBe('ROLE_UNKNOWN');
    }
  });
});

// Several nodes share one site only on PostgreSQL.
describePostgres('permissions.set on two nodes', (engine) => {
  const site = operatedSite(engine);

  it('takes effect on the next request made to the other node', async () => {
    const other = await startTestServer(engine, { ...(await withOperators()), database: { url: site.server.config.database.url } });
    try {
      const treasurer = await spaceWithTreasurer(site.server.url);
      const plain = await sponsored(treasurer, 'Plain');
      const onOther = new IlotClient(other.url);
      await onOther.signIn(plain.orgCode, plain.passphrase);
      expect((await refusal(onOther.call('permissions.show', {}))).code).toBe('FORBIDDEN');
      await setPermission(treasurer.client, 'member', 'permissions.read', true);
      expect((await onOther.call('permissions.show', {})).roles.map((r) => r.name)).toEqual(['treasurer', 'delegate', 'member']);
      await setPermission(treasurer.client, 'member', 'permissions.read', false);
      expect((await refusal(onOther.call('permissions.show', {}))).code).toBe('FORBIDDEN');
    } finally {
      await other.stop();
    }
  });
});
