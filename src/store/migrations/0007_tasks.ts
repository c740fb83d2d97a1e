import type { Kysely } from 'kysely';

// The task engine: one durable queue for deferred and daily tasks, the history of their runs, and
// what the daily tasks keep (audit-chain checkpoints, monthly statistics of spaces).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tasks')
    .addColumn('space_id', 'integer', (c) => c.notNull())
    .addColumn('id', 'varchar(24)', (c) => c.notNull())
    .addColumn('kind', 'varchar(40)', (c) => c.notNull())
    .addColumn('target', 'varchar(40)')
    .addColumn('dedup', 'varchar(120)', (c) => c.notNull())
    .addColumn('daily', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('state', 'varchar(12)', (c) => c.notNull())
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_owner', 'varchar(64)')
    .addColumn('lease_until', 'bigint')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress', 'text')
    .addColumn('items', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_run_at', 'bigint')
    .addColumn('last_duration_ms', 'integer')
    .addColumn('last_items', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('last_stack', 'text')
    .addColumn('last_success_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addPrimaryKeyConstraint('tasks_pk', ['space_id', 'id'])
    .execute();
  await db.schema.createIndex('tasks_due').on('tasks').columns(['state', 'run_at']).execute();
  await db.schema.createIndex('tasks_dedup').on('tasks').column('dedup').unique().execute();
  await db.schema.createIndex('tasks_id').on('tasks').column('id').unique().execute();

  await db.schema
    .createTable('task_runs')
    .addColumn('space_id', 'integer', (c) => c.notNull())
    .addColumn('task_id', 'varchar(24)', (c) => c.notNull())
    .addColumn('id', 'varchar(24)', (c) => c.notNull())
    .addColumn('kind', 'varchar(40)', (c) => c.notNull())
    .addColumn('node', 'varchar(64)', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addColumn('items', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('result', 'varchar(12)', (c) => c.notNull())
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('task_runs_pk', ['space_id', 'task_id', 'id'])
    .execute();
  await db.schema.createIndex('task_runs_started').on('task_runs').column('started_at').execute();
  // The daily scan for accounts past their lifetime.
  await db.schema.createIndex('accounts_expiry').on('accounts').column('expires_at').execute();

  await db.schema
    .createTable('audit_checkpoints')
    .addColumn('space_id', 'integer', (c) => c.notNull().primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('space_stats')
    .addColumn('space_id', 'integer', (c) => c.notNull())
    .addColumn('month', 'varchar(7)', (c) => c.notNull())
    .addColumn('figures', 'text', (c) => c.notNull())
    .addColumn('frozen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('computed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('space_stats_pk', ['space_id', 'month'])
    .execute();
}
