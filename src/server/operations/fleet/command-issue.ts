import { randomBytes } from 'node:crypto';
import * as contracts from '../../../shared/operations/fleet.js';
import { IlotError } from '../../../shared/errors.js';
import { appByName, requireVersion } from '../../../tower/apps.js';
import { commandView, defaultExpiryMs, defaultTimeoutMs, hostIsBusy, queueCommand, whyPending } from '../../../tower/commands.js';
import { hostByName } from '../../../tower/hosts.js';
import { requireCommandPermission } from '../../../tower/permissions.js';
import { defineOperation } from '../../pipeline/operation.js';
import { actorOf } from '../../pipeline/principal.js';

/**
 * Operators (admin): queues a typed command for a host, if a permission of the operator covers the
 * app on that host. Sent again with the same id, it gives back the same command and queues nothing.
 */
export const issueCommand = defineOperation({
  ...contracts.issueCommand,
  access: { plane: 'operator' },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.host,
  async run(input, { tx, now, config, principal, notify, describe }) {
    const host = await hostByName(tx, input.host);
    const { command } = input;
    const app = 'app' in command ? await appByName(tx, command.app) : null;
    await requireCommandPermission(tx, actorOf(principal).actor, app?.name ?? null, host);
    // A process app is a program the driver runs: it has no releases to deploy and no backups.
    if (app?.kind === 'process' && (command.type === 'deploy' || command.type === 'backup')) throw new IlotError('FLEET_APP_KIND');
    if (command.type === 'deploy') await requireVersion(tx, command.app, command.version);
    const id = input.id ?? randomBytes(12).toString('base64url');
    const { row, created } = await queueCommand(
      tx,
      {
        id,
        host,
        spec: command,
        issuedBy: actorOf(principal).actor,
        timeoutMs: (input.timeoutSeconds ?? defaultTimeoutMs / 1000) * 1000,
        expiresAt: now + (input.expiresInSeconds ?? defaultExpiryMs / 1000) * 1000,
      },
      now,
    );
    if (created) notify({ spaceId: 0, fleetHost: host.id });
    describe(host.name, { id, type: command.type, ...(created ? {} : { again: true }) });
    return commandView(row, host.name, whyPending(host, await hostIsBusy(tx, host.id), now, config.fleet.offlineAfterSeconds * 1000));
  },
});
