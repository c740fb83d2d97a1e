import { Kind, type TSchema } from '@sinclair/typebox';
import type { Config } from '../../config/schema.js';
import { IlotError, type ErrorCode } from '../../shared/errors.js';
import type { Store, Tx } from '../../store/database.js';
import { appendAuditEntry } from '../../domain/audit-entries.js';
import type { FileStore } from '../../store/files/file-store.js';
import { siteSpaceId } from '../../store/schema.js';
import { SpaceScope } from '../../store/space-scope.js';
import type { CredentialAttempt, FailureGuard } from './failure-guard.js';
import { authorizePermissions, authorizePlane, requirementsOf, type MatrixSource } from './authorize.js';
import type { ChangeNotice, ChangeNotices } from './notices.js';
import type { AnyOperation, Caller, Effect, OperationContext, PipelineLog, RequestInfo } from './operation.js';
import { addConsumption, noConsumption, type Consumption } from '../../domain/consumption.js';
import type { ConsumptionMeter } from './consumption.js';
import type { Member, Principal } from '../../domain/principal.js';
import { isPermissionKey } from '../../domain/permissions.js';
import { actorOf, spaceOf, type Authenticator } from './principal.js';
import { checkRestrictions } from './restrictions.js';
import { automaticSourcesAt } from './automatic-restrictions.js';
import { accountRestrictions, spaceRestrictions, type Restriction } from '../../domain/restrictions.js';
import type { QuotaUse } from '../../domain/usage.js';
import { loadSpaceState, loadSpaceWithUse, type SpaceState } from '../../domain/spaces.js';
import { guardSpace, scopedIdPaths, type IdPath } from './space-guard.js';
import { inputCheck, type InputCheck } from './validate.js';
import { deferTask, type DeferredTask } from '../../domain/task-queue.js';

/** Failures of credential-checking operations are answered no sooner than this after the request. */
export const credentialFailureDelayMs = 1000;

/**
 * The refusals that say a secret was wrong: only these count as failures against the address.
 * Others (a stale session, a closed space, a quota, a busy database) judged no secret.
 */
const wrongSecret = new Set<ErrorCode>([
  'SIGNIN_FAILED',
  'SPONSORSHIP_INVALID',
  'CONTACT_PHRASE_INVALID',
  'PASSPHRASE_WRONG',
  'ENROL_TOKEN_INVALID',
]);

export interface PipelineDeps {
  config: Config;
  failures: FailureGuard;
  store: Store;
  files: FileStore;
  authenticate: Authenticator;
  /** The spaces' permission matrices. */
  permissions: MatrixSource;
  notices: ChangeNotices;
  /** Counts members' consumption of operations that succeeded. */
  consumption: ConsumptionMeter;
  /** Called once an operation that queued tasks has committed (wakes the task engine). */
  onTasksQueued?: () => void;
  /** Where failures that must not fail a call are reported, unless the caller brings its own log. */
  log: PipelineLog;
  /** Told how long each operation took (metrics, slow-operation log). */
  timings?: { observe(operation: string, result: 'ok' | 'error', ms: number, requestId: string): void };
}

/** An operation as registered: its input check and where its input names scoped ids, found once. */
interface Registered {
  operation: AnyOperation;
  check: InputCheck;
  idPaths: IdPath[];
}

/** No space has this id: an org code that names no space gives its operation nothing to read or write. */
const noSpace = -1;

/**
 * The transaction an operation sees, confined to the space it acts in (store/space-scope.ts): a
 * member's own, the one a `targetsSpace` input names, or else the site (public operations).
 * Operators govern many spaces and are not confined.
 */
function confined(tx: Tx, operation: AnyOperation, principal: Principal, space: SpaceState | null): Tx {
  if (principal.kind === 'operator') return tx;
  const spaceId = namesSpace(operation) ? (space?.id ?? noSpace) : (spaceOf(principal) ?? siteSpaceId);
  return tx.withPlugin(SpaceScope.of(spaceId));
}

/** Whether an operation's input names the space it acts in (by org code, or otherwise). */
const namesSpace = (operation: AnyOperation) => operation.targetsSpace === true || operation.spaceOfInput !== undefined;

/** The space an operation's `spaceOfInput` finds for its input, or null. */
async function spaceFoundBy(operation: AnyOperation, input: unknown, tx: Tx): Promise<SpaceState | null> {
  const id = await operation.spaceOfInput?.(input as Record<string, unknown>, tx);
  return id == null ? null : loadSpaceState(tx, { id });
}

