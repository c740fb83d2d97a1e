import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox';
import type { Updateable } from 'kysely';
import { IlotError } from '../../../shared/errors.js';
import { Nullable, OrgCode } from '../../../shared/protocol.js';
import type { SpacesTable } from '../../../store/schema.js';
import { spaceByOrgCode } from '../../../domain/spaces.js';
import { defineOperation, type AnyOperation } from '../../pipeline/operation.js';
import type { DeferredTask } from '../../../domain/task-queue.js';
import { Quotas, SpaceView, quotaColumns, spaceView } from '../../../domain/space-views.js';

type SpaceChanges = Omit<Updateable<SpacesTable>, 'id' | 'org_code' | 'created_at'>;

/**
 * An operator's change to a space: audited, refused on a closed space, answered with the space as
 * it now is. Each declares only its input and the columns it sets.
 */
function spaceChange<P extends TProperties>(
  name: string,
  summary: string,
  fields: P,
  changes: (input: Static<TObject<P>>, now: number) => SpaceChanges,
  queue?: (spaceId: number) => DeferredTask,
): AnyOperation {
  return defineOperation({
    name,
    summary,
    access: { plane: 'operator' },
    effect: 'write',
    audit: true,
    auditTarget: (input) => (input as { orgCode: string }).orgCode,
    input: Type.Object({ orgCode: OrgCode(), ...fields } as TProperties, { additionalProperties: false }),
    output: SpaceView,
    async run(input, { tx, now, describe, defer }) {
      const { orgCode, ...rest } = input as { orgCode: string };
      describe(orgCode, rest);
      const space = await spaceByOrgCode(tx, orgCode);
      if (space.closed_at !== null) throw new IlotError('SPACE_CLOSED', 'This space is closed: it can no longer be changed.');
      await tx.updateTable('spaces').set(changes(input as Static<TObject<P>>, now)).where('id', '=', space.id).execute();
      if (queue) await defer(queue(space.id));
      return spaceView(tx, await spaceByOrgCode(tx, orgCode));
    },
  });
}

export const setQuotas = spaceChange('space.setQuotas', 'Change the agreed quotas of a space', { quotas: Quotas }, ({ quotas }) => quotaColumns(quotas));

export const setNotification = spaceChange(
  'space.setNotification',
  'Post (text) or clear (null) the notification every account of a space sees',
  { text: Nullable(Type.String({ minLength: 1, maxLength: 2000 })) },
  ({ text }, now) => ({ notification: text, notification_at: text === null ? null : now }),
);

export const setSigninBan = spaceChange(
  'space.setSigninBan',
  'Forbid every sign-in from a date (milliseconds since 1970), or lift it (null)',
  { from: Nullable(Type.Integer({ minimum: 0 })) },
  ({ from }) => ({ signin_ban_at: from }),
);

export const setReadOnly = spaceChange('space.setReadOnly', 'Set or lift read-only: data can be consulted, not changed', { readOnly: Type.Boolean() }, ({ readOnly }) => ({
  read_only: readOnly ? 1 : 0,
}));

export const setFrozen = spaceChange('space.setFrozen', 'Freeze or unfreeze: nothing can be written, sign-ins no longer extend lifetimes', { frozen: Type.Boolean() }, ({ frozen }) => ({
  frozen: frozen ? 1 : 0,
}));

/** Closing keeps only the message (and new address); the purge of the data is requested for the task engine. */
export const closeSpace = spaceChange(
  'space.close',
  'Close a space: its data is purged by a task; only the message remains',
  { message: Type.String({ minLength: 1, maxLength: 2000 }), newAddress: Type.Optional(Type.String({ pattern: '^https?://\\S{1,290}$' })) },
  ({ message, newAddress }, now) => ({ closed_at: now, closing_message: message, new_address: newAddress ?? null, purge_requested_at: now }),
  (spaceId) => ({ kind: 'purge.space', spaceId, target: String(spaceId) }),
);
