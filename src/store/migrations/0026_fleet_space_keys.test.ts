import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { describeEngines } from '../../../test/support/engines.js';
import { openStore, type Store } from '../database.js';
import { migrateUp } from '../migrator.js';
import { migrations } from './index.js';

const opened: Store[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

const index = migrations.findIndex((m) => m.name === '0026_fleet_space_keys');
const before = migrations.slice(0, index);
const through = migrations.slice(0, index + 1);

describeEngines('migration 0026 (the fleet keyed by space)', (engine) => {
  it("keeps every fleet row, each in its host's or its owner's space, and the commands still tied to their hosts", async () => {
    const store = await openStore({ url: await engine.freshUrl(), poolSize: 2 });
    opened.push(store);
    await migrateUp(store, before);
    const db = store.db;
    await sql`insert into spaces (id, org_code, created_at) values (10, 'acme', 0)`.execute(db);
    await sql`insert into fleet_apps (name, kind, command, created_at) values ('ilot', 'ilot', null, 1)`.execute(db);
    await sql`insert into fleet_app_versions (app, version, archive_path, sha256, created_at) values ('ilot', '1.0.0', '/r.tgz', ${'a'.repeat(64)}, 2)`.execute(
      db,
    );
    for (const [id, name, owner] of [
      ['hostprovider0001', 'p-1', 0],
      ['hostacme00000001', 'a-1', 10],
    ] as const)
      await sql`insert into fleet_hosts (id, name, owner_space, labels, credential_hash, last_seq, created_at)
        values (${id}, ${name}, ${owner}, '["role=node"]', ${'b'.repeat(64)}, 7, 3)`.execute(db);
    await sql`insert into fleet_permissions (id, operator, app, owner_space, selector_kind, selector, created_at)
      values ('perm000000000001', 'alice', 'ilot', 10, 'label', 'role=node', 4)`.execute(db);
    await sql`insert into fleet_rollouts (id, owner_space, app, version, label, max_unavailable, state, current_batch, batches, issued_by, created_at)
      values ('rollout-1', 10, 'ilot', '1.0.0', 'role=node', 1, 'running', 1, 1, 'alice', 5)`.execute(db);
    for (const [id, host, rollout] of [
      ['command-provider', 'hostprovider0001', null],
      ['command-acme', 'hostacme00000001', 'rollout-1'],
    ] as const)
      await sql`insert into fleet_commands (id, host_id, app, type, args, state, issued_by, created_at, expires_at, timeout_ms, rollout_id, batch)
        values (${id}, ${host}, 'ilot', 'deploy', '{}', 'pending', 'alice', 6, 100, 1000, ${rollout}, ${rollout === null ? null : 1})`.execute(
        db,
      );

    expect(await migrateUp(store, through)).toEqual(['0026_fleet_space_keys']);

    const spaces = async (table: 'fleet_hosts' | 'fleet_permissions' | 'fleet_rollouts' | 'fleet_commands') =>
      (await db.selectFrom(table).select(['id', 'space_id']).orderBy('id').execute()).map((r) => [r.id, r.space_id]);
    expect(await spaces('fleet_hosts')).toEqual([
      ['hostacme00000001', 10],
      ['hostprovider0001', 0],
    ]);
    expect(await spaces('fleet_commands')).toEqual([
      ['command-acme', 10],
      ['command-provider', 0],
    ]);
    expect(await spaces('fleet_permissions')).toEqual([['perm000000000001', 10]]);
    expect(await spaces('fleet_rollouts')).toEqual([['rollout-1', 10]]);
    const host = await db.selectFrom('fleet_hosts').selectAll().where('id', '=', 'hostacme00000001').executeTakeFirstOrThrow();
    expect({ ...host, last_seq: Number(host.last_seq) }).toMatchObject({ name: 'a-1', last_seq: 7, credential_hash: 'b'.repeat(64) });
    expect(await db.selectFrom('fleet_app_versions').select(['space_id', 'app', 'version']).execute()).toEqual([
      { space_id: 0, app: 'ilot', version: '1.0.0' },
    ]);
    const command = await db.selectFrom('fleet_commands').selectAll().where('id', '=', 'command-acme').executeTakeFirstOrThrow();
    expect(command).toMatchObject({ host_id: 'hostacme00000001', rollout_id: 'rollout-1', state: 'pending' });
    // A command cannot sit in another space than its host's.
    await expect(
      sql`insert into fleet_commands (space_id, id, host_id, type, args, state, issued_by, created_at, expires_at, timeout_ms)
        values (0, 'stray', 'hostacme00000001', 'inventory', '{}', 'pending', 'alice', 7, 100, 1000)`.execute(db),
    ).rejects.toThrow();
  });
});