/** What a member's operation counts when it counted nothing itself. */
const defaultConsumption: Record<Effect, Partial<Consumption>> = {
  none: {},
  session: {},
  read: { reads: 1 },
  write: { writes: 1 },
  growth: { writes: 1 },
};

interface AuditNote {
  target: string | null;
  details: Record<string, unknown> | undefined;
}

/** What an operation sees, and what it records, during one attempt. */
class OperationRun implements OperationContext {
  readonly notices: ChangeNotice[] = [];
  note: AuditNote;
  readonly now = Date.now();

  constructor(
    private readonly operationName: string,
    private readonly transaction: Tx | null,
    readonly principal: Principal,
    readonly spaceId: number | null,
    readonly space: SpaceState | null,
    readonly quota: QuotaUse | null,
    readonly restrictions: readonly Restriction[],
    readonly urgentOnly: boolean,
    readonly request: RequestInfo,
    readonly config: Config,
    readonly files: FileStore,
    readonly attempt: number,
    target: string | null,
    private readonly meter: ConsumptionMeter,
  ) {
    this.note = { target, details: undefined };
  }

  get member(): Member {
    if (this.principal.kind !== 'member') throw new Error(`${this.operationName} is not run by a member`);
    return this.principal;
  }

  get agentHost(): string {
    if (this.principal.kind !== 'agent') throw new Error(`${this.operationName} is not run by an agent`);
    return this.principal.hostId;
  }

  get tx(): Tx {
    if (!this.transaction) throw new Error(`${this.operationName} declares effect "none" and has no transaction`);
    return this.transaction;
  }

  deferred = false;

  // Fields, not methods: operations destructure them from the context.
  defer = async (task: DeferredTask): Promise<void> => {
    await deferTask(this.tx, task, this.now);
    this.deferred = true;
  };

  wakeTasks = (): void => {
    this.deferred = true;
  };

  notify = (notice: ChangeNotice): void => {
    this.notices.push(notice);
  };

  describe = (target: string | null, details?: Record<string, unknown>): void => {
    this.note = { target, details };
  };

  /** What the operation counted itself, if anything. */
  counted: Consumption | null = null;

  count = (consumption: Partial<Consumption>): void => {
    addConsumption((this.counted ??= noConsumption()), consumption);
  };

  pendingConsumption = () => this.meter.pending(this.member.spaceId, this.member.accountId);
}

/**
 * Runs operations through the same stages, in order, whoever calls (an HTTP route, the live
 * channel, a task, an agent): validate → authenticate → authorize → space guard → transaction
 * { restrictions → operation → audit entry } with retry on conflict → consumption count (members) →
 * change notices → reply.
 * Operations of effect `none` touch no data: they skip the transaction and the restrictions.
 * Public operations that name a space by org code (`targetsSpace`) are restricted by its state.
 * A failure of an audited operation, or a cross-space attempt, is audited after the rollback.
 */
export class Pipeline {
  private readonly registered = new Map<string, Registered>();

  constructor(private readonly deps: PipelineDeps) {}

  /** Prepares an operation once: its input check, and where its input names scoped ids. */
  register(operation: AnyOperation): void {
    const known = this.registered.get(operation.name);
    if (known?.operation === operation) return;
    if (known) throw new Error(`two operations are named ${operation.name}`);
    if (operation.audit && operation.effect === 'none')
      throw new Error(`${operation.name}: an audited operation needs a transaction for its entry`);
    if (
      operation.effect === 'none' &&
      (operation.access.plane === 'admin' || (operation.access.plane === 'member' && operation.access.requires))
    )
      throw new Error(`${operation.name}: permissions are checked in a transaction, which effect "none" does not have`);
    if (operation.access.plane === 'admin' && !isPermissionKey(operation.access.permission))
      throw new Error(`${operation.name}: "${String(operation.access.permission)}" is not a permission key of domain/permissions.ts`);
    requireClosedObjects(operation.input, operation.name);
    this.registered.set(operation.name, { operation, check: inputCheck(operation.input), idPaths: scopedIdPaths(operation.input) });
  }

