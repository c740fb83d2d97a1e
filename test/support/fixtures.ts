import { Type, type TProperties } from '@sinclair/typebox';
import { sql, type Kysely } from 'kysely';
import { IlotError } from '../../src/shared/errors.js';
import { ScopedId } from '../../src/shared/ids.js';
import type { Store } from '../../src/store/database.js';
import { defineOperation, type AnyOperation } from '../../src/server/pipeline/operation.js';
import type { Principal } from '../../src/domain/principal.js';
import type { Authenticator } from '../../src/server/pipeline/principal.js';

// Test-only operations and principals that exercise every stage of the pipeline on a scratch
// table, until real sessions and operations exist to do it.

export const principals: Record<string, Principal> = {
  'op-admin': { kind: 'operator', name: 'alice', role: 'admin', sessionId: 's-op-admin' },
  'op-observer': { kind: 'operator', name: 'oscar', role: 'observer', sessionId: 's-op-observer' },
  'member-10': {
    kind: 'member',
    spaceId: 10,
    accountId: '1000000000000001',
    roles: [],
    accountKind: null,
    partitionId: null,
    sessionId: 's-m10',
    avatars: [],
    tokenSecret: '',
    usageKey: null,
  },
  'treasurer-10': {
    kind: 'member',
    spaceId: 10,
    accountId: '1000000000000002',
    roles: ['treasurer'],
    accountKind: null,
    partitionId: null,
    sessionId: 's-t10',
    avatars: [],
    tokenSecret: '',
    usageKey: null,
  },
  'member-11': {
    kind: 'member',
    spaceId: 11,
    accountId: '1100000000000001',
    roles: [],
    accountKind: null,
    partitionId: null,
    sessionId: 's-m11',
    avatars: [],
    tokenSecret: '',
    usageKey: null,
  },
};

export const bearer = (who: keyof typeof principals) => ({ authorization: `Bearer ${who}` });

/** The credential is the name of one of the principals above. */
export const testAuthenticator: Authenticator = async (credential) => {
  if (credential === null) return { kind: 'anonymous' };
  const principal = principals[credential];
  if (!principal) throw new IlotError('SESSION_INVALID');
  return principal;
};

/** Creates the scratch table and spaces 10 and 11. */
export async function prepareFixtures(store: Store): Promise<void> {
  const db = store.db as unknown as Kysely<any>;
  await db.schema
    .createTable('test_items')
    .addColumn('space_id', 'integer', (c) => c.notNull())
    .addColumn('id', 'varchar(16)', (c) => c.notNull())
    .addColumn('value', 'varchar(100)', (c) => c.notNull())
    .addPrimaryKeyConstraint('test_items_pk', ['space_id', 'id'])
    .execute();
  await sql`insert into spaces (id, org_code, created_at) values (10, 'alpha', 0), (11, 'beta', 0)`.execute(db);
}

export async function countItems(store: Store): Promise<number> {
  const result = await sql<{ n: number }>`select count(*) as n from test_items`.execute(store.db);
  return Number(result.rows[0]!.n);
}

export async function setSpaceState(store: Store, id: number, state: { read_only?: number; frozen?: number; closed_at?: number | null }) {
  await store.db.updateTable('spaces').set(state).where('id', '=', id).execute();
}

/** Told as test.items.add starts each attempt: a test that stages a conflict ends it from there. */
export const itemAttempts: { started?: (attempt: number) => void } = {};

/** A public read of the ids of the spaces its transaction sees; given an org code, it acts in that space (test). */
function spacesSeen(name: string, fields: TProperties) {
  return defineOperation({
    name,
    summary: 'The spaces its transaction sees (test)',
    access: { plane: 'public' },
    effect: 'read',
    targetsSpace: 'orgCode' in fields,
    input: Type.Object(fields, { additionalProperties: false }),
    output: Type.Object({ ids: Type.Array(Type.Integer()) }),
    async run(_input, { tx }) {
      const rows = await tx.selectFrom('spaces').select('id').orderBy('id').execute();
      return { ids: rows.map((r) => r.id) };
    },
  });
}

const Item = Type.Object({ id: ScopedId(), value: Type.String({ maxLength: 100 }) }, { additionalProperties: false });

export const testOperations: AnyOperation[] = [
  defineOperation({
    name: 'test.items.add',
    summary: 'Adds an item (test)',
    access: { plane: 'member' },
    effect: 'growth',
    input: Item,
    output: Type.Object({ attempt: Type.Integer(), count: Type.Integer() }),
    async run(input, { tx, principal, attempt, notify, count }) {
      itemAttempts.started?.(attempt);
      const spaceId = principal.kind === 'member' ? principal.spaceId : 0;
      // Counted by every attempt, before it may fail on a conflict: only the last one's counts.
      count({ writes: 1 });
      const before = await sql<{ n: number }>`select count(*) as n from test_items where space_id = ${spaceId}`.execute(tx);
      await sql`insert into test_items (space_id, id, value) values (${spaceId}, ${input.id}, ${input.value})`.execute(tx);
      if (input.value === 'crash') throw new Error('simulated crash after a write');
      notify({ spaceId, subtree: input.id });
      return { attempt, count: Number(before.rows[0]!.n) + 1 };
    },
  }),
  defineOperation({
    name: 'test.items.list',
    summary: 'Lists items (test)',
    access: { plane: 'member' },
    effect: 'read',
    input: Type.Object({ ids: Type.Optional(Type.Array(ScopedId())) }, { additionalProperties: false }),
    output: Type.Object({ count: Type.Integer() }),
    async run(_input, { tx }) {
      const result = await sql<{ n: number }>`select count(*) as n from test_items`.execute(tx);
      return { count: Number(result.rows[0]!.n) };
    },
  }),
  defineOperation({
    name: 'test.admin.rename',
    summary: 'Administrative change (test)',
    access: { plane: 'admin', permission: 'space.options' },
    effect: 'write',
    audit: true,
    input: Type.Object({ name: Type.String({ minLength: 1 }), secretNote: Type.Optional(Type.String()) }, { additionalProperties: false }),
    output: Type.Object({ ok: Type.Boolean() }),
    async run(input, { describe }) {
      describe('space', { name: input.name });
      if (input.name === 'refuse') throw new IlotError('FORBIDDEN', 'refused by the operation');
      return { ok: true };
    },
  }),
  spacesSeen('test.spaces.seen', {}),
  spacesSeen('test.spaces.seenIn', { orgCode: Type.String() }),
  defineOperation({
    name: 'test.site.read',
    summary: 'Operator read (test)',
    access: { plane: 'operator' },
    effect: 'read',
    input: Type.Object({}, { additionalProperties: false }),
    output: Type.Object({ ok: Type.Boolean() }),
    run: async () => ({ ok: true }),
  }),
  defineOperation({
    name: 'test.site.change',
    summary: 'Operator change (test)',
    access: { plane: 'operator' },
    effect: 'write',
    audit: true,
    input: Type.Object({}, { additionalProperties: false }),
    output: Type.Object({ ok: Type.Boolean() }),
    run: async (_input, { describe }) => {
      describe('site');
      return { ok: true };
    },
  }),
];
