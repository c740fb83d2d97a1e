import * as contracts from '../../../shared/operations/fleet.js';
import { hostByName, newEnrolToken, viewHost } from '../../../tower/hosts.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Operators (admin): a new one-time enrolment token for a host (a new machine, or after a revocation); the previous token stops working. */
export const renewEnrolment = defineOperation({
  ...contracts.renewEnrolment,
  access: { plane: 'operator' },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.name,
  async run(input, { tx, now, config }) {
    const host = await hostByName(tx, input.name);
    const enrolment = newEnrolToken(host.id, now, config.fleet.enrolTokenMinutes);
    await tx
      .updateTable('fleet_hosts')
      .set({ enrol_token_hash: enrolment.hash, enrol_expires_at: enrolment.expiresAt })
      .where('id', '=', host.id)
      .execute();
    return {
      host: await viewHost(tx, host, now, config.fleet.offlineAfterSeconds * 1000),
      enrolToken: enrolment.token,
      expiresAt: enrolment.expiresAt,
    };
  },
});
