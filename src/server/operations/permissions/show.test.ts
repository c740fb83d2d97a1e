import { expect, it } from 'vitest';
import { permissionRows, readPermissions } from '../../../client/index.js';
import { permissionKeys } from '../../../domain/permissions.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatedSite, spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';

describeEngines('permissions.show', (engine) => {
  const site = operatedSite(engine);

  it('gives the treasurer every role against every key, with descriptions, defaults and the keys it keeps', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const matrix = await readPermissions(treasurer.client);
    expect(matrix.roles).toEqual([
      { name: 'treasurer', builtIn: true },
      { name: 'delegate', builtIn: true },
      { name: 'member', builtIn: true },
    ]);
    expect(matrix.permissions.map((p) => p.key)).toEqual(permissionKeys);
    expect(matrix.permissions.every((p) => p.description.length > 10)).toBe(true);
    expect(matrix.permissions.filter((p) => p.keptByTreasurer).map((p) => p.key)).toEqual(['permissions.edit', 'audit.read']);
    expect(matrix.cells).toHaveLength(3 * permissionKeys.length);
    expect(matrix.cells.filter((c) => c.overridden || c.allowed !== c.byDefault)).toEqual([]);
    expect(matrix.cells.filter((c) => c.role === 'treasurer').every((c) => c.allowed)).toBe(true);
    expect(matrix.cells.filter((c) => c.role === 'member' && c.allowed)).toEqual([]);
    const sponsorO = permissionRows(matrix).find((row) => row.key === 'sponsor.O')!;
    expect([sponsorO.scope, sponsorO.cells.map((c) => [c.role, c.allowed, c.locked])]).toEqual([
      'partition',
      [
        ['treasurer', true, false],
        ['delegate', true, false],
        ['member', false, false],
      ],
    ]);
    expect(permissionRows(matrix).find((row) => row.key === 'audit.read')!.cells[0]!.locked).toBe(true);
  });

  it('is read by delegates by default, not by members', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const delegate = await sponsored(treasurer, 'Delia', { delegate: true });
    const plain = await sponsored(treasurer, 'Plain');
    expect((await readPermissions(delegate.client)).roles).toHaveLength(3);
    const refused = await refusal(readPermissions(plain.client));
    expect([refused.code, refused.details]).toEqual(['FORBIDDEN', { permission: 'permissions.read' }]);
  });
});
