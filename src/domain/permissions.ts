import type { Static } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { PermissionMatrixView } from '../shared/operations/permissions.js';
import { IlotError } from '../shared/errors.js';
import { lockRow, type Tx } from '../store/database.js';
import type { Database } from '../store/schema.js';
import { rolesOf } from './accounts.js';
import type { Member } from './principal.js';

// The permission matrix of a space: roles against a permission key for every administrative
// action. The defaults are stated here, once; a space's treasurer overrides them per role and key
// (table `permission_overrides`) and may add custom roles (`custom_roles`). The pipeline enforces
// the matrix on every request (server/pipeline/authorize.ts).

/** The roles every space has. Every account holds `member`; `treasurer` and `delegate` are given with the account. */
export const builtInRoles = ['treasurer', 'delegate', 'member'] as const;

export const isBuiltInRole = (role: string) => (builtInRoles as readonly string[]).includes(role);

/**
 * Where a permission applies. `partition`: a role other than the treasurer's holds it only in the
 * member's own partition (a delegate's rights are scoped to their partition); `space`: everywhere.
 */
export type PermissionScope = 'space' | 'partition';

interface PermissionDefinition {
  description: string;
  scope: PermissionScope;
  /** The built-in roles holding it unless the space says otherwise. */
  defaults: readonly (typeof builtInRoles)[number][];
}

/** Every permission key, with what it allows and who holds it by default. */
export const permissionDefinitions = {
  'space.options': {
    description:
      "Set the space's options: whether A accounts are accepted, whether switching O→A needs the account's consent, how long accounts live without signing in.",
    scope: 'space',
    defaults: ['treasurer'],
  },
  'sponsor.O': { description: 'Sponsor an O account of a partition.', scope: 'partition', defaults: ['treasurer', 'delegate'] },
  'sponsor.delegate': { description: 'Sponsor a delegate of a partition.', scope: 'partition', defaults: ['treasurer', 'delegate'] },
  'sponsor.A': {
    description: 'Sponsor an A account (A accounts may always sponsor A accounts).',
    scope: 'space',
    defaults: ['treasurer', 'delegate'],
  },
  'partition.manage': {
    description: "Create, rename and archive partitions, split the space's quotas among them and reserve a share for A accounts.",
    scope: 'space',
    defaults: ['treasurer'],
  },
  'partition.read': {
    description: 'See a partition with its quotas, its accounts and their quotas.',
    scope: 'partition',
    defaults: ['treasurer', 'delegate'],
  },
  'delegate.name': { description: 'Name or remove the delegates of a partition.', scope: 'space', defaults: ['treasurer'] },
  'account.quotas': {
    description: 'Set the quotas of an O account of a partition.',
    scope: 'partition',
    defaults: ['treasurer', 'delegate'],
  },
  'account.switch': {
    description: 'Switch an O account of a partition to A, or take an A account that asks it into a partition as O.',
    scope: 'partition',
    defaults: ['treasurer', 'delegate'],
  },
  'notify.partition': {
    description: 'Post or clear the notification of a partition, which may restrict its accounts (read-only, minimal access).',
    scope: 'partition',
    defaults: ['treasurer', 'delegate'],
  },
  'notify.account': {
    description: 'Post or clear the notification of an account of a partition, which may restrict it (read-only, minimal access).',
    scope: 'partition',
    defaults: ['treasurer', 'delegate'],
  },
  'permissions.read': { description: "Read the space's permission matrix.", scope: 'space', defaults: ['treasurer', 'delegate'] },
  'permissions.edit': {
    description: "Change the space's permission matrix and its custom roles.",
    scope: 'space',
    defaults: ['treasurer'],
  },
  'roles.assign': { description: 'Give custom roles to an account, or take them back.', scope: 'space', defaults: ['treasurer'] },
  'audit.read': { description: "Read the space's audit log.", scope: 'space', defaults: ['treasurer'] },
  'licence.read': {
    description: "See the licence dashboard: the space's usage against its quotas, and the warnings.",
    scope: 'space',
    defaults: ['treasurer'],
  },
  'stats.read': { description: "See and export the space's monthly statistics.", scope: 'space', defaults: ['treasurer'] },
  'costs.read': { description: "See the space's costs, per partition and in total.", scope: 'space', defaults: ['treasurer'] },
  'costs.limit': {
    description: "Set an O account's monthly consumption limit.",
    scope: 'partition',
    defaults: ['treasurer', 'delegate'],
  },
  'tickets.record': { description: 'Record payments received for tickets.', scope: 'space', defaults: ['treasurer'] },
  'chat.urgentAlert': {
    description: 'Give the address where new items of urgent chats are announced by mail.',
    scope: 'space',
    defaults: ['treasurer'],
  },
} as const satisfies Record<string, PermissionDefinition>;

export type PermissionKey = keyof typeof permissionDefinitions;

export const permissionKeys = Object.keys(permissionDefinitions) as PermissionKey[];

export const isPermissionKey = (key: string): key is PermissionKey => Object.hasOwn(permissionDefinitions, key);

/** What the treasurer can never lose: nobody could otherwise give it back, or see who took it. */
export const keptByTreasurer: readonly PermissionKey[] = ['permissions.edit', 'audit.read'];

/** How many custom roles a space may add. */
export const maxCustomRoles = 20;

export interface Override {
  role: string;
  permission: PermissionKey;
  allowed: boolean;
}

const cell = (role: string, permission: string) => `${role}\n${permission}`;

/** A space's matrix: the defaults, its custom roles and its overrides. Immutable: a change makes a new one. */
export class PermissionMatrix {
  private readonly overridden = new Map<string, boolean>();

