import * as contracts from '../../../shared/operations/fleet.js';
import { IlotError } from '../../../shared/errors.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * An agent: the release archive of a deploy it holds (delivered or running), for the route that
 * streams it. Any other command, or another host's, is unknown to it.
 */
export const agentRelease = defineOperation({
  ...contracts.agentRelease,
  access: { plane: 'agent' },
  effect: 'read',
  async run(input, { tx, agentHost }) {
    const row = await tx
      .selectFrom('fleet_commands')
      .innerJoin('fleet_app_versions', (join) =>
        join.onRef('fleet_app_versions.app', '=', 'fleet_commands.app').on('fleet_commands.type', '=', 'deploy'),
      )
      .select(['fleet_commands.args', 'fleet_app_versions.version', 'fleet_app_versions.archive_path', 'fleet_app_versions.sha256'])
      .where('fleet_commands.id', '=', input.commandId)
      .where('fleet_commands.host_id', '=', agentHost)
      .where('fleet_commands.state', 'in', ['delivered', 'running'])
      .execute();
    const release = row.find((r) => (JSON.parse(r.args) as { version: string }).version === r.version);
    if (!release) throw new IlotError('AGENT_COMMAND_UNKNOWN', undefined, { commandId: input.commandId });
    return { archivePath: release.archive_path, sha256: release.sha256, version: release.version };
  },
});
