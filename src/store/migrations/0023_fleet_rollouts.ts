import type { Kysely } from 'kysely';

// Rolling deploys: a rollout deploys a version on the hosts of a label in batches; its commands
// carry its id and their batch, and a batch is delivered only once the one before it succeeded.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('fleet_rollouts')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('owner_space', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('app', 'varchar(40)', (c) => c.notNull().references('fleet_apps.name'))
    .addColumn('version', 'varchar(40)', (c) => c.notNull())
    .addColumn('label', 'varchar(100)', (c) => c.notNull())
    .addColumn('max_unavailable', 'integer', (c) => c.notNull())
    .addColumn('state', 'varchar(12)', (c) => c.notNull())
    .addColumn('current_batch', 'integer', (c) => c.notNull())
    .addColumn('batches', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('issued_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .execute();
  await db.schema.alterTable('fleet_commands').addColumn('rollout_id', 'varchar(40)').execute();
  await db.schema.alterTable('fleet_commands').addColumn('batch', 'integer').execute();
  await db.schema.createIndex('fleet_commands_rollout').on('fleet_commands').columns(['rollout_id', 'batch']).execute();
}
