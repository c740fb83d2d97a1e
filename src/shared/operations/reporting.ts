import { Type } from '@sinclair/typebox';
import { Nullable, OrgCode } from '../protocol.js';
import { defineContract } from './contract.js';

// Contracts of the licence dashboard and the statistics (see contract.ts).

const Gauge = Type.Object({
  used: Nullable(Type.Number({ description: 'null: not known in clear, or not computed yet' })),
  quota: Nullable(Type.Number({ description: 'null: no quota' })),
  level: Type.Union([Type.Literal(0), Type.Literal(75), Type.Literal(90), Type.Literal(100)], {
    description: 'the highest warning threshold reached now (%)',
  }),
});

const Gauges = Type.Object({
  documents: Gauge,
  volumeBytes: Gauge,
  accounts: Gauge,
  monthlyCents: Gauge,
});

/** A warning the daily quota watch reported, standing until the measure falls under its level. */
const Warning = Type.Object({
  partitionId: Nullable(Type.String({ description: "null: the space's own quota" })),
  measure: Type.String(),
  level: Type.Integer(),
  used: Type.Number(),
  quota: Type.Number(),
  reportedAt: Type.Integer(),
});

export const Licence = Type.Object({
  space: Gauges,
  partitions: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      gauges: Gauges,
    }),
    {
      description:
        "Per partition, documents and volume are the quotas given to its accounts (an account's usage is masked); " +
        'its quotas and monthly cost are null until partitions hold a share of the space.',
    },
  ),
  warnings: Type.Array(Warning),
});

export const showLicence = defineContract({
  name: 'licence.show',
  summary: "The space's usage against its quotas, per partition too, with the warnings reported (treasurer)",
  input: Type.Object({}, { additionalProperties: false }),
  output: Licence,
});

export const showSpaceLicence = defineContract({
  name: 'licence.showSpace',
  summary: "A space's usage against its quotas, per partition too, with the warnings reported (operators)",
  input: Type.Object({ orgCode: OrgCode() }, { additionalProperties: false }),
  output: Licence,
});

const Month = () => Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });

/** A range of months, both included; none: all. */
export const MonthRange = Type.Object(
  { fromMonth: Type.Optional(Month()), toMonth: Type.Optional(Month()) },
  { additionalProperties: false },
);

/** The figures a CSV export and the console show, in their order: the space's, then the partitions' own. */
export const statisticsColumns = [
  'accounts',
  'accountsO',
  'accountsA',
  'avatars',
  'contacts',
  'sponsorshipsMade',
  'sponsorshipsAccepted',
  'signIns',
  'reads',
  'writes',
  'uploadedBytes',
  'downloadedBytes',
  'documentsQuota',
  'volumeQuota',
] as const;

const Figures = Type.Record(Type.String(), Type.Number());

export const listStatistics = defineContract({
  name: 'stats.list',
  summary: "The space's monthly figures, and each partition's; past months are frozen",
  input: MonthRange,
  output: Type.Object({
    months: Type.Array(
      Type.Object({
        month: Type.String(),
        frozen: Type.Boolean(),
        figures: Figures,
        partitions: Type.Array(Type.Object({ partitionId: Type.String(), name: Type.String(), figures: Figures })),
      }),
    ),
  }),
});

export const exportStatistics = defineContract({
  name: 'stats.export',
  summary: "Export the space's monthly figures as anonymous CSV (POST /api/exports/stats.csv)",
  input: MonthRange,
  output: Type.Object({ spaceId: Type.Integer(), orgCode: Type.String() }),
});
