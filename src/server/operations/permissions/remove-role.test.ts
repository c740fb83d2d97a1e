import { expect, it } from 'vitest';
import { addRole, removeRole, setAccountRoles, setPermission } from '../../../client/index.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatedSite, spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';
import { auditedActions, spaceOf, storedMatrix } from '../../../../test/support/permissions.js';

describeEngines('permissions.removeRole', (engine) => {
  const site = operatedSite(engine);

  it('removes a custom role with its overrides, audited with what it held', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const spaceId = spaceOf(treasurer);
    await addRole(treasurer.client, 'auditor');
    await setPermission(treasurer.client, 'auditor', 'permissions.read', true);
    const matrix = await removeRole(treasurer.client, 'auditor');
    expect(matrix.roles.map((r) => r.name)).toEqual(['treasurer', 'delegate', 'member']);
    expect(await storedMatrix(site.server, spaceId)).toMatchObject({ roles: [], overrides: [] });
    expect((await auditedActions(site.server, spaceId, 'permissions.removeRole')).map((e) => [e.target, e.details])).toEqual([
      [
        'auditor',
        {
          before: { roles: ['auditor'], overrides: [{ role: 'auditor', permission: 'permissions.read', allowed: true }] },
          after: { roles: [] },
        },
      ],
    ]);
  });

  it('refuses a role an account holds, a built-in or unknown role, and members, writing nothing', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const spaceId = spaceOf(treasurer);
    const plain = await sponsored(treasurer, 'Plain');
    await addRole(treasurer.client, 'auditor');
    await setAccountRoles(treasurer.client, plain.client.member.id, ['auditor']);
    const before = await storedMatrix(site.server, spaceId);
    const inUse = await refusal(removeRole(treasurer.client, 'auditor'));
    expect([inUse.code, inUse.details]).toEqual(['ROLE_IN_USE', { role: 'auditor', accounts: 1 }]);
    for (const name of ['treasurer', 'delegate', 'member'])
      expect((await refusal(removeRole(treasurer.client, name))).code).toBe('ROLE_BUILT_IN');
    expect((await refusal(removeRole(treasurer.client, 'clerk'))).code).toBe('ROLE_UNKNOWN');
    expect((await refusal(removeRole(plain.client, 'auditor'))).code).toBe('FORBIDDEN');
    expect(await storedMatrix(site.server, spaceId)).toEqual(before);
    await setAccountRoles(treasurer.client, plain.client.member.id, []);
    await removeRole(treasurer.client, 'auditor');
  });

  it('never leaves an account holding a removed role when both are sent at once', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const plain = await sponsored(treasurer, 'Plain');
    for (let round = 0; round < 6; round++) {
      await addRole(treasurer.client, 'aide');
      const [removed, given] = await Promise.allSettled([
        removeRole(treasurer.client, 'aide'),
        setAccountRoles(treasurer.client, plain.client.member.id, ['aide']),
      ]);
      const codes = [removed, given].map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as { code: string }).code));
      const row = await site.server.store.db
        .selectFrom('accounts')
        .select('roles')
        .where('id', '=', plain.client.member.id)
        .executeTakeFirstOrThrow();
      const roles = (await storedMatrix(site.server, spaceOf(treasurer))).roles;
      // Either the role went first (the grant finds it unknown) or the grant did (the removal finds it held).
      expect([
        ['ok', 'ROLE_UNKNOWN'],
        ['ROLE_IN_USE', 'ok'],
      ]).toContainEqual(codes);
      expect(row.roles === 'aide').toBe(roles.includes('aide'));
      if (row.roles === 'aide') {
        await setAccountRoles(treasurer.client, plain.client.member.id, []);
        await removeRole(treasurer.client, 'aide');
      }
    }
  });
});
