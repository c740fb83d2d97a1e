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
  quota_documents: number | null;
  quota_volume_bytes: number | null;
  quota_monthly_cents: number | null;
  max_accounts: number | null;
  /** Operator's information notification, seen by every account of the space. */
  notification: string | null;
  notification_at: number | null;
  /** From this time on, nobody signs in. */
  signin_ban_at: number | null;
  /** What a closed space still shows. */
  closing_message: string | null;
  new_address: string | null;
  /** Closing asks for the data to be purged; the task engine carries it out. */
  purge_requested_at: number | null;
  /** The treasurer's choice: may A accounts be sponsored (1) or not (0, the default). */
  accepts_a_accounts: Generated<number>;
  /** `nbmi`: a sign-in extends an account to the end of the month this many months later. */
  lifetime_months: Generated<number>;
  /** Bumped by every change of the space's permission matrix: nodes reload their cached copy when it moves. */
  permissions_version: Generated<number>;
}

/** A share of the space's quotas for O accounts, with its delegates; a default one exists from the opening. */
export interface PartitionsTable {
  space_id: number;
  id: string;
  name: string;
  created_at: number;
}

/** Prefix ids of every passphrase, sponsorship and contact phrase of a space: two may not share one. */
export interface PhrasePrefixesTable {
  space_id: number;
  prefix_id: string;
  kind: 'passphrase' | 'sponsorship' | 'contact';
  /** Account, sponsorship or avatar id. */
  owner: string;
}

export interface SponsorshipsTable {
  space_id: number;
  id: string;
  prefix_id: string;
  /** SHA-256 (hex) of the auth key derived from the sponsorship phrase. */
  auth_hash: string;
  /** Sponsoring account; null for the treasurer's, given by the operator. */
  sponsor: string | null;
  /** 'treasurer' (the operator's, used once by createTreasurer) or 'member'. */
  role: string;
  created_at: number;
  /** The treasurer's sponsorship: when it was used. */
  used_at: number | null;
  // Members' sponsorships: the conditions the sponsor proposes and what became of them.
  /** The sponsor's avatar, whose card the sponsored sees. */
  sponsor_avatar: string | null;
  state: 'pending' | 'accepted' | 'refused' | 'cancelled' | 'expired' | null;
  expires_at: number | null;
  /** The name of the sponsored's primary avatar, agreed beforehand. */
  name: string | null;
  kind: 'O' | 'A' | null;
  partition_id: string | null;
  quota_documents: number | null;
  quota_volume_bytes: number | null;
  delegate: number | null;
  gift_cents: number | null;
  /** The sponsor declined the mutual contact. */
  no_contact: number | null;
  /** Encrypted by the sponsor under the sponsorship key: welcome word, the sponsor's card key. */
  sealed: string | null;
  /** The sponsorship key wrapped under the phrase's wrap key (for the sponsored). */
  key_for_phrase: string | null;
  /** The sponsorship key wrapped under the sponsor's account key. */
  key_for_sponsor: string | null;
  /** The sponsored's reply (refusal reason), encrypted under the sponsorship key. */
  answer: string | null;
  answered_at: number | null;
  /** The account created by accepting it. */
  account_id: string | null;
}

export interface AccountsTable {
  space_id: number;
  id: string;
  prefix_id: string;
  /** SHA-256 (hex) of the auth key derived from the passphrase. */
  auth_hash: string;
  /** Comma-separated: treasurer, delegate, custom roles of the space… */
  roles: string;
  /** The account key, wrapped by the client under its passphrase's wrap key (base64url). */
  wrapped_account_key: string;
  /** The space key wrapped under the account key (treasurer and delegates). */
  wrapped_space_key: string | null;
  created_at: number;
  /** Null: never expires (the treasurer). */
  expires_at: number | null;
  /** O (the organization pays) or A (autonomous); null for the treasurer. */
  kind: 'O' | 'A' | null;
  /** The partition of an O account. */
  partition_id: string | null;
  quota_documents: number | null;
  quota_volume_bytes: number | null;
  gift_cents: number | null;
  /** The account's list of its secondary avatars and their secrets, sealed by the client under its account key. */
  keyring: string | null;
  /** Bumped by each change of the keyring: a change based on an older one is refused. */
  keyring_revision: Generated<number>;
  /** How many secondary avatars the account has (not which): deleting the account waits for none. */
  secondary_avatars: Generated<number>;
  /** SHA-256 of the key that masks the account's usage (set by its first session that presents it). */
  usage_key_hash: string | null;
}

