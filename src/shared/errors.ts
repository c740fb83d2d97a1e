// The one table of stable error codes. Clients branch on `code`; the HTTP status and the default
// message live here and nowhere else. Add a code here before throwing it.
export const errorCodes = {
  // request shape
  BAD_REQUEST: { status: 400, message: 'The request is malformed.' },
  BAD_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  VALIDATION_FAILED: { status: 400, message: 'The request does not match the expected input.' },
  RANGE_INVALID: { status: 400, message: 'The range ends before it starts.' },
  INPUT_TOO_DEEP: { status: 400, message: 'The request nests arrays and objects deeper than 64 levels.' },
  REQUEST_TIMEOUT: { status: 408, message: 'The request did not arrive in time; send it again.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is larger than this site accepts.' },
  HEADERS_TOO_LARGE: { status: 431, message: 'The request headers (URL included) are larger than this site accepts.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'The request body must be JSON (Content-Type: application/json).' },
  ROUTE_NOT_FOUND: { status: 404, message: 'There is no such route.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests from this address; try again later.' },
  LIVE_SOCKETS_EXHAUSTED: {
    status: 429,
    message: 'Too many live connections for this session or address; close one and try again.',
  },

  // who may do what
  AUTH_REQUIRED: { status: 401, message: 'This operation needs a signed-in session.' },
  SESSION_INVALID: { status: 401, message: 'This session is unknown or has expired; sign in again.' },
  SIGNIN_FAILED: { status: 401, message: 'The org code or the passphrase is not right.' },
  SIGNIN_THROTTLED: { status: 429, message: 'Too many failed sign-ins from this address; wait a few minutes and try again.' },
  SESSION_NOT_FOUND: { status: 404, message: 'There is no such session.' },
  FORBIDDEN: { status: 403, message: 'This session is not allowed to do that.' },
  CROSS_SPACE: { status: 403, message: 'This request names data of another space.' },

  // space restrictions, checked by the pipeline's restriction stage
  SPACE_READ_ONLY: { status: 409, message: 'This space is read-only: data can be consulted, not changed.' },
  SPACE_FROZEN: { status: 409, message: 'This space is frozen: nothing can be written.' },
  SPACE_CLOSED: { status: 410, message: 'This space is closed.' },
  // account restrictions, from notifications of the partition or the account (or automatic, for minimal access)
  PARTITION_READ_ONLY: {
    status: 409,
    message: "This account's partition is read-only: data can be consulted, not changed; urgent chats stay open.",
  },
  ACCOUNT_READ_ONLY: { status: 409, message: 'This account is read-only: data can be consulted, not changed; urgent chats stay open.' },
  MINIMAL_ACCESS: {
    status: 409,
    message: 'This account is in minimal access: only its costs and quotas, urgent chats and credit operations remain.',
  },

  QUOTA_EXCEEDED: {
    status: 409,
    message: 'This account has reached a quota: nothing that adds volume is possible until usage goes down or the quota goes up.',
  },

  // spaces, accounts, phrases
  ORG_CODE_RESERVED: { status: 400, message: 'This org code is reserved.' },
  ORG_CODE_TAKEN: { status: 409, message: 'A space already has this org code.' },
  SPACE_LIMIT_REACHED: { status: 409, message: 'This site hosts as many spaces as it may.' },
  SPACE_NOT_FOUND: { status: 404, message: 'There is no space with this org code.' },
  SIGNIN_BANNED: { status: 403, message: 'Signing in to this space is no longer allowed.' },
  PHRASE_TOO_CLOSE: { status: 409, message: 'The start of this phrase is too close to another phrase of the space; choose another.' },
  SPONSORSHIP_INVALID: {
    status: 401,
    message:
      'The org code or the sponsorship phrase is not right, or the sponsorship is no longer open (used, refused, cancelled or expired).',
  },
  SPONSORSHIP_NOT_FOUND: { status: 404, message: 'This account has no such sponsorship.' },
  SPONSORSHIP_NOT_PENDING: { status: 409, message: 'This sponsorship was already accepted, refused or cancelled.' },
  A_ACCOUNTS_NOT_ACCEPTED: { status: 403, message: 'This space does not accept A accounts.' },
  PARTITION_NOT_FOUND: { status: 404, message: 'There is no such partition in this space.' },
  MAX_ACCOUNTS_REACHED: { status: 409, message: 'This space has as many accounts as its agreement allows.' },
  PASSPHRASE_WRONG: { status: 401, message: 'The current passphrase is not right.' },
  TREASURER_UNDELETABLE: { status: 409, message: "The treasurer's account cannot be deleted." },
  AVATARS_REMAIN: { status: 409, message: 'Delete the secondary avatars of this account first.' },
  AVATAR_NOT_FOUND: { status: 404, message: 'This account has no such avatar.' },
  AVATAR_PRIMARY: { status: 409, message: 'The primary avatar is deleted only with its account.' },
  AVATAR_PROOF_INVALID: { status: 403, message: "This proof does not show that this session holds the avatar's secret." },
  AVATAR_ID_TAKEN: { status: 409, message: 'An avatar already has this number; draw another.' },
  USAGE_KEY_INVALID: { status: 403, message: "This is not the key of this account's usage." },
  USAGE_KEY_MISSING: {
    status: 409,
    message: "This session has not presented its account's usage key, which quotas need: sign in again.",
  },
  KEYRING_CHANGED: {
    status: 409,
    message: "The account's list of avatars changed meanwhile (another device?); read it again, then retry.",
  },
  CARD_TOO_LARGE: { status: 413, message: 'The card is too large: at most 500 characters of text and a 64 KB photo.' },
  CONTACT_PHRASE_INVALID: { status: 401, message: 'No avatar of this space has this contact phrase.' },
  CONTACT_SELF: { status: 409, message: 'An avatar cannot be its own contact.' },
  CONTACT_EXISTS: { status: 409, message: 'These avatars are already contacts.' },
  CONTACT_NOT_FOUND: { status: 404, message: 'This avatar has no such contact.' },

  // notes
  NOTE_NOT_FOUND: { status: 404, message: 'This account has no such note.' },
  NOTE_CYCLE: { status: 409, message: 'A note cannot be under itself or one of its own notes.' },
  NOTE_TOO_LARGE: { status: 413, message: 'This note is too large: at most 5000 characters of text.' },

  // chats
  CHAT_NOT_FOUND: { status: 404, message: 'This avatar has no such chat.' },
  CHAT_ITEM_NOT_FOUND: { status: 404, message: 'This chat has no such item: it may have been deleted or dropped.' },
  CHAT_ITEM_NOT_YOURS: { status: 403, message: 'Only its author can delete an item of a chat.' },
  CHAT_ITEM_TOO_LARGE: { status: 413, message: 'This item is too large: a chat holds at most 5000 characters of text.' },
  CHAT_NOT_URGENT: { status: 403, message: 'An urgent chat is only with the treasurer or a delegate of the account’s partition.' },
  // groups
  GROUP_NOT_FOUND: { status: 404, message: 'This avatar is not a member of such a group.' },
  GROUP_NOT_MODERATOR: { status: 403, message: 'Only a moderator of this group may do that.' },
  GROUP_MEMBERS_ACCESS_REQUIRED: { status: 403, message: "This needs access to the group's members and chat." },
  GROUP_MODERATOR_PROTECTED: { status: 403, message: "A moderator cannot change another moderator's rights." },
  GROUP_MEMBER_NOT_FOUND: { status: 404, message: 'This avatar is not known to the group.' },
  GROUP_FULL: { status: 409, message: 'This group holds as many members as it may (listed, invited and active).' },
  GROUP_MEMBER_EXISTS: { status: 409, message: 'This avatar is already known to the group.' },
  GROUP_MEMBER_FORGOTTEN: { status: 409, message: 'This avatar asked the group to forget it: it cannot be listed again.' },
  GROUP_MEMBER_NOT_LISTED: { status: 409, message: 'Only a listed contact can be invited or forgotten.' },
  GROUP_MEMBER_NOT_ACTIVE: { status: 409, message: 'Rights are those of active members: this avatar is not one.' },
  GROUP_INVITATION_NOT_FOUND: { status: 404, message: 'There is no pending invitation: it was accepted, declined or withdrawn.' },
  GROUP_INVITATION_INCOMPLETE: { status: 409, message: 'This invitation still waits for the agreement of every moderator.' },
  GROUP_KEY_STALE: { status: 409, message: "The group's key changed meanwhile: read the group again, then retry." },
  GROUP_KEY_ROTATION_DUE: {
    status: 409,
    message: "A holder of the group's key left or lost an access: the key must be rotated before anything is written.",
  },
  GROUP_KEY_HOLDERS_MISMATCH: {
    status: 409,
    message: 'A rotated key must be given to every remaining member and invitee, and to nobody else.',
  },
  GROUP_CHAT_ITEM_TOO_LARGE: { status: 413, message: 'A group chat item holds at most 300 characters.' },

  // costs, balances, tickets
  ACCOUNT_NOT_A: { status: 409, message: 'Only an A account has a balance, gives or receives gifts and sets its own quotas.' },
  ACCOUNT_NOT_O: { status: 409, message: 'Only an O account has a consumption limit.' },
  BALANCE_TOO_LOW: { status: 409, message: 'The balance does not cover this gift.' },
  GIFT_TO_SELF: { status: 409, message: 'An account cannot give to itself.' },
  QUOTAS_ABOVE_SPACE: { status: 409, message: 'These quotas exceed what the space allows.' },
  TICKET_ALREADY_RECORDED: { status: 409, message: 'A payment was already recorded for this ticket code.' },
  TICKET_UNKNOWN: { status: 404, message: 'No payment was recorded for this ticket code.' },
  TICKET_ALREADY_REDEEMED: { status: 409, message: 'This ticket was already turned into credit.' },
  TICKET_AMOUNT_MISMATCH: { status: 409, message: 'The amount recorded for this ticket is not the one given.' },
  CREDIT_INVALID: { status: 400, message: 'This credit is not signed by the space for this amount.' },
  CREDIT_ALREADY_SPENT: { status: 409, message: 'This credit was already added to a balance.' },

  // tasks
  TASK_NOT_FOUND: { status: 404, message: 'There is no such task.' },
  TASK_KIND_UNKNOWN: { status: 404, message: 'There is no such kind of task.' },
  TASK_NOT_FAILED: { status: 409, message: 'Only a failed task can be retried.' },
  TASK_NOT_PENDING: { status: 409, message: 'Only a pending task can be run now or cancelled.' },
  TASK_DAILY: { status: 409, message: 'A daily task cannot be cancelled; pause its kind instead.' },

  // files
  FILE_NAME_INVALID: { status: 400, message: 'The file name is not allowed.' },
  FILE_NOT_FOUND: { status: 404, message: 'There is no such file.' },
  FILE_CONFLICT: { status: 409, message: 'A file and a folder cannot have the same name.' },
  FILE_TOO_LARGE: { status: 413, message: 'This file is larger than this site accepts.' },
  UPLOAD_NOT_FOUND: { status: 404, message: 'There is no such upload in progress: it was validated, abandoned or never reserved.' },
  UPLOAD_SIZE_MISMATCH: { status: 400, message: 'The upload does not have the size reserved for it; nothing was kept.' },
  UPLOAD_INTERRUPTED: { status: 400, message: 'The upload stopped before its end; nothing was kept. Upload it again.' },
  UPLOAD_INCOMPLETE: { status: 409, message: 'The file has not been uploaded yet; upload it, then validate it.' },
  UPLOAD_OFFSET_MISMATCH: {
    status: 409,
    message: 'This chunk does not start where the upload stands (see details.offset); send from there.',
  },
  UPLOAD_BUSY: { status: 409, message: 'Another chunk of this upload is being written; send this one once it is done.' },
  UPLOAD_CHUNK_TOO_LARGE: { status: 413, message: 'This chunk is larger than the site accepts in one request.' },
  UPLOAD_RANGE_INVALID: {
    status: 400,
    message: 'Content-Range must be "bytes <first>-<last>/<reserved size>" within the reserved size, or "bytes */<reserved size>".',
  },

  // group notes and the host of a group
  GROUP_NOTES_READ_ONLY: { status: 403, message: 'This member may read the notes of this group, not write them.' },
  AUTHORSHIP_INVALID: { status: 400, message: 'The signature of this writing does not check against the avatar’s key.' },
  GROUP_HOSTLESS: { status: 409, message: 'This group has no host: nothing in it can grow until a member hosts it.' },
  GROUP_MAXIMUM_REACHED: { status: 409, message: 'This group has reached a maximum its host set (see details).' },
  GROUP_HAS_HOST: { status: 409, message: 'This group already has a host: another member may host it once that one stops.' },
  GROUP_NOT_HOST: { status: 409, message: 'This avatar does not host this group.' },
  GROUP_MAXIMA_BELOW_USAGE: { status: 409, message: 'The group already holds more than these maxima (see details).' },

  // backups (raised by the `ilot backup` commands and the daily backup task)
  BACKUP_NOT_CONFIGURED: { status: 409, message: 'Backups are not configured: set backup.dir.' },
  BACKUP_NOT_FOUND: { status: 404, message: 'There is no such backup.' },
  BACKUP_CORRUPT: { status: 409, message: 'This backup is truncated or altered: a checksum does not match.' },
  BACKUP_INVALID: { status: 409, message: 'This backup does not pass its checks.' },
  BACKUP_TOO_NEW: { status: 409, message: 'This backup was made by a newer version of Ilot.' },
  BACKUP_ENGINE_MISMATCH: { status: 409, message: 'This backup is of another database engine.' },
  BACKUP_SITE_RUNNING: { status: 409, message: 'The site is running: stop it before restoring, or pass --force.' },
  BACKUP_BUSY: { status: 409, message: 'Another backup or restore is in progress.' },
  BACKUP_DISK_FULL: { status: 507, message: 'The disk filled up during the backup; nothing was kept.' },
  BACKUP_RESTORING: { status: 503, message: 'A restore is running over this site, or did not finish: the site cannot start.' },
  PG_DUMP_MISSING: {
    status: 500,
    message: 'pg_dump or pg_restore cannot be found: install the PostgreSQL client, or set backup.pgBinDir.',
  },
  PG_DUMP_VERSION: { status: 500, message: 'pg_dump or pg_restore is older than the PostgreSQL server.' },

  // fleet: the control tower and its agents
  FLEET_HOST_NOT_FOUND: { status: 404, message: 'There is no such host in the fleet.' },
  FLEET_HOST_EXISTS: { status: 409, message: 'A host of the fleet already has this name.' },
  FLEET_APP_NOT_FOUND: { status: 404, message: "There is no such app in the fleet's catalog." },
  FLEET_APP_EXISTS: { status: 409, message: 'An app of the catalog already has this name.' },
  FLEET_APP_KIND: { status: 409, message: 'This command does not apply to this kind of app.' },
  FLEET_VERSION_UNKNOWN: { status: 404, message: 'This app has no such version in the catalog.' },
  FLEET_VERSION_EXISTS: { status: 409, message: 'This version of the app is already in the catalog.' },
  FLEET_RELEASE_MISSING: { status: 404, message: 'The release archive cannot be read at this path on the tower.' },
  FLEET_RELEASE_TAMPERED: {
    status: 409,
    message: "The release archive's SHA-256 does not match the one given: it was altered or is another file.",
  },
  FLEET_ROLLOUT_NOT_FOUND: { status: 404, message: 'There is no such rollout.' },
  FLEET_ROLLOUT_NO_HOSTS: { status: 409, message: 'No host of this label in this fleet: the rollout would deploy nothing.' },
  FLEET_ROLLOUT_ENDED: { status: 409, message: 'This rollout has already ended.' },
  FLEET_ROLLOUT_BUSY: { status: 409, message: 'Another rollout is running on some of these hosts: wait for its end or cancel it.' },
  FLEET_PERMISSION_NOT_FOUND: { status: 404, message: 'There is no such fleet permission.' },
  FLEET_COMMAND_FORBIDDEN: { status: 403, message: 'No permission lets this operator command this app on this host.' },
  FLEET_COMMAND_NOT_FOUND: { status: 404, message: 'There is no such command.' },
  FLEET_COMMAND_ID_TAKEN: { status: 409, message: 'A different command already has this id.' },
  FLEET_COMMAND_ENDED: { status: 409, message: 'This command has already ended.' },
  ENROL_TOKEN_INVALID: { status: 401, message: 'This enrolment token is not right.' },
  ENROL_TOKEN_USED: { status: 409, message: 'This enrolment token was already used: ask the tower for a new one.' },
  ENROL_TOKEN_EXPIRED: { status: 409, message: 'This enrolment token has expired: ask the tower for a new one.' },
  AGENT_CREDENTIAL_INVALID: { status: 401, message: 'This agent credential is unknown or revoked: enrol the host again.' },
  AGENT_MESSAGE_REPLAYED: { status: 409, message: 'This agent message carries a counter already used: it is refused as a replay.' },
  AGENT_COMMAND_UNKNOWN: { status: 409, message: 'This agent reports on a command it was never given.' },
  // the permission matrix of a space
  PERMISSION_UNKNOWN: { status: 400, message: 'There is no such permission key.' },
  ROLE_UNKNOWN: { status: 404, message: 'This space has no such role.' },
  ROLE_EXISTS: { status: 409, message: 'This space already has a role of this name.' },
  ROLE_IN_USE: { status: 409, message: 'Accounts still hold this role: take it back from them first.' },
  ROLES_TOO_MANY: { status: 409, message: 'This space has as many custom roles as allowed.' },
  ROLE_BUILT_IN: {
    status: 409,
    message: 'The treasurer, delegate and member roles are built in: they are not given, taken or removed here.',
  },
  TREASURER_LOCKOUT: {
    status: 409,
    message: 'This change would leave the space without a treasurer able to edit the permissions and read the audit log.',
  },
  ACCOUNT_NOT_FOUND: { status: 404, message: 'This space has no such account.' },

  // partitions, delegates, quotas and switches
  PARTITION_ARCHIVED: { status: 409, message: 'This partition is archived: it takes no new account, delegate or quota rise.' },
  QUOTAS_EXCEED_SPACE: {
    status: 409,
    message: "The partitions' quotas and the A accounts' share would add up to more than the space's quotas.",
  },
  QUOTAS_EXCEED_PARTITION: { status: 409, message: "The quotas of the partition's accounts would add up to more than its own." },
  ACCOUNT_NOT_IN_PARTITION: { status: 409, message: 'This account is not an O account of this partition.' },
  ACCOUNT_KIND_MISMATCH: { status: 409, message: 'This account is not of the kind this change is for (O or A).' },
  SWITCH_CONSENT_REQUIRED: { status: 409, message: 'This account has not consented to become an A account (or its consent expired).' },
  SWITCH_NOT_REQUESTED: { status: 409, message: 'This account has not asked to become an O account (or its request expired).' },

  // raised by the SDK on the client, never sent by the server (status 0: no HTTP reply)
  SITE_UNREACHABLE: { status: 0, message: 'The site cannot be reached.' },
  HTTP_ERROR: { status: 0, message: 'The site answered with an error this client does not know.' },
  PHRASE_TOO_SHORT: { status: 0, message: 'A phrase has at least 24 characters.' },
  NOTE_ALTERED: { status: 0, message: 'A note cannot be decrypted: it was altered.' },
  FILE_ALTERED: { status: 0, message: 'A file cannot be decrypted: it was altered.' },
  FILE_SIZE_CHANGED: { status: 0, message: 'The file changed size while it was being sent.' },
  OFFLINE_READ_ONLY: { status: 0, message: 'Offline, the client reads what this browser keeps and sends nothing: no change is possible.' },
  OFFLINE_NOT_KEPT: {
    status: 0,
    message: 'This browser keeps no account that opens with this org code and passphrase: sign in once in synced mode first.',
  },

  // server side
  DB_BUSY: { status: 503, message: 'The database stayed busy; the operation was not applied. Try again.' },
  DB_UNAVAILABLE: { status: 503, message: 'The database cannot be reached right now; the operation was not applied.' },
  NOT_READY: { status: 503, message: 'The site is not ready.' },
  SHUTTING_DOWN: { status: 503, message: 'The site is restarting; try again in a moment.' },
  INTERNAL: { status: 500, message: 'An unexpected error occurred; it has been logged.' },

  // mail (issue 17)
  MAIL_ADDRESS_INVALID: { status: 400, message: 'This is not a mail address this site can write to.' },
  MAIL_NOT_CONFIGURED: { status: 409, message: 'This site does not send mail (no SMTP server or no public address configured).' },
  INVITATIONS_EXCEEDED: {
    status: 429,
    message: 'This account has made too many sponsorships today to send one more by mail; try tomorrow.',
  },

  // space export and import (raised by `ilot space export|import`)
  EXPORT_NOT_FROZEN: { status: 409, message: 'This space is not frozen: freeze it before exporting, or pass --force.' },
  EXPORT_DISK_FULL: { status: 507, message: 'The disk filled up during the export; nothing was kept.' },
  EXPORT_TARGET_EXISTS: { status: 409, message: 'The export file already exists: choose another name, or pass --force.' },
  ARCHIVE_NOT_FOUND: { status: 404, message: 'There is no space archive at this path.' },
  ARCHIVE_CORRUPT: { status: 409, message: 'This space archive is truncated or altered: a checksum does not match.' },
  ARCHIVE_TOO_NEW: { status: 409, message: 'This space archive was made by a newer version of Ilot.' },
  ARCHIVE_TOO_OLD: {
    status: 409,
    message: 'This space archive was made by an older version of Ilot: update the source site, then export again.',
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCodes;

/** The JSON body of every error reply. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** An expected failure: carries a stable code, a message a person understands and safe details. */
export class IlotError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? errorCodes[code].message);
    this.name = 'IlotError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorCodes[this.code].status;
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCodes, value);
}
