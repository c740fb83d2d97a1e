import type { TestServer } from './server.js';
import type { Member } from './members.js';

/** The space number of a member's space (the first two digits of its ids). */
export const spaceOf = (member: Member) => Number(member.client.member.id.slice(0, 2));

/** What the database holds of a space's matrix: its overrides, custom roles and version. */
export async function storedMatrix(server: TestServer, spaceId: number) {
  const db = server.store.db;
  const [overrides, roles, space] = await Promise.all([
    db
      .selectFrom('permission_overrides')
      .select(['role', 'permission', 'allowed'])
      .where('space_id', '=', spaceId)
      .orderBy('role')
      .orderBy('permission')
      .execute(),
    db.selectFrom('custom_roles').select('name').where('space_id', '=', spaceId).orderBy('name').execute(),
    db.selectFrom('spaces').select('permissions_version').where('id', '=', spaceId).executeTakeFirstOrThrow(),
  ]);
  return { overrides, roles: roles.map((r) => r.name), version: space.permissions_version };
}

/** The audit entries of one action in a space, oldest first, with their details parsed. */
export async function auditedActions(server: TestServer, spaceId: number, action: string) {
  const rows = await server.store.db
    .selectFrom('audit_entries')
    .select(['target', 'details', 'result', 'error_code'])
    .where('space_id', '=', spaceId)
    .where('action', '=', action)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    target: r.target,
    details: r.details ? (JSON.parse(r.details) as unknown) : null,
    result: r.result,
    errorCode: r.error_code,
  }));
}
