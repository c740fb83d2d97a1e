import * as contracts from '../../../shared/operations/fleet.js';
import { IlotError } from '../../../shared/errors.js';
import { newEnrolToken, newFleetId, ownerSpaceOf, viewHost, type HostRow } from '../../../tower/hosts.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Operators (admin): adds a host to the provider's fleet or an organization's, with its one-time enrolment token. */
export const addHost = defineOperation({
  ...contracts.addHost,
  access: { plane: 'operator' },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.name,
  async run(input, { tx, now, config, describe }) {
    const owner = await ownerSpaceOf(tx, input.orgCode);
    const taken = await tx.selectFrom('fleet_hosts').select('id').where('name', '=', input.name).executeTakeFirst();
    if (taken) throw new IlotError('FLEET_HOST_EXISTS');
    const id = newFleetId();
    const enrolment = newEnrolToken(id, now, config.fleet.enrolTokenMinutes);
    const host: HostRow = {
      id,
      name: input.name,
      space_id: owner,
      labels: JSON.stringify(input.labels ?? []),
      agent_version: null,
      last_contact_at: null,
      inventory: null,
      enrol_token_hash: enrolment.hash,
      enrol_expires_at: enrolment.expiresAt,
      enrolled_at: null,
      credential_hash: null,
      revoked_at: null,
      last_seq: 0,
      created_at: now,
    };
    await tx.insertInto('fleet_hosts').values(host).execute();
    describe(input.name, { id, labels: input.labels ?? [], ...(input.orgCode ? { orgCode: input.orgCode } : {}) });
    return {
      host: await viewHost(tx, host, now, config.fleet.offlineAfterSeconds * 1000),
      enrolToken: enrolment.token,
      expiresAt: enrolment.expiresAt,
    };
  },
});