export interface AvatarsTable {
  space_id: number;
  id: string;
  /**
   * The primary avatar's account. Null for a secondary avatar, which names no account; set only on
   * secondary avatars from before unlinking (legacy), until their account's next sign-in.
   */
  account_id: string | null;
  name: string;
  ecdh_public_key: string;
  signing_public_key: string;
  /** The avatar's private keys, wrapped under the account key. */
  wrapped_private_keys: string;
  /** A secondary avatar's: the first instant of its creation month, no finer. */
  created_at: number;
  /** SHA-256 (hex) of the secondary avatar's secret, which its owner proves it holds; null for a primary or legacy one. */
  proof_hash: string | null;
  /** End of a secondary avatar's lifetime (the last instant of a month); null: its account's (primary) or never (the treasurer's). */
  expires_at: number | null;
  /** 1 for the account's primary avatar, deleted only with the account. */
  is_primary: number | null;
  /** The key of the avatar's card, wrapped under the account key. */
  wrapped_card_key: string | null;
  /** The card (text and photo), encrypted by its owner under the card key. */
  card: string | null;
  /** The contact phrase: prefix id, hash of its auth key, and the card key wrapped under its wrap key. */
  contact_prefix_id: string | null;
  contact_auth_hash: string | null;
  contact_card_key: string | null;
}

/** One side of a contact: what `avatar_id` holds about `contact_id`. Contacts are made in pairs. */
export interface ContactsTable {
  space_id: number;
  avatar_id: string;
  contact_id: string;
  /** The contact's card key, wrapped for the holder avatar's ECDH public key. */
  card_key: string;
  /** The holder account's private comment and hashtags, encrypted under its account key. */
  note: string | null;
  origin: 'sponsorship' | 'phrase';
  created_at: number;
}

/** One task of the queue: deferred (queued by an operation, runs once) or daily (runs again each day). */
export interface TasksTable {
  /** The space it works on; 0 for site-wide tasks. */
  space_id: number;
  id: string;
  kind: string;
  /** What it works on (an account, an avatar, a space…), if anything. */
  target: string | null;
  /** `kind:space:target`: the same work is queued once. */
  dedup: string;
  /** 1: runs again every day at the site's daily time. */
  daily: number;
  state: 'pending' | 'running' | 'done' | 'failed' | 'cancelled';
  /** When it is due (pending), or was taken (running). */
  run_at: number;
  /** The node holding it, until when; past that, another node may take it again. */
  lease_owner: string | null;
  lease_until: number | null;
  /** Runs of the current series (since the last success). */
  attempts: number;
  /** JSON cursor of an interrupted run, so that the next run resumes. */
  progress: string | null;
  /** Items processed by the current series. */
  items: number;
  last_run_at: number | null;
  last_duration_ms: number | null;
  last_items: number | null;
  last_error: string | null;
  last_stack: string | null;
  last_success_at: number | null;
  created_at: number;
  finished_at: number | null;
}

/** The history of task runs: which node ran what, when, with what result. */
export interface TaskRunsTable {
  space_id: number;
  task_id: string;
  id: string;
  kind: string;
  node: string;
  started_at: number;
  finished_at: number | null;
  items: number;
  result: 'running' | 'ok' | 'error';
  error: string | null;
}

/** Where a space's audit chain starts once older entries are purged: the last purged entry's number and hash. */
export interface AuditCheckpointsTable {
  space_id: number;
  seq: number;
  hash: string;
  at: number;
}

/** A space's figures for a month (`YYYY-MM`), recomputed daily, frozen once the month is over. */
export interface SpaceStatsTable {
  space_id: number;
  month: string;
  /** JSON. */
  figures: string;
  frozen: number;
  computed_at: number;
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
  /** Hash of the previous entry of the space ('' for the first). */
  prev_hash: string | null;
  /** SHA-256 (hex) of `prev_hash:seq:` and the SHA-256 of the entry's fields (see entryHash). */
  hash: string | null;
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
  /** A member session's avatars, sealed under a key derived from its bearer token's secret, which is never stored. */
  sealed_state: string | null;
}

export interface SiteSettingsTable {
  space_id: number;
  key: string;
  /** JSON. */
  value: string;
}