  constructor(
    readonly customRoles: readonly string[] = [],
    readonly overrides: readonly Override[] = [],
  ) {
    for (const o of overrides) this.overridden.set(cell(o.role, o.permission), o.allowed);
  }

  get roles(): string[] {
    return [...builtInRoles, ...this.customRoles];
  }

  hasRole(role: string): boolean {
    return isBuiltInRole(role) || this.customRoles.includes(role);
  }

  /** What the defaults in code say for this role and key. */
  static byDefault(role: string, permission: PermissionKey): boolean {
    return (permissionDefinitions[permission].defaults as readonly string[]).includes(role);
  }

  /** Whether the role holds the key in this space. */
  grants(role: string, permission: PermissionKey): boolean {
    return this.overridden.get(cell(role, permission)) ?? PermissionMatrix.byDefault(role, permission);
  }

  isOverridden(role: string, permission: PermissionKey): boolean {
    return this.overridden.has(cell(role, permission));
  }

  /** Whether the member holds the key, for a partition when the key is scoped by partition. */
  allows(member: Member, permission: PermissionKey, partitionId?: string | null): boolean {
    const inOwnPartition = partitionId !== undefined && partitionId !== null && partitionId === member.partitionId;
    const scoped = permissionDefinitions[permission].scope === 'partition';
    for (const role of [...member.roles, 'member']) {
      if (this.grants(role, permission) && (!scoped || role === 'treasurer' || inOwnPartition)) return true;
    }
    return false;
  }

  /** The matrix with a custom role added, or removed with its overrides. */
  withRole(role: string): PermissionMatrix {
    return new PermissionMatrix([...this.customRoles, role], this.overrides);
  }

  withoutRole(role: string): PermissionMatrix {
    return new PermissionMatrix(
      this.customRoles.filter((r) => r !== role),
      this.overrides.filter((o) => o.role !== role),
    );
  }

  /** The matrix with the override of a role and key set (allowed) or cleared (null). */
  withOverride(role: string, permission: PermissionKey, allowed: boolean | null): PermissionMatrix {
    const others = this.overrides.filter((o) => o.role !== role || o.permission !== permission);
    return new PermissionMatrix(this.customRoles, allowed === null ? others : [...others, { role, permission, allowed }]);
  }
}

/** The matrix of the defaults alone (a space that overrides nothing). */
export const defaultMatrix = new PermissionMatrix();

/** The matrix as the treasurer's console shows it: every role against every key. */
export function matrixView(matrix: PermissionMatrix): Static<typeof PermissionMatrixView> {
  return {
    roles: matrix.roles.map((name) => ({ name, builtIn: isBuiltInRole(name) })),
    permissions: permissionKeys.map((key) => ({
      key,
      description: permissionDefinitions[key].description,
      scope: permissionDefinitions[key].scope,
      keptByTreasurer: keptByTreasurer.includes(key),
    })),
    cells: matrix.roles.flatMap((role) =>
      permissionKeys.map((permission) => {
        const byDefault = PermissionMatrix.byDefault(role, permission);
        const allowed = matrix.grants(role, permission);
        return { role, permission, allowed, byDefault, overridden: matrix.isOverridden(role, permission) };
      }),
    ),
  };
}

/** A space's matrix as stored. */
export async function loadMatrix(db: Kysely<Database>, spaceId: number): Promise<PermissionMatrix> {
  const [roles, overrides] = await Promise.all([
    db.selectFrom('custom_roles').select('name').where('space_id', '=', spaceId).orderBy('created_at').orderBy('name').execute(),
    db.selectFrom('permission_overrides').select(['role', 'permission', 'allowed']).where('space_id', '=', spaceId).execute(),
  ]);
  return new PermissionMatrix(
    roles.map((r) => r.name),
    // A key the code no longer knows is left out rather than failing every request.
    overrides
      .filter((o) => isPermissionKey(o.permission))
      .map((o) => ({ ...o, permission: o.permission as PermissionKey, allowed: !!o.allowed })),
  );
}

/**
 * The space's matrix, for a change: changes of the matrix and of accounts' custom roles take turns
 * on the space's row until they commit, so that each one's guard judges what the others left.
 */
export async function matrixForChange(tx: Tx, spaceId: number): Promise<PermissionMatrix> {
  await lockRow(tx, 'spaces', spaceId);
  return loadMatrix(tx, spaceId);
}

/**
 * The lock-out guard, run on the matrix a change would leave, before it writes: the space keeps a
 * treasurer, who keeps the rights to edit the matrix and to read the audit log.
 */
export async function guardTreasurer(tx: Tx, spaceId: number, matrix: PermissionMatrix): Promise<void> {
  const lost = keptByTreasurer.filter((key) => !matrix.grants('treasurer', key));
  if (lost.length > 0) throw new IlotError('TREASURER_LOCKOUT', undefined, { permissions: lost });
  if ((await accountsWithRole(tx, spaceId, 'treasurer')).length === 0) throw new IlotError('TREASURER_LOCKOUT');
}

/** The accounts of the space holding a role. */
export async function accountsWithRole(tx: Tx, spaceId: number, role: string): Promise<string[]> {
  const candidates = await tx
    .selectFrom('accounts')
    .select(['id', 'roles'])
    .where('space_id', '=', spaceId)
    .where('roles', 'like', `%${role}%`)
    .execute();
  return candidates.filter((a) => rolesOf(a.roles).includes(role)).map((a) => a.id);
}

/** Records that the space's matrix changed: every node's cached copy is stale from the commit on. */
export async function bumpMatrixVersion(tx: Tx, spaceId: number): Promise<void> {
  await tx
    .updateTable('spaces')
    .set((eb) => ({ permissions_version: eb('permissions_version', '+', 1) }))
    .where('id', '=', spaceId)
    .execute();
}
