import { expect, it } from 'vitest';
import { newScopedId } from '../../../shared/ids.js';
import { addRole, readPermissions, setAccountRoles, setPermission } from '../../../client/index.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { accountRow, operatedSite, spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';
import { auditedActions, spaceOf } from '../../../../test/support/permissions.js';

describeEngines('permissions.setAccountRoles', (engine) => {
  const site = operatedSite(engine);

  it('gives and takes custom roles, which grant their keys from the next request on; built-in roles stay', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const delegate = await sponsored(treasurer, 'Delia', { delegate: true });
    await addRole(treasurer.client, 'auditor');
    await addRole(treasurer.client, 'clerk');
    await setPermission(treasurer.client, 'auditor', 'space.options', true);
    expect((await refusal(delegate.client.call('space.setOptions', {}))).code).toBe('FORBIDDEN');

    expect(await setAccountRoles(treasurer.client, delegate.client.member.id, ['auditor', 'clerk'])).toEqual([
      'delegate',
      'auditor',
      'clerk',
    ]);
    expect(await delegate.client.call('space.setOptions', {})).toMatchObject({ lifetimeMonths: 12 });
    expect(await delegate.client.call('account.show', {})).toMatchObject({ roles: ['delegate', 'auditor', 'clerk'] });

    expect(await setAccountRoles(treasurer.client, delegate.client.member.id, ['clerk'])).toEqual(['delegate', 'clerk']);
    expect((await refusal(delegate.client.call('space.setOptions', {}))).code).toBe('FORBIDDEN');
    expect((await readPermissions(delegate.client)).roles).toHaveLength(5);

    expect(await setAccountRoles(treasurer.client, treasurer.client.member.id, ['auditor'])).toEqual(['treasurer', 'auditor']);
    expect((await accountRow(site.server, treasurer)).roles).toBe('treasurer,auditor');
    expect(
      (await auditedActions(site.server, spaceOf(treasurer), 'permissions.setAccountRoles')).map((e) => [e.target, e.details]),
    ).toEqual([
      [delegate.client.member.id, { before: { roles: [] }, after: { roles: ['auditor', 'clerk'] } }],
      [delegate.client.member.id, { before: { roles: ['auditor', 'clerk'] }, after: { roles: ['clerk'] } }],
      [treasurer.client.member.id, { before: { roles: [] }, after: { roles: ['auditor'] } }],
    ]);
  });

  it('refuses built-in and unknown roles, unknown accounts, accounts of another space, and members, writing nothing', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const other = await spaceWithTreasurer(site.server.url);
    const plain = await sponsored(treasurer, 'Plain');
    await addRole(treasurer.client, 'auditor');
    const id = plain.client.member.id;
    for (const role of ['treasurer', 'delegate', 'member'])
      expect((await refusal(setAccountRoles(treasurer.client, id, [role]))).code).toBe('ROLE_BUILT_IN');
    expect((await refusal(setAccountRoles(treasurer.client, id, ['auditor', 'clerk']))).code).toBe('ROLE_UNKNOWN');
    expect((await refusal(setAccountRoles(treasurer.client, newScopedId(spaceOf(treasurer), 'account'), ['auditor']))).code).toBe(
      'ACCOUNT_NOT_FOUND',
    );
    expect((await refusal(setAccountRoles(treasurer.client, other.client.member.id, ['auditor']))).code).toBe('CROSS_SPACE');
    expect((await refusal(setAccountRoles(plain.client, id, ['auditor']))).code).toBe('FORBIDDEN');
    expect((await refusal(setAccountRoles(treasurer.client, id, ['auditor', 'auditor']))).code).toBe('VALIDATION_FAILED');
    expect((await accountRow(site.server, plain)).roles).toBe('');
    expect((await accountRow(site.server, other)).roles).toBe('treasurer');
  });
});