  /** Runs a registered operation, named or given, for a caller: the reply's output, or the error (an IlotError for refusals). */
  async execute(operationOrName: AnyOperation | string, given: unknown, caller: Caller): Promise<unknown> {
    const name = typeof operationOrName === 'string' ? operationOrName : operationOrName.name;
    const registered = this.registered.get(name);
    if (!registered || (typeof operationOrName !== 'string' && registered.operation !== operationOrName))
      throw new Error(`operation ${name} is not registered`);
    const { operation } = registered;
    // Before anything else: a malformed call is neither counted against a credential nor slowed down.
    const input = registered.check(given);
    const started = Date.now();
    const clock = performance.now();
    const info: RequestInfo = {
      requestId: caller.requestId,
      address: caller.address.slice(0, 64),
      userAgent: caller.userAgent?.slice(0, 300) ?? null,
    };
    const log = caller.log ?? this.deps.log;
    let principal: Principal = { kind: 'anonymous' };
    // The last attempt's context: its notices and audit note.
    let lastRun: OperationRun | undefined;
    // The space acted in, once known: audit entries go to its chain.
    let actedIn: number | null = null;
    // A credential check holds its place against the address from before the secret is looked up until it is judged.
    let check: CredentialAttempt | null = null;
    try {
      if (operation.checksCredentials) {
        check = await this.deps.failures.attempt(info.address);
        if (!check) throw new IlotError('SIGNIN_THROTTLED');
      }
      principal = await this.authenticate(operation, caller.credential);
      authorizePlane(operation, principal);
      const requirements = principal.kind === 'member' ? requirementsOf(operation, principal, input) : [];
      guardSpace(principal, input, registered.idPaths);
      const target = operation.auditTarget?.(input) ?? null;
      const run = (
        tx: Tx | null,
        attempt: number,
        spaceId: number | null,
        space: SpaceState | null,
        quota: QuotaUse | null = null,
        restrictions: readonly Restriction[] = [],
        urgentOnly = false,
      ) =>
        (lastRun = new OperationRun(
          operation.name,
          tx,
          principal,
          spaceId,
          space,
          quota,
          restrictions,
          urgentOnly,
          info,
          this.deps.config,
          this.deps.files,
          attempt,
          target,
          this.deps.consumption,
        ));
      const output =
        operation.effect === 'none'
          ? await operation.run(input, run(null, 1, spaceOf(principal), null))
          : await this.deps.store.transaction(
              async (tx, attempt) => {
                const { space, use } = await this.spaceActedIn(tx, operation, principal, input);
                const spaceId = space?.id ?? spaceOf(principal);
                actedIn = spaceId;
                if (requirements.length > 0)
                  authorizePermissions(await this.deps.permissions.matrixOf(tx, space!), principal as Member, requirements);
                const restrictions = [
                  ...spaceRestrictions(space, use),
                  ...(principal.kind === 'member' && space
                    ? await accountRestrictions(tx, principal, automaticSourcesAt(Date.now(), this.deps.config))
                    : []),
                ];
                const { urgentOnly } = checkRestrictions(operation, space, restrictions, Date.now(), use);
                const context = run(confined(tx, operation, principal, space), attempt, spaceId, space, use, restrictions, urgentOnly);
                const result = await operation.run(input, context);
                if (operation.audit) await appendAuditEntry(tx, auditEntry(operation, principal, actedIn, info, context.note, null));
                return result;
              },
              { readOnly: operation.effect === 'read' && !operation.audit },
            );
      check?.end(false);
      // Committed: queued tasks may start, consumption counts (the last attempt's only), and a failing listener must not turn the reply into an error.
      if (lastRun?.deferred) this.deps.onTasksQueued?.();
      if (lastRun && principal.kind === 'member')
        this.deps.consumption.add(principal, lastRun.now, lastRun.counted ?? defaultConsumption[operation.effect]);
      try {
        if (lastRun?.notices.length) this.deps.notices.publish(lastRun.notices);
      } catch (error) {
        log.error({ err: error }, 'a change-notice listener failed');
      }
      this.deps.timings?.observe(name, 'ok', performance.now() - clock, info.requestId);
      return output;
    } catch (error) {
      const code = error instanceof IlotError ? error.code : 'INTERNAL';
      check?.end(wrongSecret.has(code));
      // Anonymous refusals are not audited (anyone could fill the log), except guesses of credentials, which are throttled.
      const audited = (operation.audit && (principal.kind !== 'anonymous' || operation.checksCredentials)) || code === 'CROSS_SPACE';
      const note = lastRun?.note ?? { target: operation.auditTarget?.(input) ?? null, details: undefined };
      if (audited) await this.auditFailure(operation, principal, actedIn, info, note, code, log);
      // Timed before the delay below, which is not the operation's work.
      this.deps.timings?.observe(name, 'error', performance.now() - clock, info.requestId);
      if (operation.checksCredentials) {
        // A refused check costs a second, whatever made it fail: the time does not tell why.
        await new Promise((done) => setTimeout(done, started + credentialFailureDelayMs - Date.now()));
      }
      throw error;
    }
  }

