import { expect, it } from 'vitest';
import { addRole, readPermissions } from '../../../client/index.js';
import { maxCustomRoles } from '../../../domain/permissions.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatedSite, spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';
import { auditedActions, spaceOf, storedMatrix } from '../../../../test/support/permissions.js';

describeEngines('permissions.addRole', (engine) => {
  const site = operatedSite(engine);

  it('adds a custom role holding nothing of its own, audited with the roles before and after', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const matrix = await addRole(treasurer.client, 'auditor');
    expect(matrix.roles.at(-1)).toEqual({ name: 'auditor', builtIn: false });
    expect(matrix.cells.filter((c) => c.role === 'auditor' && c.allowed)).toEqual([]);
    await addRole(treasurer.client, 'clerk-2');
    expect((await readPermissions(treasurer.client)).roles.map((r) => r.name)).toEqual([
      'treasurer',
      'delegate',
      'member',
      'auditor',
      'clerk-2',
    ]);
    expect((await auditedActions(site.server, spaceOf(treasurer), 'permissions.addRole')).map((e) => e.details)).toEqual([
      { before: { roles: [] }, after: { roles: ['auditor'] } },
      { before: { roles: ['auditor'] }, after: { roles: ['auditor', 'clerk-2'] } },
    ]);
  });

  it('refuses a name taken, a bad name, one role too many, and members, writing nothing', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const spaceId = spaceOf(treasurer);
    const plain = await sponsored(treasurer, 'Plain');
    expect((await refusal(addRole(plain.client, 'auditor'))).code).toBe('FORBIDDEN');
    for (let n = 0; n < maxCustomRoles; n++) await addRole(treasurer.client, `role-${n}`);
    const before = await storedMatrix(site.server, spaceId);
    expect((await refusal(addRole(treasurer.client, 'one-more'))).code).toBe('ROLES_TOO_MANY');
    expect((await refusal(addRole(treasurer.client, 'role-3'))).code).toBe('ROLE_EXISTS');
    expect((await refusal(addRole(treasurer.client, 'delegate'))).code).toBe('ROLE_EXISTS');
    for (const name of ['Auditor', '9lives', 'a', 'x'.repeat(25), 'two words'])
      expect((await refusal(addRole(treasurer.client, name))).code, name).toBe('VALIDATION_FAILED');
    expect(await storedMatrix(site.server, spaceId)).toEqual(before);
  });
});
