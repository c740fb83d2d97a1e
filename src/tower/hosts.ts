import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Tx } from '../store/database.js';
import { siteSpaceId, type FleetHostsTable } from '../store/schema.js';
import { IlotError } from '../shared/errors.js';
import type { CommandSpec, Inventory } from '../shared/operations/fleet.js';
import { hashKey } from '../domain/secrets.js';
import { spaceByOrgCode } from '../domain/spaces.js';

// The hosts of the fleet: their catalog rows, enrolment tokens and agent credentials (kept as
// SHA-256 hashes only), and how operators see them.

export type HostRow = Selectable<FleetHostsTable>;

const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** 16 random lowercase letters and digits: ids of hosts and permissions. */
export function newFleetId(): string {
  return Array.from(randomBytes(16), (byte) => alphabet[byte % alphabet.length]).join('');
}

/** A random secret of 32 bytes, base64url (43 characters). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A one-time enrolment token (`<host id>.<secret>`) and what the tower keeps of it. */
export function newEnrolToken(hostId: string, now: number, validMinutes: number) {
  const secret = newSecret();
  return { token: `${hostId}.${secret}`, hash: hashKey(secret), expiresAt: now + validMinutes * 60_000 };
}

/** The owner of a fleet record: the provider (0), or the space an org code names. */
export async function ownerSpaceOf(tx: Tx, orgCode: string | undefined): Promise<number> {
  return orgCode === undefined ? siteSpaceId : (await spaceByOrgCode(tx, orgCode)).id;
}

/** Org codes of owner spaces, for views. */
export async function ownerCodes(tx: Tx, owners: number[]): Promise<Map<number, string>> {
  const ids = [...new Set(owners)].filter((id) => id !== siteSpaceId);
  if (ids.length === 0) return new Map();
  const rows = await tx.selectFrom('spaces').select(['id', 'org_code']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.org_code]));
}

export async function hostByName(tx: Tx, name: string): Promise<HostRow> {
  const host = await tx.selectFrom('fleet_hosts').selectAll().where('name', '=', name).executeTakeFirst();
  if (!host) throw new IlotError('FLEET_HOST_NOT_FOUND', `There is no host "${name}" in the fleet.`);
  return host;
}

/** Whether the host's agent was heard from recently enough to count as online. */
export function isOnline(host: Pick<HostRow, 'last_contact_at' | 'revoked_at'>, now: number, offlineAfterMs: number): boolean {
  return host.revoked_at === null && host.last_contact_at !== null && now - host.last_contact_at < offlineAfterMs;
}

export interface Deployed {
  app: string;
  version: string;
  at: number;
}

/** Per host, per app, the version of its last deploy that succeeded: what the host runs (a failed deploy rolled back to it). */
export async function deployedVersions(tx: Tx, hostIds: string[]): Promise<Map<string, Deployed[]>> {
  if (hostIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('fleet_commands')
    .select(['host_id', 'args', 'ended_at'])
    .where('host_id', 'in', hostIds)
    .where('type', '=', 'deploy')
    .where('state', '=', 'succeeded')
    .orderBy('ended_at')
    .execute();
  const byHost = new Map<string, Map<string, Deployed>>();
  for (const row of rows) {
    const spec = JSON.parse(row.args) as Extract<CommandSpec, { type: 'deploy' }>;
    const apps = byHost.get(row.host_id) ?? new Map<string, Deployed>();
    apps.set(spec.app, { app: spec.app, version: spec.version, at: row.ended_at ?? 0 });
    byHost.set(row.host_id, apps);
  }
  return new Map([...byHost].map(([id, apps]) => [id, [...apps.values()]]));
}

export function hostView(
  host: HostRow,
  owners: Map<number, string>,
  deployed: Map<string, Deployed[]>,
  now: number,
  offlineAfterMs: number,
) {
  return {
    id: host.id,
    name: host.name,
    owner: host.space_id === siteSpaceId ? null : (owners.get(host.space_id) ?? null),
    labels: JSON.parse(host.labels) as string[],
    enrolled: host.credential_hash !== null,
    revoked: host.revoked_at !== null,
    online: isOnline(host, now, offlineAfterMs),
    agentVersion: host.agent_version,
    lastContactAt: host.last_contact_at,
    inventory: host.inventory === null ? null : (JSON.parse(host.inventory) as Inventory),
    deployed: deployed.get(host.id) ?? [],
  };
}

/** One host as operators see it. */
export async function viewHost(tx: Tx, host: HostRow, now: number, offlineAfterMs: number) {
  return hostView(host, await ownerCodes(tx, [host.space_id]), await deployedVersions(tx, [host.id]), now, offlineAfterMs);
}