/** The version counter of a subtree: each write in it takes the next version. */
export interface SubtreeVersionsTable {
  space_id: number;
  /** An avatar id (later a group id). */
  subtree: string;
  version: number;
  /** Tombstones up to this version were purged: a client that knows less must start over. */
  tombstones_purged_to: Generated<number>;
}

/** A personal note: clear metadata the server's rules need, and the client's ciphertext. */
export interface NotesTable {
  space_id: number;
  id: string;
  /** The avatar it hangs under. */
  subtree: string;
  parent_id: string | null;
  /** The subtree version of its last change. */
  version: number;
  /** Length of the payload, what quotas and batches count. */
  size: number;
  /** Text and hashtags, encrypted by the client (base64url). */
  payload: string;
  created_at: number;
  updated_at: number;
}

/** A deleted document, kept until every client has had time to see it gone. */
export interface TombstonesTable {
  space_id: number;
  subtree: string;
  id: string;
  version: number;
  deleted_at: number;
}

/** What an account uses of its quotas, kept in the transactions that change it. */
/** Figures masked: each is the true one plus the mask of `mask_day` (0: not masked), see domain/usage.ts. */
export interface AccountUsageTable {
  space_id: number;
  account_id: string;
  documents: number;
  volume_bytes: number;
  mask_day: Generated<number>;
}

/** A file being uploaded: reserved (its size counted in the volume), not yet validated. */
export interface UploadsTable {
  space_id: number;
  id: string;
  /** The avatar of its note. */
  subtree: string;
  note_id: string;
  /** The client's keyed tag of the file name: uploads of one name in a note are its revisions. */
  name_tag: string;
  /** Bytes of ciphertext the client will send, exactly. */
  size: number;
  /** Name, type, size and content key, encrypted by the client. */
  meta: string;
  reserved_at: number;
}

/** A validated file of a note: its ciphertext is in the file store under `fileStoreName`. */
export interface FilesTable {
  space_id: number;
  id: string;
  subtree: string;
  note_id: string;
  name_tag: string;
  version: number;
  size: number;
  meta: string;
  created_at: number;
}

/** What an account consumed in a month (`YYYY-MM`, site time zone): billing data, added every few seconds. */
export interface AccountConsumptionTable {
  space_id: number;
  account_id: string;
  month: string;
  /** Documents read and written. */
  reads: number;
  writes: number;
  /** File bytes sent to and from the file store. */
  uploaded_bytes: number;
  downloaded_bytes: number;
  /** The day of the mask the figures wear (0: not masked), see domain/masks.ts. */
  mask_day: Generated<number>;
}

/** What a whole space consumes per month, in clear: the sum of its accounts' figures. */
export interface SpaceConsumptionTable {
  space_id: number;
  month: string;
  reads: number;
  writes: number;
  uploaded_bytes: number;
  downloaded_bytes: number;
}

/** A role a space adds to the built-in ones (domain/permissions.ts). */
export interface CustomRolesTable {
  space_id: number;
  name: string;
  created_at: number;
}

/** The treasurer's choice for one role and one permission key, overriding the default in code. */
export interface PermissionOverridesTable {
  space_id: number;
  role: string;
  permission: string;
  /** 1: the role holds the permission; 0: it does not. */
  allowed: number;
}

export interface Database {
  ilot_migrations: MigrationsTable;
  spaces: SpacesTable;
  audit_entries: AuditEntriesTable;
  sessions: SessionsTable;
  site_settings: SiteSettingsTable;
  phrase_prefixes: PhrasePrefixesTable;
  sponsorships: SponsorshipsTable;
  accounts: AccountsTable;
  avatars: AvatarsTable;
  partitions: PartitionsTable;
  contacts: ContactsTable;
  tasks: TasksTable;
  task_runs: TaskRunsTable;
  audit_checkpoints: AuditCheckpointsTable;
  space_stats: SpaceStatsTable;
  subtree_versions: SubtreeVersionsTable;
  notes: NotesTable;
  tombstones: TombstonesTable;
  account_usage: AccountUsageTable;
  uploads: UploadsTable;
  files: FilesTable;
  account_consumption: AccountConsumptionTable;
  space_consumption: SpaceConsumptionTable;
  custom_roles: CustomRolesTable;
  permission_overrides: PermissionOverridesTable;
}

/** The space id of site-level records. */
export const siteSpaceId = 0;
