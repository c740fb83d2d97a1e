import { randomBytes } from 'node:crypto';
import type { Config } from '../../config/schema.js';
import { IlotError } from '../../shared/errors.js';
import type { Store, Tx } from '../../store/database.js';
import { siteSpaceId } from '../../store/schema.js';
import type { Member, Principal } from '../../domain/principal.js';
import type { Authenticator } from '../pipeline/principal.js';
import type { RequestInfo } from '../pipeline/operation.js';
import { hashKey, keyMatches } from '../../domain/secrets.js';
import { rolesOf } from '../../domain/accounts.js';
import { openState, sealState, type SessionState } from './session-state.js';

// A session token is `<space>.<id>.<secret>`: the space and id find the row by its key, the secret
// proves possession; only the secret's SHA-256 is stored, compared in constant time.
const tokenPattern = /^(\d{1,2})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export interface NewSession {
  spaceId: number;
  subject: string;
  role: string;
  /** A member session's state to begin with: its avatars (the primary one, legacy ones still linked to the account, those presented at sign-in) and its account's usage key if presented. */
  state?: SessionState;
}

/** Creates a session and returns its bearer token (shown once, never stored). */
export async function createSession(
  tx: Tx,
  session: NewSession,
  config: Config,
  now: number,
  request: RequestInfo,
): Promise<{ token: string; id: string; expiresAt: number }> {
  // One draw for both: each call to the system's generator costs more than the bytes.
  const drawn = randomBytes(48);
  const id = drawn.subarray(0, 16).toString('base64url');
  const secret = drawn.subarray(16).toString('base64url');
  const expiresAt = now + config.sessions.ttlMinutes * 60_000;
  await tx
    .insertInto('sessions')
    .values({
      space_id: session.spaceId,
      id,
      secret_hash: hashKey(secret),
      subject: session.subject,
      role: session.role,
      created_at: now,
      expires_at: expiresAt,
      address: request.address,
      user_agent: request.userAgent,
      revoked_at: null,
      sealed_state: session.state ? sealState(secret, session.spaceId, id, session.state) : null,
    })
    .execute();
  return { token: `${session.spaceId}.${id}.${secret}`, id, expiresAt };
}

/** Replaces the avatars a member session may act as (sealed again under its token's key, with the usage key it presented). */
export async function saveSessionAvatars(tx: Tx, member: Member, avatars: readonly string[]): Promise<void> {
  const state: SessionState = { avatars: [...avatars], ...(member.usageKey !== null && { usageKey: member.usageKey }) };
  await tx
    .updateTable('sessions')
    .set({ sealed_state: sealState(member.tokenSecret, member.spaceId, member.sessionId, state) })
    .where('space_id', '=', member.spaceId)
    .where('id', '=', member.sessionId)
    .execute();
}

/** Resolves a bearer token to its session's principal; no token is anonymous. */
export function sessionAuthenticator(store: Store, config: Config): Authenticator {
  return async (credential) => (credential === null ? { kind: 'anonymous' } : principalOfToken(store, config, credential));
}

/** The principal of an open session's bearer token; SESSION_INVALID for anything else. */
export async function principalOfToken(store: Store, config: Config, bearer: string): Promise<Principal> {
  const token = tokenPattern.exec(bearer);
  if (!token) throw new IlotError('SESSION_INVALID');
  const [, space, id, secret] = token;
  // A member's roles, kind and partition are read live from its account: a change applies at once.
  const row = await store.db
    .selectFrom('sessions')
    .leftJoin('accounts', (join) => join.onRef('accounts.space_id', '=', 'sessions.space_id').onRef('accounts.id', '=', 'sessions.subject'))
    .select([
      'sessions.secret_hash',
      'sessions.subject',
      'sessions.expires_at',
      'sessions.revoked_at',
      'sessions.sealed_state',
      'accounts.roles',
      'accounts.kind',
      'accounts.partition_id',
    ])
    .where('sessions.space_id', '=', Number(space))
    .where('sessions.id', '=', id!)
    .executeTakeFirst();
  if (!keyMatches(secret!, row?.secret_hash) || !row || row.revoked_at !== null || row.expires_at <= Date.now())
    throw new IlotError('SESSION_INVALID');
  let state: SessionState | undefined;
  if (Number(space) !== siteSpaceId && row.roles !== null)
    state =
      row.sealed_state === null
        ? // A session opened before avatars were unlinked acts, until it ends, as the avatars its account names (primary, legacy).
          {
            avatars: (
              await store.db
                .selectFrom('avatars')
                .select('id')
                .where('space_id', '=', Number(space))
                .where('account_id', '=', row.subject)
                .orderBy('is_primary', 'desc')
                .execute()
            ).map((a) => a.id),
          }
        : openState(secret!, Number(space), id!, row.sealed_state);
  return principalOf(Number(space), id!, secret!, row, state, config);
}

/** Ends a session; false when it was not open. */
export async function revokeSession(tx: Tx, spaceId: number, id: string, now: number, subject?: string): Promise<boolean> {
  let update = tx
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('space_id', '=', spaceId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null);
  // A member may only end its own account's sessions.
  if (subject !== undefined) update = update.where('subject', '=', subject);
  return Number((await update.executeTakeFirst()).numUpdatedRows) === 1;
}

/** The open sessions of a space (of one account, if given), newest first. */
export function openSessions(tx: Tx, spaceId: number, now: number, subject?: string) {
  let query = tx
    .selectFrom('sessions')
    .selectAll()
    .where('space_id', '=', spaceId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now);
  if (subject !== undefined) query = query.where('subject', '=', subject);
  return query.orderBy('created_at', 'desc').execute();
}

function principalOf(
  spaceId: number,
  sessionId: string,
  tokenSecret: string,
  row: { subject: string; roles: string | null; kind: 'O' | 'A' | null; partition_id: string | null },
  state: SessionState | undefined,
  config: Config,
): Principal {
  if (spaceId !== siteSpaceId) {
    // The account is gone (deleted): its sessions end with it.
    if (row.roles === null || state === undefined) throw new IlotError('SESSION_INVALID');
    return {
      kind: 'member',
      spaceId,
      accountId: row.subject,
      roles: rolesOf(row.roles),
      accountKind: row.kind,
      partitionId: row.partition_id,
      sessionId,
      avatars: state.avatars,
      tokenSecret,
      usageKey: state.usageKey ?? null,
    };
  }
  // The configuration is the authority on operators: one removed or demoted takes effect at once.
  const operator = config.operators.find((o) => o.name === row.subject);
  if (!operator) throw new IlotError('SESSION_INVALID');
  return { kind: 'operator', name: operator.name, role: operator.role, sessionId };
}
