import type { Static, TObject, TSchema } from '@sinclair/typebox';
import type { Config } from '../../config/schema.js';
import type { Tx } from '../../store/database.js';
import type { FileStore } from '../../store/files/file-store.js';
import type { Consumption, MonthlyConsumption } from '../../domain/consumption.js';
import type { PipelineLog } from './consumption.js';
import type { ChangeNotice } from './notices.js';
import type { PermissionKey } from '../../domain/permissions.js';
import type { Member, Principal } from '../../domain/principal.js';
import type { SpaceState } from '../../domain/spaces.js';
import type { QuotaUse } from '../../domain/usage.js';
import type { Restriction } from '../../domain/restrictions.js';
import type { DeferredTask } from '../../domain/task-queue.js';

/**
 * Which plane an operation belongs to and what its caller needs:
 * - public: anyone; - member: a signed-in account of a space, holding the permissions its input
 *   `requires` (e.g. sponsoring an O account of a partition), if any;
 * - admin: a member whose roles grant `permission` in the space's permission matrix;
 * - operator: a site operator (observers only for operations whose effect is `read` or `none`);
 * - agent: a fleet host's enrolled agent.
 * Permissions are keys of `domain/permissions.ts`, checked against the space's matrix in the
 * operation's transaction.
 */
export type Access<Input = unknown> =
  | { plane: 'public' }
  | { plane: 'member'; requires?(input: Input, member: Member): Requirement[] }
  | { plane: 'admin'; permission: PermissionKey }
  | { plane: 'operator' }
  | { plane: 'agent' };

/** A permission an input asks for, with the partition it applies to when the key is scoped by partition. */
export interface Requirement {
  permission: PermissionKey;
  partitionId?: string | null;
}

/**
 * What an operation does to the data, so that restrictions are decided by the pipeline:
 * none (touches no data: no transaction, no restriction applies), read (allowed under read-only
 * and frozen), session (signs in or out: writes only sessions and bookkeeping, so it is allowed
 * under read-only and frozen too), write (changes data), growth (may add volume).
 */
export type Effect = 'none' | 'read' | 'session' | 'write' | 'growth';

/** Facts about the request, captured once by the pipeline (never passed by operations). */
export interface RequestInfo {
  requestId: string;
  address: string;
  userAgent: string | null;
}

/** Where the pipeline reports what must not fail a call (a pino logger is one). */
export type { PipelineLog } from './consumption.js';

/**
 * Who calls an operation, described by its transport (an HTTP route, the live channel, the task
 * engine, an agent): the pipeline needs no HTTP request.
 */
export interface Caller extends RequestInfo {
  /** The bearer token presented; null for none (anonymous). */
  credential: string | null;
  /** The call's own log (default: the server's). */
  log?: PipelineLog;
}

export interface OperationContext {
  /**
   * The operation's transaction, its queries confined to the space acted in (store/space-scope.ts):
   * a member's space, the one a `targetsSpace` input names, else the site; operators' are not
   * confined, as they govern many spaces. Raw SQL escapes the confinement: operations use the
   * query builder.
   */
  tx: Tx;
  principal: Principal;
  /** The principal of a member-plane operation (throws for any other). */
  member: Member;
  /** The host of an agent-plane operation's agent (throws for any other). */
  agentHost: string;
  /** The space acted in: the member's, or the one a `targetsSpace` input names (null if none has that org code); 0 is the site. */
  spaceId: number | null;
  /** That space's state as the restriction stage read it (null for the site and unknown org codes). */
  space: SpaceState | null;
  /** The member's quotas and usage as the restriction stage read them (operations of effect `growth` only, else null). */
  quota: QuotaUse | null;
  /** The restrictions in force for the caller, as the restriction stage found them (the space's alone for a non-member). */
  restrictions: readonly Restriction[];
  /** The restrictions leave the operation the urgent chats alone (catch-up under minimal access): it answers with them only. */
  urgentOnly: boolean;
  request: RequestInfo;
  config: Config;
  files: FileStore;
  /** Time of the operation, identical for all its writes. */
  now: number;
  /** 1, then 2… when the transaction is run again after a conflict. */
  attempt: number;
  /** Queues a task in the operation's transaction: it exists if and only if the operation commits. */
  defer(task: DeferredTask): Promise<void>;
  /** Asks the task engine to look at the queue once the operation has committed (a task was made due). */
  wakeTasks(): void;
  /** Announces, once committed, that a subtree changed. */
  notify(notice: ChangeNotice): void;
  /** Sets the target and the non-secret details of the audit entry of an audited operation. */
  describe(target: string | null, details?: Record<string, unknown>): void;
  /**
   * Counts documents read or written and file bytes moved by the operation; counted for members
   * once the operation succeeded. Counting anything replaces the default: 1 read for effect
   * `read`, 1 write for `write` and `growth`.
   */
  count(consumption: Partial<Consumption>): void;
  /** The member's consumption counted but not yet written to the database, by month. */
  pendingConsumption(): MonthlyConsumption[];
}

export interface Operation<I extends TObject = TObject, O extends TSchema = TSchema> {
  /** Stable name, also the route: POST /api/ops/<name>. */
  name: string;
  summary: string;
  access: Access<Static<I>>;
  effect: Effect;
  /** Administrative operations leave an audit entry, whether they succeed or fail (not with effect `none`). */
  audit?: boolean;
  /** The audit target as the input names it, so that a refusal before the operation ran still says what was aimed at. */
  auditTarget?(input: Static<I>): string;
  /**
   * The operation checks a secret (sign-in, phrases): its failures are answered no sooner than
   * 1 s after the request, and an address with too many recent failures is refused at once.
   */
  checksCredentials?: boolean;
  /**
   * The operation stays allowed under every restriction of a space but closing and the sign-in ban
   * (read-only, frozen, no-growth): urgent chats, through which a member reaches the treasurer
   * whatever happens. The restriction stage reads it; operations never check restrictions themselves.
   */
  unrestricted?: boolean;
  /**
   * The operation's class in the restriction table (domain/restrictions.ts) when its effect does not
   * say it: `own` reads the account's own costs, quotas and notifications (allowed under minimal
   * access), `credit` is an A account's payment or own quotas, `catch-up` the sync that brings
   * urgent chats even when nothing else may be read.
   */
  restrictionClass?: 'own' | 'credit' | 'catch-up';
  /** The input names a space by its `orgCode` (public operations such as sign-in): the space's state restricts the operation. */
  targetsSpace?: boolean;
  /**
   * Like `targetsSpace`, for an input that names its space otherwise: the pipeline looks it up
   * first, outside the confinement (a fleet's enrolment token names a host, whose fleet it enrols
   * in); null: no space, and the operation finds nothing.
   */
  spaceOfInput?(input: Static<I>, tx: Tx): Promise<number | null>;
  input: I;
  output: O;
  /** The operation's own rules only; runs inside one transaction and may be run again on conflict. */
  run(input: Static<I>, context: OperationContext): Promise<Static<O>>;
}

/** Declares an operation with its input and output types inferred from the schemas. */
export function defineOperation<I extends TObject, O extends TSchema>(operation: Operation<I, O>): Operation<I, O> {
  return operation;
}

/**
 * An operation of any schema, as registries hold them; `run` is only ever called with validated input.
 * The functions that take the input are methods, whose parameters are compared bivariantly: an operation
 * of a specific input is one.
 */
export type AnyOperation = Operation;
