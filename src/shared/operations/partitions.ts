import { Type } from '@sinclair/typebox';
import { ByteSize, Count, Timestamp } from '../integers.js';
import { ScopedId } from '../ids.js';
import { Nullable } from '../protocol.js';
import { defineContract } from './contract.js';
import { RestrictionView } from './notifications.js';
import { SpaceOptions } from './spaces.js';

// Contracts of partitions, delegates, O accounts' quotas and switches between O and A (PRODUCT.md G).
// The sums always hold: the quotas of a partition's accounts ≤ the partition's, and the partitions'
// ≤ the space's less the share kept for A accounts.

/** Quotas given to a partition, an account or the A accounts' share. */
export const ShareQuotas = Type.Object(
  {
    documents: Count(1e9, { description: 'documents (notes, chats, group participations)' }),
    volumeBytes: ByteSize({ description: 'file volume' }),
  },
  { additionalProperties: false },
);

const partitionId = ScopedId({ description: 'a partition of the space' });
const accountId = ScopedId({ description: 'an account of the space' });
const PartitionName = Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' });

export const PartitionView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Type.Integer(),
  archived: Type.Boolean(),
  quotas: ShareQuotas,
  /** What its O accounts' quotas add up to. */
  allocated: ShareQuotas,
  accounts: Type.Integer(),
  delegates: Type.Array(Type.Object({ id: Type.String(), name: Nullable(Type.String({ description: "its primary avatar's name" })) })),
});

export const createPartition = defineContract({
  name: 'partition.create',
  summary: "Create a partition with its share of the space's quotas",
  input: Type.Object({ name: PartitionName, quotas: ShareQuotas }, { additionalProperties: false }),
  output: PartitionView,
});

export const renamePartition = defineContract({
  name: 'partition.rename',
  summary: 'Rename a partition',
  input: Type.Object({ partitionId, name: PartitionName }, { additionalProperties: false }),
  output: PartitionView,
});

export const setPartitionArchived = defineContract({
  name: 'partition.setArchived',
  summary: 'Archive a partition (no new account, delegate or quota rise; its accounts live on), or bring it back',
  input: Type.Object({ partitionId, archived: Type.Boolean() }, { additionalProperties: false }),
  output: PartitionView,
});

export const setPartitionQuotas = defineContract({
  name: 'partition.setQuotas',
  summary: "Set a partition's share of the space's quotas",
  input: Type.Object({ partitionId, quotas: ShareQuotas }, { additionalProperties: false }),
  output: PartitionView,
});

/** The space's quotas (null: unbounded) against the A accounts' share and what the partitions take. */
export const SpaceShares = Type.Object({
  space: Type.Object({ documents: Nullable(Type.Integer()), volumeBytes: Nullable(Type.Integer()) }),
  aShare: ShareQuotas,
  partitions: ShareQuotas,
});

export const setAShare = defineContract({
  name: 'partition.setAShare',
  summary: "Reserve a share of the space's quotas for A accounts",
  input: Type.Object({ quotas: ShareQuotas }, { additionalProperties: false }),
  output: SpaceShares,
});

export const partitionOverview = defineContract({
  name: 'partition.overview',
  summary: "The partitions the member may see, with their quotas; the space's shares and options for the treasurer",
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({
    shares: Nullable(SpaceShares),
    options: Nullable(SpaceOptions),
    partitions: Type.Array(PartitionView),
  }),
});

export const partitionAccounts = defineContract({
  name: 'partition.accounts',
  summary: 'The O accounts of a partition with their quotas, costs of the month and restrictions',
  input: Type.Object({ partitionId }, { additionalProperties: false }),
  output: Type.Object({
    accounts: Type.Array(
      Type.Object({
        id: Type.String(),
        name: Nullable(Type.String({ description: "its primary avatar's name" })),
        delegate: Type.Boolean(),
        quotas: ShareQuotas,
        consumptionLimit: Nullable(Type.Integer({ description: 'millicents a month' })),
        month: Type.Object(
          {
            subscription: Type.Integer({ description: 'millicents charged so far' }),
            consumption: Nullable(Type.Integer({ description: 'millicents, once settled' })),
          },
          { description: 'costs of the month so far, in clear (its usage itself is masked)' },
        ),
        restrictions: Type.Array(RestrictionView, { description: 'from its partition, its own notification and its costs' }),
      }),
    ),
  }),
});

export const setDelegate = defineContract({
  name: 'partition.setDelegate',
  summary: 'Name an O account of a partition its delegate, or remove it',
  input: Type.Object({ partitionId, accountId, delegate: Type.Boolean() }, { additionalProperties: false }),
  output: Type.Object({ accountId: Type.String(), delegate: Type.Boolean() }),
});

export const setAccountQuotas = defineContract({
  name: 'account.setQuotas',
  summary: 'Set the quotas of an O account of a partition',
  input: Type.Object({ partitionId, accountId, quotas: ShareQuotas }, { additionalProperties: false }),
  output: Type.Object({ accountId: Type.String(), quotas: ShareQuotas }),
});

export const agreeToSwitch = defineContract({
  name: 'account.agreeToSwitch',
  summary: 'The account agrees to switch kind: consent to become A (an O account), or a request to become O (an A account)',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({ to: Type.Union([Type.Literal('O'), Type.Literal('A')]), expiresAt: Timestamp() }),
});

export const switchToA = defineContract({
  name: 'account.switchToA',
  summary: 'Switch an O account of a partition to A (with its consent when the space asks for it)',
  input: Type.Object({ partitionId, accountId }, { additionalProperties: false }),
  output: Type.Object({ accountId: Type.String(), kind: Type.Literal('A') }),
});

export const switchToO = defineContract({
  name: 'account.switchToO',
  summary: 'Take an A account that asked for it into a partition as an O account, with its quotas',
  input: Type.Object({ partitionId, accountId, quotas: ShareQuotas }, { additionalProperties: false }),
  output: Type.Object({ accountId: Type.String(), kind: Type.Literal('O'), partitionId: Type.String() }),
});
