import { expect, it } from 'vitest';
import { myPermissions, setPermission } from '../../../client/permissions.js';
import { permissionDefinitions, permissionKeys } from '../../../domain/permissions.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatedSite, spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';

describeEngines('permissions.mine', (engine) => {
  const site = operatedSite(engine);

  it("gives each member the keys its roles hold, and follows the space's overrides from the next request", async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const delia = await sponsored(treasurer, 'Delia', { delegate: true });
    const bob = await sponsored(treasurer, 'Bob');
    const delegateKeys = permissionKeys.filter((key) => (permissionDefinitions[key].defaults as readonly string[]).includes('delegate'));

    expect(await myPermissions(treasurer.client)).toEqual(permissionKeys);
    expect(await myPermissions(delia.client)).toEqual(delegateKeys);
    expect(await myPermissions(bob.client)).toEqual([]);

    await setPermission(treasurer.client, 'delegate', 'audit.read', true);
    await setPermission(treasurer.client, 'delegate', 'notify.account', false);
    expect(await myPermissions(delia.client)).toEqual(
      permissionKeys.filter((key) => key === 'audit.read' || (key !== 'notify.account' && delegateKeys.includes(key))),
    );
  });
});
