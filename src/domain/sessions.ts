import type { Static } from '@sinclair/typebox';
import type { Selectable } from 'kysely';
import type { SessionView } from '../shared/protocol.js';
import type { SessionsTable } from '../store/schema.js';

/** A session as its owner sees it in a list. */
export function sessionView(row: Selectable<SessionsTable>, currentId: string): Static<typeof SessionView> {
  return {
    id: row.id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    address: row.address,
    userAgent: row.user_agent,
    current: row.id === currentId,
  };
}
