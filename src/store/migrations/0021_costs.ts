import type { Kysely } from 'kysely';

// Costs and balances (domain/costs.ts) and anonymous payments (domain/tickets.ts). Every amount is
// in millicents but tickets', in cents as paid. `account_costs` holds, per account and month, the
// subscription charged day by day (from quotas, in clear) and the consumption cost once settled by
// a session of the account (its consumption is masked: only such a session can read it). Tickets
// and spent credits name no account: see docs/security.md.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('consumption_limit', 'bigint').execute();
  await db.schema
    .createTable('account_costs')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('account_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('month', 'varchar(7)', (c) => c.notNull())
    .addColumn('subscription', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('consumption', 'bigint')
    .addColumn('charged_day', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('account_costs_pk', ['space_id', 'account_id', 'month'])
    .execute();
  await db.schema
    .createTable('account_balances')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('account_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('credits', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('gifts', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('costs', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('account_balances_pk', ['space_id', 'account_id'])
    .execute();
  await db.schema
    .createTable('tickets')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('code_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('amount_cents', 'bigint', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .addColumn('redeemed_at', 'bigint')
    .addPrimaryKeyConstraint('tickets_pk', ['space_id', 'code_hash'])
    .execute();
  await db.schema
    .createTable('spent_credits')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull())
    .addPrimaryKeyConstraint('spent_credits_pk', ['space_id', 'token_hash'])
    .execute();
  await db.schema
    .createTable('credit_keys')
    .addColumn('space_id', 'integer', (c) => c.notNull().primaryKey().references('spaces.id'))
    .addColumn('private_key', 'text', (c) => c.notNull())
    .execute();
}
