import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEngines } from '../../test/support/engines.js';
import { openStore, type Store } from './database.js';
import { migrateUp } from './migrator.js';
import type { Database } from './schema.js';
import { SpaceScope, spaceColumns } from './space-scope.js';

const note = (space: number, id: string, subtree: string, size = 1) => ({
  space_id: space,
  id,
  subtree,
  parent_id: null,
  version: 1,
  size,
  payload: 'p',
  created_at: 0,
  updated_at: 0,
});

describeEngines('space scope', (engine) => {
  let store: Store;
  let scoped: Kysely<Database>;
  const sizes = async (space: number) =>
    (await store.db.selectFrom('notes').select(['id', 'size']).where('space_id', '=', space).orderBy('id').execute()).map((r) => [
      r.id,
      r.size,
    ]);

  beforeAll(async () => {
    store = await openStore({ url: await engine.freshUrl() });
    await migrateUp(store);
    await store.db
      .insertInto('spaces')
      .values([10, 11].map((id) => ({ id, org_code: id === 10 ? 'alpha' : 'beta', created_at: 0 })))
      .execute();
    scoped = store.db.withPlugin(SpaceScope.of(10));
  });
  afterAll(() => store.close());
  beforeEach(async () => {
    await store.db.deleteFrom('notes').execute();
    await store.db.deleteFrom('subtree_versions').execute();
    await store.db.updateTable('spaces').set({ notification: null }).execute();
    await store.db
      .insertInto('notes')
      .values([note(10, 'a', 'X'), note(10, 'b', 'Y'), note(11, 'c', 'X')])
      .execute();
    // Subtree X has a version in space 11 only: a join that forgets the space would find it for space 10's note.
    await store.db.insertInto('subtree_versions').values({ space_id: 11, subtree: 'X', version: 5 }).execute();
  });

  it('reads only the rows of its space, whatever the query forgets', async () => {
    expect((await scoped.selectFrom('notes').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual(['a', 'b']);
    expect((await scoped.selectFrom('notes as n').select('n.id').where('n.subtree', '=', 'X').execute()).map((r) => r.id)).toEqual(['a']);
    expect(
      await scoped
        .selectFrom('notes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ).toEqual({ n: 2 });
  });

  it('keeps conditions combined with or inside their own parentheses', async () => {
    const rows = await scoped
      .selectFrom('notes')
      .select('id')
      .where(sql<boolean>`id = 'c' or id = 'a'`)
      .execute();
    expect(rows.map((r) => r.id)).toEqual(['a']);
  });

  it('scopes joined tables in the join condition, so that a left join keeps its rows', async () => {
    const left = await scoped
      .selectFrom('notes')
      .leftJoin('subtree_versions', 'subtree_versions.subtree', 'notes.subtree')
      .select(['notes.id', 'subtree_versions.version'])
      .orderBy('notes.id')
      .execute();
    expect(left).toEqual([
      { id: 'a', version: null },
      { id: 'b', version: null },
    ]);
    expect(
      await scoped.selectFrom('notes').innerJoin('subtree_versions as v', 'v.subtree', 'notes.subtree').select('notes.id').execute(),
    ).toEqual([]);
    const compiled = scoped
      .selectFrom('notes')
      .leftJoin('subtree_versions as v', 'v.subtree', 'notes.subtree')
      .select('notes.id')
      .compile().sql;
    expect(compiled).toMatch(
      /left join "subtree_versions" as "v" on "v"\."subtree" = "notes"\."subtree" and "v"\."space_id" = (\?|\$1) where "notes"\."space_id" = /,
    );
  });

  it('scopes subqueries, correlated or not, and common table expressions', async () => {
    const inWhere = await scoped
      .selectFrom('notes')
      .select('id')
      .where('subtree', 'in', (eb) => eb.selectFrom('subtree_versions').select('subtree'))
      .execute();
    expect(inWhere).toEqual([]);
    const inSelect = await scoped
      .selectFrom('notes')
      .select((eb) => [
        'id',
        eb
          .selectFrom('notes as other')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('other.subtree', '=', 'notes.subtree')
          .as('same'),
      ])
      .orderBy('id')
      .execute();
    expect(inSelect.map((r) => [r.id, Number(r.same)])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
    const cte = await scoped
      .with('big', (db) => db.selectFrom('notes').select('id'))
      .selectFrom('big')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(cte.n)).toBe(2);
  });

  it('updates and deletes only rows of its space', async () => {
    await scoped.updateTable('notes').set({ size: 7 }).execute();
    expect(await sizes(10)).toEqual([
      ['a', 7],
      ['b', 7],
    ]);
    expect(await sizes(11)).toEqual([['c', 1]]);
    // UPDATE … FROM: the other table is scoped too (its space-11 row must not match).
    await scoped
      .updateTable('notes')
      .from('subtree_versions')
      .set({ size: 9 })
      .whereRef('subtree_versions.subtree', '=', 'notes.subtree')
      .execute();
    expect(await sizes(10)).toEqual([
      ['a', 7],
      ['b', 7],
    ]);
    await scoped.deleteFrom('notes').where('subtree', '=', 'X').execute();
    expect(await sizes(10)).toEqual([['b', 7]]);
    expect(await sizes(11)).toEqual([['c', 1]]);
  });

  it('refuses to move rows to another space', async () => {
    await expect(scoped.updateTable('notes').set({ space_id: 11 }).execute()).rejects.toThrow(/changes its space_id/);
    expect(await sizes(11)).toEqual([['c', 1]]);
  });

  it('inserts rows of its space and refuses any other, before running anything', async () => {
    await scoped
      .insertInto('notes')
      .values(note(10, 'd', 'Z'))
      .execute();
    await expect(
      scoped
        .insertInto('notes')
        .values(note(11, 'e', 'Z'))
        .execute(),
    ).rejects.toThrow(/in space 10 gives space_id 11/);
    await expect(
      scoped
        .insertInto('notes')
        .values([note(10, 'f', 'Z'), note(11, 'g', 'Z')])
        .execute(),
    ).rejects.toThrow(/gives space_id 11/);
    await expect(
      scoped
        .insertInto('notes')
        .values({ ...note(10, 'h', 'Z'), space_id: sql<number>`10` })
        .execute(),
    ).rejects.toThrow(/gives space_id an expression/);
    const { space_id: _omitted, ...withoutSpace } = note(10, 'i', 'Z');
    await expect((scoped as Kysely<any>).insertInto('notes').values(withoutSpace).execute()).rejects.toThrow(/must give space_id/);
    expect((await store.db.selectFrom('notes').select('id').where('subtree', '=', 'Z').execute()).map((r) => r.id)).toEqual(['d']);
  });

  it('inserts from a select only the rows of its space', async () => {
    await store.db.deleteFrom('subtree_versions').execute();
    const copy = (spaceColumn: 'space_id' | 'eleven') =>
      scoped
        .insertInto('subtree_versions')
        .columns(['space_id', 'subtree', 'version'])
        .expression((eb) =>
          eb
            .selectFrom('notes')
            .select([spaceColumn === 'space_id' ? 'space_id' : sql<number>`11`.as('space_id'), 'id', sql<number>`1`.as('version')]),
        )
        .execute();
    await copy('eleven');
    await copy('space_id');
    const rows = await store.db.selectFrom('subtree_versions').select(['space_id', 'subtree']).orderBy('subtree').execute();
    expect(rows).toEqual([
      { space_id: 10, subtree: 'a' },
      { space_id: 10, subtree: 'b' },
    ]);
  });

  it('lets an upsert update only a row of its space', async () => {
    // Org codes are unique across spaces: the conflicting row belongs to space 11.
    await scoped
      .insertInto('spaces')
      .values({ id: 10, org_code: 'beta', created_at: 0 })
      .onConflict((c) => c.column('org_code').doUpdateSet({ notification: 'taken' }))
      .execute();
    expect(await store.db.selectFrom('spaces').select(['id', 'notification']).where('id', 'in', [10, 11]).orderBy('id').execute()).toEqual([
      { id: 10, notification: null },
      { id: 11, notification: null },
    ]);
    await scoped
      .insertInto('subtree_versions')
      .values({ space_id: 10, subtree: 'X', version: 1 })
      .onConflict((c) => c.columns(['space_id', 'subtree']).doUpdateSet((eb) => ({ version: eb('subtree_versions.version', '+', 1) })))
      .execute();
    expect(await store.db.selectFrom('subtree_versions').select(['space_id', 'version']).orderBy('space_id').execute()).toEqual([
      { space_id: 10, version: 1 },
      { space_id: 11, version: 5 },
    ]);
  });

  it('scopes spaces by their id and leaves the migration ledger alone', async () => {
    expect(await scoped.selectFrom('spaces').select('id').execute()).toEqual([{ id: 10 }]);
    expect((await scoped.selectFrom('ilot_migrations').select('name').execute()).length).toBeGreaterThan(0);
  });

  it('applies inside transactions', async () => {
    const ids = await store.transaction((tx) => tx.withPlugin(SpaceScope.of(11)).selectFrom('notes').select('id').execute(), {
      readOnly: true,
    });
    expect(ids).toEqual([{ id: 'c' }]);
  });

  it('refuses joins that would keep rows of every space', () => {
    expect(() =>
      scoped.selectFrom('notes').rightJoin('subtree_versions', 'subtree_versions.subtree', 'notes.subtree').selectAll().compile(),
    ).toThrow(/RightJoin/);
  });

  it('does not rewrite raw SQL: operations must not use it', async () => {
    const { rows } = await sql<{ n: number }>`select count(*) as n from notes`.execute(scoped);
    expect(Number(rows[0]!.n)).toBe(3);
  });

  it('knows the space column of every table of the schema', async () => {
    const tables = Object.entries(spaceColumns).filter(([, column]) => column !== null);
    expect(tables.length).toBeGreaterThan(20);
    // Each query runs only if its table has the column the plugin adds.
    for (const [table] of tables)
      await scoped
        .selectFrom(table as keyof Database)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .execute();
  });
});
