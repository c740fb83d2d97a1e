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
  /** The share of the space's quotas kept for A accounts: partitions share the rest. */
  a_share_documents: Generated<number>;
  a_share_volume_bytes: Generated<number>;
  /** The treasurer's choice: switching an O account to A needs its consent (1) or not (0, the default). */
  switch_to_a_needs_consent: Generated<number>;
}

/** A share of the space's quotas for O accounts, with its delegates; a default one exists from the opening. */
export interface PartitionsTable {
  space_id: number;
  id: string;
  name: string;
  created_at: number;
  /** Its share of the space's quotas: the quotas of its accounts add up to no more. */
  quota_documents: Generated<number>;
  quota_volume_bytes: Generated<number>;
  /** Archived: no new account, delegate or quota rise; its accounts live on. */
  archived_at: number | null;
}

/** An account's agreement to switch kind (consent to O→A, or request for A→O), consumed by the switch. */
export interface SwitchAgreementsTable {
  space_id: number;
  account_id: string;
  to_kind: 'O' | 'A';
  expires_at: number;
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
  /** Where the treasurer chose to be told of urgent chat items (null: no mail), and in which language. */
  alert_address: string | null;
  alert_language: 'en' | 'fr' | null;
  /** An O account's monthly consumption limit, in millicents (null: none). */
  consumption_limit: number | null;
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

/** The last quota warning reported for a measure of a space ('' scope) or of a partition: 75, 90 or 100 (%). */
export interface QuotaWarningsTable {
  space_id: number;
  scope: string;
  measure: string;
  level: number;
  used: number;
  quota: number;
  reported_at: number;
}

/** A partition's figures for a month, recomputed daily with its space's, frozen once the month is over. */
export interface PartitionStatsTable {
  space_id: number;
  month: string;
  partition_id: string;
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
  /** A group note: the version of the group key its payload is sealed under (null: a personal note). */
  key_version: Generated<number | null>;
  /** A group note: the group hashtags moderators set, sealed under the group key. */
  group_hashtags: Generated<string | null>;
}

/** One writing of a group note: the avatar, the key version, the SHA-256 of the payload it wrote, and its signature of them. */
export interface GroupNoteAuthorsTable {
  space_id: number;
  note_id: string;
  /** Its rank among the note's writings (the oldest beyond the last 100 go). */
  seq: number;
  /** The group. */
  subtree: string;
  avatar_id: string;
  key_version: number;
  digest: string;
  signature: string;
}

/** A member's own hashtags on a group note: a document of the member avatar's subtree. */
export interface GroupNoteHashtagsTable {
  space_id: number;
  id: string;
  /** The member avatar. */
  subtree: string;
  note_id: string;
  version: number;
  /** The hashtags, sealed under the member's account key. */
  payload: string;
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

/** A chat between two avatars: the plain-text length of its items (at most chatTextMaxLength), the number of its next item. */
export interface ChatsTable {
  space_id: number;
  id: string;
  /** 1: an urgent chat (an account's primary avatar with the treasurer's or a delegate's), writable under every restriction. */
  urgent: number;
  total: number;
  next_seq: number;
  /** The first instant of its month, no finer. */
  created_at: number;
}

/** One avatar's side of a chat, in that avatar's subtree. */
export interface ChatSidesTable {
  space_id: number;
  avatar_id: string;
  /** The other avatar of the chat. */
  other_id: string;
  chat_id: string;
  /** The chat key, wrapped for this avatar's ECDH public key. */
  wrapped_key: string;
  /** 1: this side hung up (it no longer counts as a document) until it writes again. */
  hung_up: number;
  /** Items numbered up to this one were cleared from this side (it hung up after them). */
  cleared_to: number;
  /** 1: counted as a document of this side's account (charged by its own session, see docs/security.md). */
  counted: number;
  /** The version of this avatar's subtree that last changed this side or the chat's items. */
  version: number;
}

/** An item of a chat: appended, never edited; deleted by its author or dropped when the chat is full. */
export interface ChatItemsTable {
  space_id: number;
  chat_id: string;
  /** 1, 2, 3… within the chat. */
  seq: number;
  /** The avatar that wrote it. */
  author: string;
  /** Characters of plain text, as its author's client declared them (they bound the ciphertext). */
  length: number;
  /** Text and time, encrypted under the chat key (base64url). */
  payload: string;
  created_at: number;
}

/** A group: its name and card sealed under its key (the name under version 1, immutable), the host's columns. */
export interface GroupsTable {
  space_id: number;
  id: string;
  /** The name, sealed by its creator under the first version of the group key. */
  name: string;
  /** The card, sealed under the group key of `card_key_version`. */
  card: string | null;
  card_key_version: number | null;
  /** The current version of the group key: new content is sealed under it. */
  key_version: number;
  /** 1: a holder of the key left or lost an access; the next write needs a rotated key. */
  rotation_due: Generated<number>;
  /** 1: an invitation needs the votes of every moderator (unanimous mode), 0: of one (simple mode). */
  unanimous: Generated<number>;
  /** The member whose account bears the group's notes and volume; null: hostless. */
  host_avatar_id: string | null;
  /** Maxima the host sets (null: none). */
  max_notes: number | null;
  max_volume_bytes: number | null;
  /** What the group's notes use, counted against the host's account. */
  notes_count: Generated<number>;
  volume_bytes: Generated<number>;
  /** When the group lost its host (it is destroyed some days later). */
  hostless_since: number | null;
  /** When its members were told of its coming destruction (migration 0015; null: not yet, or hosted). */
  hostless_noticed_at: Generated<number | null>;
  created_at: number;
}

/** An avatar known to a group: listed contact, invited, active, or forgotten, with its accesses. */
export interface GroupMembersTable {
  space_id: number;
  group_id: string;
  avatar_id: string;
  state: 'listed' | 'invited' | 'active' | 'forgotten';
  /** Access to the other members and the chat (1) or not. */
  members_access: Generated<number>;
  notes_access: Generated<'none' | 'read' | 'write'>;
  /** Moderator power, never withdrawn. */
  moderator: Generated<number>;
  /** The member chose not to use an access it holds (it may resume it). */
  members_waived: Generated<number>;
  notes_waived: Generated<number>;
  /** The member who listed it, and who invited it. */
  listed_by: string | null;
  invited_by: string | null;
  /** 1: forgotten at its own request (nobody may list it again). */
  forgotten_by_self: Generated<number>;
  /** The member's card key, sealed under the group key of `card_key_version` when it accepted (co-members read its card). */
  card_key: string | null;
  card_key_version: number | null;
  /** The member's private comment and hashtags on the group, sealed by its client. */
  note: string | null;
  /** The month it entered its state. */
  since: number;
}

/** A pending invitation and the accesses it carries. */
export interface GroupInvitationsTable {
  space_id: number;
  group_id: string;
  avatar_id: string;
  invited_by: string;
  members_access: number;
  notes_access: 'none' | 'read' | 'write';
  moderator: number;
  /** The group's mode when it was made: 1, it waits for every moderator's vote. */
  unanimous: number;
}

/** A moderator's agreement with an invitation (unanimous mode). */
export interface GroupVotesTable {
  space_id: number;
  group_id: string;
  avatar_id: string;
  moderator_id: string;
}

/** A moderator's request to leave unanimous mode (the group switches once every moderator asked). */
export interface GroupModeVotesTable {
  space_id: number;
  group_id: string;
  moderator_id: string;
}

/** A version of a group key: each holds the previous one sealed under itself, so that holders of the latest read older content. */
export interface GroupKeysTable {
  space_id: number;
  group_id: string;
  version: number;
  previous_key: string | null;
  created_at: number;
}

/** The current group key sealed for one holder (active or invited member) with its avatar's ECDH key. */
export interface GroupKeyCopiesTable {
  space_id: number;
  group_id: string;
  avatar_id: string;
  version: number;
  sealed_key: string;
}

/** An item of a group chat, sealed under the group key of `key_version`. */
export interface GroupChatItemsTable {
  space_id: number;
  group_id: string;
  seq: number;
  author_id: string;
  key_version: number;
  /** Plain characters, as the client declared them: the chat's total is bounded with them. */
  length: number;
  text: string;
  created_at: number;
}

/** A host of the fleet (site-level): its agent's credential and enrolment token are kept as SHA-256 hashes. */
export interface FleetHostsTable {
  /** The fleet it belongs to: 0, the provider's; else the organization's space that owns it. */
  space_id: number;
  id: string;
  name: string;
  /** JSON array of labels (`key=value` or a bare word). */
  labels: string;
  agent_version: string | null;
  last_contact_at: number | null;
  /** JSON of the facts the agent last reported. */
  inventory: string | null;
  enrol_token_hash: string | null;
  enrol_expires_at: number | null;
  enrolled_at: number | null;
  credential_hash: string | null;
  revoked_at: number | null;
  /** The highest message counter accepted from the agent: a message must carry a higher one. */
  last_seq: Generated<number>;
  created_at: number;
}

/** The app catalog, which every fleet shares: the site's (space 0). */
export interface FleetAppsTable {
  space_id: number;
  name: string;
  /** `ilot`, or `process`: a program the process driver runs with `command`. */
  kind: 'ilot' | 'process';
  /** JSON argv of a process app. */
  command: string | null;
  created_at: number;
}

export interface FleetAppVersionsTable {
  space_id: number;
  app: string;
  version: string;
  archive_path: string;
  sha256: string;
  created_at: number;
}

export interface FleetPermissionsTable {
  /** The fleet whose hosts it covers. */
  space_id: number;
  id: string;
  operator: string;
  app: string;
  selector_kind: 'label' | 'name';
  selector: string;
  created_at: number;
}

/** A deploy over the hosts of a label, in batches; its commands carry its id and their batch. */
export interface FleetRolloutsTable {
  space_id: number;
  id: string;
  app: string;
  version: string;
  label: string;
  max_unavailable: number;
  state: 'running' | 'succeeded' | 'failed' | 'cancelled';
  /** The batch whose deploys may be delivered (1-based); the later ones wait. */
  current_batch: number;
  batches: number;
  reason: string | null;
  issued_by: string;
  created_at: number;
  ended_at: number | null;
}

export type FleetCommandState = 'pending' | 'delivered' | 'running' | 'succeeded' | 'failed' | 'timed_out' | 'cancelled' | 'lost';

export interface FleetCommandsTable {
  /** Its host's space. */
  space_id: number;
  id: string;
  host_id: string;
  app: string | null;
  type: string;
  /** JSON of the typed arguments, as the agent receives them. */
  args: string;
  state: FleetCommandState;
  issued_by: string;
  created_at: number;
  /** A command not started by then ends timed out. */
  expires_at: number;
  timeout_ms: number;
  delivered_at: number | null;
  started_at: number | null;
  ended_at: number | null;
  /** Set when a cancellation was asked of the agent: it ends cancelled at the latest then. */
  cancel_deadline: number | null;
  result: string | null;
  error: string | null;
  /** The rollout this deploy belongs to, and its batch there (null: a command on its own). */
  rollout_id: string | null;
  batch: number | null;
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

/** A notification of a partition or an account (the space's own is on `spaces`), with its optional restriction. */
export interface NotificationsTable {
  space_id: number;
  scope: 'partition' | 'account';
  /** The partition or account id. */
  target_id: string;
  text: string;
  restriction: 'read-only' | 'minimal' | null;
  /** The role its author acted in: treasurer or delegate. */
  by_role: string;
  created_at: number;
}

/** An account's costs of a month, in millicents: subscription charged day by day, consumption once settled (null before). */
export interface AccountCostsTable {
  space_id: number;
  account_id: string;
  month: string;
  subscription: Generated<number>;
  consumption: number | null;
  /** The last day (from 1970) whose subscription was charged. */
  charged_day: Generated<number>;
}

/** An A account's balance, in millicents: credits + gifts − costs. */
export interface AccountBalancesTable {
  space_id: number;
  account_id: string;
  credits: Generated<number>;
  gifts: Generated<number>;
  costs: Generated<number>;
}

/** A payment the treasurer recorded, by the hash of its ticket code only: no account. */
export interface TicketsTable {
  space_id: number;
  code_hash: string;
  amount_cents: number;
  recorded_at: number;
  redeemed_at: number | null;
}

/** Hashes of the credit tokens already added to a balance (to any: none is named). */
export interface SpentCreditsTable {
  space_id: number;
  token_hash: string;
}

/** The space's RSA key that blindly signs credits for redeemed tickets (JWK). */
export interface CreditKeysTable {
  space_id: number;
  private_key: string;
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
  switch_agreements: SwitchAgreementsTable;
  notifications: NotificationsTable;
  contacts: ContactsTable;
  tasks: TasksTable;
  task_runs: TaskRunsTable;
  audit_checkpoints: AuditCheckpointsTable;
  space_stats: SpaceStatsTable;
  partition_stats: PartitionStatsTable;
  quota_warnings: QuotaWarningsTable;
  subtree_versions: SubtreeVersionsTable;
  notes: NotesTable;
  tombstones: TombstonesTable;
  account_usage: AccountUsageTable;
  uploads: UploadsTable;
  files: FilesTable;
  account_consumption: AccountConsumptionTable;
  space_consumption: SpaceConsumptionTable;
  chats: ChatsTable;
  chat_sides: ChatSidesTable;
  chat_items: ChatItemsTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  group_invitations: GroupInvitationsTable;
  group_votes: GroupVotesTable;
  group_mode_votes: GroupModeVotesTable;
  group_keys: GroupKeysTable;
  group_key_copies: GroupKeyCopiesTable;
  group_chat_items: GroupChatItemsTable;
  group_note_authors: GroupNoteAuthorsTable;
  group_note_hashtags: GroupNoteHashtagsTable;
  fleet_hosts: FleetHostsTable;
  fleet_apps: FleetAppsTable;
  fleet_app_versions: FleetAppVersionsTable;
  fleet_permissions: FleetPermissionsTable;
  fleet_commands: FleetCommandsTable;
  fleet_rollouts: FleetRolloutsTable;
  custom_roles: CustomRolesTable;
  permission_overrides: PermissionOverridesTable;
  account_costs: AccountCostsTable;
  account_balances: AccountBalancesTable;
  tickets: TicketsTable;
  spent_credits: SpentCreditsTable;
  credit_keys: CreditKeysTable;
}

/** The space id of site-level records. */
export const siteSpaceId = 0;