  /**
   * The caller's principal. A public operation ignores a token that no longer opens a session (an
   * expired or revoked session's client signing in again): it runs for an anonymous caller.
   */
  private async authenticate(operation: AnyOperation, credential: string | null): Promise<Principal> {
    try {
      return await this.deps.authenticate(credential);
    } catch (error) {
      if (operation.access.plane === 'public' && error instanceof IlotError && error.code === 'SESSION_INVALID')
        return { kind: 'anonymous' };
      throw error;
    }
  }

  /**
   * The space an operation acts in, loaded once for the restriction stage and the operation: a
   * member's own (with the member's quotas and usage for a growth operation, in the same read), or
   * the one its input names (`targetsSpace`, `spaceOfInput`). A member naming another space is a
   * cross-space attempt like any other. Operators act on the site: no space.
   */
  private async spaceActedIn(
    tx: Tx,
    operation: AnyOperation,
    principal: Principal,
    input: unknown,
  ): Promise<{ space: SpaceState | null; use: QuotaUse | null }> {
    if (namesSpace(operation) && principal.kind !== 'operator') {
      const named = operation.targetsSpace
        ? await loadSpaceState(tx, { orgCode: (input as { orgCode: string }).orgCode })
        : await spaceFoundBy(operation, input, tx);
      if (principal.kind === 'member' && named?.id !== principal.spaceId)
        throw new IlotError('CROSS_SPACE', undefined, operation.targetsSpace ? { field: 'orgCode' } : undefined);
      return { space: named, use: null };
    }
    if (principal.kind !== 'member') return { space: null, use: null };
    const own =
      operation.effect === 'growth'
        ? await loadSpaceWithUse(tx, principal)
        : await loadSpaceState(tx, { id: principal.spaceId }).then((space) => space && { space, use: null });
    // A session outliving its space's record (purged after closing) finds it closed.
    if (!own) throw new IlotError('SPACE_CLOSED');
    return own;
  }

  private async auditFailure(
    operation: AnyOperation,
    principal: Principal,
    actedIn: number | null,
    info: RequestInfo,
    note: AuditNote,
    code: string,
    log: PipelineLog,
  ): Promise<void> {
    try {
      await this.deps.store.transaction((tx) => appendAuditEntry(tx, auditEntry(operation, principal, actedIn, info, note, code)));
    } catch (error) {
      // The refusal itself must still reach the caller; the lost entry is reported loudly.
      log.error({ err: error, action: operation.name }, 'could not write the audit entry of a failed operation');
    }
  }
}

/** Unknown fields must be refused: every object of an input schema has to say `additionalProperties: false`. */
function requireClosedObjects(schema: TSchema, name: string): void {
  if (schema[Kind] === 'Object' && schema.additionalProperties !== false)
    throw new Error(`${name}: input objects must set additionalProperties: false`);
  for (const child of [
    ...Object.values((schema.properties ?? {}) as Record<string, TSchema>),
    ...(schema.items ? [schema.items as TSchema] : []),
    ...((schema.anyOf ?? []) as TSchema[]),
  ]) {
    requireClosedObjects(child, name);
  }
}

function auditEntry(
  operation: AnyOperation,
  principal: Principal,
  actedIn: number | null,
  info: RequestInfo,
  note: AuditNote,
  errorCode: string | null,
) {
  return {
    space_id: actedIn ?? spaceOf(principal) ?? siteSpaceId,
    at: Date.now(),
    request_id: info.requestId,
    ...actorOf(principal),
    action: operation.name,
    target: note.target,
    details: note.details ? JSON.stringify(note.details) : null,
    address: info.address,
    user_agent: info.userAgent,
    result: errorCode ? ('error' as const) : ('ok' as const),
    error_code: errorCode,
  };
}
