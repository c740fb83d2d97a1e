import type { TestServer } from './server.js';
import { spaceOf } from './permissions.js';
import type { Member } from './members.js';

/** The partitions of a member's space as the database holds them, oldest first. */
export function storedPartitions(server: TestServer, member: Member) {
  return server.store.db
    .selectFrom('partitions')
    .select(['id', 'name', 'quota_documents', 'quota_volume_bytes', 'archived_at'])
    .where('space_id', '=', spaceOf(member))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The space's A share as stored. */
export async function storedAShare(server: TestServer, member: Member) {
  const row = await server.store.db
    .selectFrom('spaces')
    .select(['a_share_documents', 'a_share_volume_bytes'])
    .where('id', '=', spaceOf(member))
    .executeTakeFirstOrThrow();
  return { documents: row.a_share_documents, volumeBytes: row.a_share_volume_bytes };
}

/** Kind, partition, roles and quotas of a member's account as stored. */
export function storedAccount(server: TestServer, member: Member) {
  return server.store.db
    .selectFrom('accounts')
    .select(['kind', 'partition_id', 'roles', 'quota_documents', 'quota_volume_bytes'])
    .where('id', '=', member.client.member.id)
    .executeTakeFirstOrThrow();
}
