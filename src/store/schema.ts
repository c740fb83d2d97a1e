import type { Generated } from 'kysely';

// Table types of the site database. Every table but the migration ledger is keyed by space id
// first; space 0 is the site itself (operator-plane records).

export interface MigrationsTable {
  name: string;
  applied_at: number;
}

export interface SpacesTable {
  /** 0 for the site, 10–89 for spaces. */
  id: number;
  org_code: string;
  read_only: Generated<number>;
  frozen: Generated<number>;
  closed_at: number | null;
  created_at: number;
}

export interface AuditEntriesTable {
  space_id: number;
  /** 1, 2, 3… within the space: the order of the space's audit chain. */
  seq: number;
  at: number;
  request_id: string;
  actor: string;
  role: string;
  action: string;
  target: string | null;
  details: string | null;
  address: string | null;
  user_agent: string | null;
  result: 'ok' | 'error';
  error_code: string | null;
}

export interface SessionsTable {
  space_id: number;
  /** Random, public part of the bearer token `<space>.<id>.<secret>`. */
  id: string;
  /** SHA-256 (hex) of the secret part; the secret itself is never stored. */
  secret_hash: string;
  /** Operator name or account id. */
  subject: string;
  role: string;
  created_at: number;
  expires_at: number;
  address: string | null;
  user_agent: string | null;
  revoked_at: number | null;
}

export interface SiteSettingsTable {
  space_id: number;
  key: string;
  /** JSON. */
  value: string;
}

export interface Database {
  ilot_migrations: MigrationsTable;
  spaces: SpacesTable;
  audit_entries: AuditEntriesTable;
  sessions: SessionsTable;
  site_settings: SiteSettingsTable;
}

/** The space id of site-level records. */
export const siteSpaceId = 0;
