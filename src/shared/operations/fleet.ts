import { Type, type Static } from '@sinclair/typebox';
import { ByteSize, Count, Serial } from '../integers.js';
import { Nullable, OrgCode } from '../protocol.js';
import { defineContract } from './contract.js';

// Contracts of the fleet (see contract.ts): operators keep the tower's catalogs (hosts, apps and
// their versions, permissions) and command hosts; agents enrol, then exchange messages with the
// tower (results in, commands out).

const closed = { additionalProperties: false } as const;

export const HostName = () =>
  Type.String({ pattern: '^[a-z0-9][a-z0-9.-]{0,62}$', description: 'host name (lowercase letters, digits, . and -)' });
export const HostId = () => Type.String({ pattern: '^[a-z0-9]{16}$', description: 'host id' });
export const HostLabel = () =>
  Type.String({ pattern: '^[a-z0-9][a-z0-9_.-]{0,39}(=[A-Za-z0-9_.-]{0,40})?$', description: 'label: a word, or key=value' });
export const AppName = () => Type.String({ pattern: '^[a-z][a-z0-9-]{1,39}$', description: 'app name' });
export const AppVersion = () => Type.String({ pattern: '^[0-9A-Za-z][0-9A-Za-z.+-]{0,39}$', description: 'version' });
export const CommandId = () =>
  Type.String({ pattern: '^[A-Za-z0-9_-]{8,40}$', description: 'command id (8 to 40 letters, digits, _ and -)' });
const OperatorName = () => Type.String({ pattern: '^[a-z][a-z0-9_-]{0,63}$', description: 'operator name' });
const Sha256 = () => Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256, lowercase hex' });
const AgentVersion = () => Type.String({ pattern: '^[0-9A-Za-z.+-]{1,40}$', description: "the agent's version" });

/** How long a started app must stay up for `start` and `restart` to succeed. */
const StableMs = () => Type.Optional(Count(600_000, { description: 'milliseconds the app must stay up (default 1000)' }));

/** The typed commands; the agent receives the same object. */
export const CommandSpec = Type.Union([
  Type.Object({ type: Type.Literal('inventory') }, closed),
  Type.Object({ type: Type.Literal('start'), app: AppName(), stableMs: StableMs() }, closed),
  Type.Object({ type: Type.Literal('stop'), app: AppName() }, closed),
  Type.Object({ type: Type.Literal('restart'), app: AppName(), stableMs: StableMs() }, closed),
  Type.Object(
    {
      type: Type.Literal('deploy'),
      app: AppName(),
      version: AppVersion(),
      migrate: Type.Optional(
        Type.Boolean({ description: 'migrate the database before the switch (default true; a rollout: its first batch only)' }),
      ),
      readySeconds: Type.Optional(Count(3600, { minimum: 1, description: 'time allowed to become ready after the restart (default 60)' })),
    },
    closed,
  ),
  Type.Object({ type: Type.Literal('backup'), app: AppName() }, closed),
  Type.Object({ type: Type.Literal('os.update') }, closed),
]);
export type CommandSpec = Static<typeof CommandSpec>;
export type CommandType = CommandSpec['type'];

export const commandStates = ['pending', 'delivered', 'running', 'succeeded', 'failed', 'timed_out', 'cancelled', 'lost'] as const;
export type CommandState = (typeof commandStates)[number];
const CommandStateSchema = () => Type.Union(commandStates.map((state) => Type.Literal(state)));

/** Why a pending command has not been delivered yet. */
export const WaitingFor = Type.Union([
  Type.Literal('not_enrolled'),
  Type.Literal('revoked'),
  Type.Literal('agent_offline'),
  Type.Literal('host_busy'),
  Type.Literal('previous_batch'),
]);

/** Facts an agent reports about its host. */
export const Inventory = Type.Object(
  {
    hostname: Type.String({ maxLength: 255 }),
    platform: Type.String({ maxLength: 40 }),
    osRelease: Type.String({ maxLength: 200 }),
    arch: Type.String({ maxLength: 40 }),
    cpus: Count(65_536),
    memoryBytes: ByteSize(),
    freeMemoryBytes: ByteSize(),
    diskBytes: ByteSize({ description: "size of the filesystem of the agent's directory" }),
    freeDiskBytes: ByteSize(),
    node: Type.String({ maxLength: 40 }),
    uptimeSeconds: Count(1e10),
  },
  closed,
);
export type Inventory = Static<typeof Inventory>;

export const HostView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  /** The owning organization's org code; null: the provider's. */
  owner: Nullable(Type.String()),
  labels: Type.Array(Type.String()),
  enrolled: Type.Boolean(),
  revoked: Type.Boolean(),
  online: Type.Boolean({ description: 'the agent was heard from within fleet.offlineAfterSeconds' }),
  agentVersion: Nullable(Type.String()),
  lastContactAt: Nullable(Type.Integer()),
  inventory: Nullable(Inventory),
  /** Per app, the version of the last deploy that succeeded on the host (a failed one rolled back to it). */
  deployed: Type.Array(Type.Object({ app: Type.String(), version: Type.String(), at: Type.Integer() })),
});

export const CommandView = Type.Object({
  id: Type.String(),
  host: Type.String(),
  spec: CommandSpec,
  state: CommandStateSchema(),
  issuedBy: Type.String(),
  createdAt: Type.Integer(),
  expiresAt: Type.Integer({ description: 'a command not started by then ends timed out' }),
  timeoutMs: Type.Integer(),
  deliveredAt: Nullable(Type.Integer()),
  startedAt: Nullable(Type.Integer()),
  endedAt: Nullable(Type.Integer()),
  cancelRequested: Type.Boolean(),
  output: Nullable(Type.String()),
  error: Nullable(Type.String()),
  waitingFor: Nullable(WaitingFor),
  rollout: Nullable(Type.Object({ id: Type.String(), batch: Type.Integer() })),
});

const ByHost = Type.Object({ name: HostName() }, closed);

export const addHost = defineContract({
  name: 'fleet.host.add',
  summary: 'Add a host to the fleet and make its one-time enrolment token',
  input: Type.Object(
    {
      name: HostName(),
      labels: Type.Optional(Type.Array(HostLabel(), { maxItems: 20, uniqueItems: true })),
      orgCode: Type.Optional(OrgCode()),
    },
    closed,
  ),
  output: Type.Object({ host: HostView, enrolToken: Type.String(), expiresAt: Type.Integer() }),
});

export const renewEnrolment = defineContract({
  name: 'fleet.host.enrolment',
  summary: "Make a new one-time enrolment token for a host (its agent's credential, if any, stops working once it is used)",
  input: ByHost,
  output: Type.Object({ host: HostView, enrolToken: Type.String(), expiresAt: Type.Integer() }),
});

export const listHosts = defineContract({
  name: 'fleet.host.list',
  summary: 'List the hosts of the fleet',
  input: Type.Object({ orgCode: Type.Optional(OrgCode()) }, closed),
  output: Type.Object({ hosts: Type.Array(HostView) }),
});

export const showHost = defineContract({
  name: 'fleet.host.show',
  summary: 'A host with its pending (and why they wait), running and executed commands',
  input: Type.Object({ name: HostName(), executed: Type.Optional(Count(500, { minimum: 1, default: 50 })) }, closed),
  output: Type.Object({
    host: HostView,
    pending: Type.Array(CommandView),
    running: Type.Array(CommandView),
    executed: Type.Array(CommandView),
  }),
});

export const revokeHost = defineContract({
  name: 'fleet.host.revoke',
  summary: "Revoke a host's agent credential: its messages are refused from now on",
  input: ByHost,
  output: HostView,
});

const AppView = Type.Object({
  name: Type.String(),
  kind: Type.Union([Type.Literal('ilot'), Type.Literal('process')]),
  command: Nullable(Type.Array(Type.String())),
  versions: Type.Array(
    Type.Object({ version: Type.String(), sha256: Type.String(), archivePath: Type.String(), createdAt: Type.Integer() }),
  ),
});

export const addApp = defineContract({
  name: 'fleet.app.add',
  summary: 'Add an app to the catalog: Ilot, or a program the process driver runs',
  input: Type.Object(
    {
      name: AppName(),
      kind: Type.Union([Type.Literal('ilot'), Type.Literal('process')]),
      command: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 1000 }), { minItems: 1, maxItems: 64 })),
    },
    closed,
  ),
  output: AppView,
});

export const addAppVersion = defineContract({
  name: 'fleet.app.addVersion',
  summary: "Add a version of an app: its release archive on the tower's disk and its SHA-256, checked now",
  input: Type.Object(
    { app: AppName(), version: AppVersion(), archivePath: Type.String({ minLength: 1, maxLength: 1000 }), sha256: Sha256() },
    closed,
  ),
  output: AppView,
});

export const listApps = defineContract({
  name: 'fleet.app.list',
  summary: 'List the apps of the catalog with their versions',
  input: Type.Object({}, closed),
  output: Type.Object({ apps: Type.Array(AppView) }),
});

const HostSelector = Type.Union([Type.Object({ label: HostLabel() }, closed), Type.Object({ name: HostName() }, closed)]);

const PermissionView = Type.Object({
  id: Type.String(),
  operator: Type.String(),
  app: Type.String(),
  owner: Nullable(Type.String({ description: "org code of the organization's fleet; null: the provider's" })),
  hosts: Type.Object({ label: Type.Optional(Type.String()), name: Type.Optional(Type.String()) }),
  createdAt: Type.Integer(),
});

export const grantPermission = defineContract({
  name: 'fleet.permission.grant',
  summary: 'Let an operator command an app on the hosts of a label or name, in the provider’s or an organization’s fleet',
  input: Type.Object({ operator: OperatorName(), app: AppName(), hosts: HostSelector, orgCode: Type.Optional(OrgCode()) }, closed),
  output: PermissionView,
});

export const revokePermission = defineContract({
  name: 'fleet.permission.revoke',
  summary: 'Withdraw a fleet permission',
  input: Type.Object({ id: Type.String({ pattern: '^[a-z0-9]{16}$' }) }, closed),
  output: PermissionView,
});

export const listPermissions = defineContract({
  name: 'fleet.permission.list',
  summary: 'List who may command which app on which hosts',
  input: Type.Object({}, closed),
  output: Type.Object({ permissions: Type.Array(PermissionView) }),
});

export const issueCommand = defineContract({
  name: 'fleet.command.issue',
  summary: 'Send a command to a host; the same id sent again gives the same command',
  input: Type.Object(
    {
      host: HostName(),
      command: CommandSpec,
      id: Type.Optional(CommandId()),
      timeoutSeconds: Type.Optional(Count(86_400, { minimum: 1, description: 'run time allowed once started (default 300)' })),
      expiresInSeconds: Type.Optional(Count(2_592_000, { minimum: 1, description: 'time allowed to start (default 86400)' })),
    },
    closed,
  ),
  output: CommandView,
});

export const cancelCommand = defineContract({
  name: 'fleet.command.cancel',
  summary: 'Cancel a command: at once if pending, else asks the agent, which has graceSeconds to confirm',
  input: Type.Object({ id: CommandId(), graceSeconds: Type.Optional(Count(3600, { minimum: 1, description: 'default 30' })) }, closed),
  output: CommandView,
});

export const showCommand = defineContract({
  name: 'fleet.command.show',
  summary: 'A command with its state and result',
  input: Type.Object({ id: CommandId() }, closed),
  output: CommandView,
});

/** `agent.<host id>.<secret>`: the bearer credential of an enrolled agent. */
export const agentCredentialPattern = /^agent\.([a-z0-9]{16})\.([A-Za-z0-9_-]{43})$/;

export const enrolAgent = defineContract({
  name: 'fleet.agent.enrol',
  summary: 'An agent exchanges its one-time enrolment token for its host credential',
  input: Type.Object(
    {
      token: Type.String({ pattern: '^[a-z0-9]{16}\\.[A-Za-z0-9_-]{43}$', description: 'as `ilot fleet host add` printed it' }),
      version: AgentVersion(),
    },
    closed,
  ),
  output: Type.Object({ hostId: Type.String(), hostName: Type.String(), credential: Type.String() }),
});

/** The end states an agent reports, and `running`. */
const ReportedState = Type.Union(
  (['running', 'succeeded', 'failed', 'timed_out', 'cancelled', 'lost'] as const).map((state) => Type.Literal(state)),
);
export type ReportedState = Static<typeof ReportedState>;

export const CommandReport = Type.Object(
  {
    commandId: CommandId(),
    state: ReportedState,
    output: Type.Optional(Type.String({ maxLength: 4000 })),
    error: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  closed,
);
export type CommandReport = Static<typeof CommandReport>;

/** What an agent is told to run: the command, its deadline, and the app as the catalog describes it. */
export const AgentCommand = Type.Object({
  id: Type.String(),
  spec: CommandSpec,
  timeoutMs: Type.Integer(),
  app: Nullable(Type.Object({ name: Type.String(), kind: Type.String(), command: Nullable(Type.Array(Type.String())) })),
  /** For a deploy: the release archive's SHA-256, fetched from the tower with `fleet.agent.release`. */
  release: Type.Optional(Type.Object({ version: Type.String(), sha256: Type.String() })),
});
export type AgentCommand = Static<typeof AgentCommand>;

export const agentExchange = defineContract({
  name: 'fleet.agent.exchange',
  summary: 'An agent reports results and facts and receives its commands and cancellations',
  input: Type.Object(
    {
      seq: Serial({ minimum: 1, description: 'higher than any the agent sent before: a replay is refused' }),
      version: AgentVersion(),
      reports: Type.Array(CommandReport, { maxItems: 100 }),
      inventory: Type.Optional(Inventory),
    },
    closed,
  ),
  output: Type.Object({ commands: Type.Array(AgentCommand), cancel: Type.Array(Type.String()) }),
});

export const agentRelease = defineContract({
  name: 'fleet.agent.release',
  summary: 'An agent asks for the release archive of a deploy it was given (GET /api/agent/release/<command id> streams it)',
  input: Type.Object({ commandId: CommandId() }, closed),
  output: Type.Object({ archivePath: Type.String(), sha256: Type.String(), version: Type.String() }),
});

export const rolloutStates = ['running', 'succeeded', 'failed', 'cancelled'] as const;

/** What a rollout is, with or without its hosts. */
const rolloutFields = {
  id: Type.String(),
  app: Type.String(),
  version: Type.String(),
  label: Type.String(),
  owner: Nullable(Type.String()),
  maxUnavailable: Type.Integer(),
  state: Type.Union(rolloutStates.map((state) => Type.Literal(state))),
  /** The batch now deploying (1-based); past the last once ended. */
  currentBatch: Type.Integer(),
  reason: Nullable(Type.String({ description: 'why it stopped' })),
  issuedBy: Type.String(),
  createdAt: Type.Integer(),
  endedAt: Nullable(Type.Integer()),
};

export const RolloutView = Type.Object({
  ...rolloutFields,
  batches: Type.Array(
    Type.Object({
      batch: Type.Integer(),
      hosts: Type.Array(
        Type.Object({
          host: Type.String(),
          online: Type.Boolean(),
          agentVersion: Nullable(Type.String()),
          command: CommandView,
        }),
      ),
    }),
  ),
});

/** A rollout without its hosts, as a list shows it. */
const RolloutSummary = Type.Object({ ...rolloutFields, batchCount: Type.Integer() });

export const listRollouts = defineContract({
  name: 'fleet.rollout.list',
  summary: 'The latest rollouts, newest first',
  input: Type.Object({ limit: Type.Optional(Count(500, { minimum: 1, default: 50 })) }, closed),
  output: Type.Object({ rollouts: Type.Array(RolloutSummary) }),
});

const RolloutId = () => Type.String({ pattern: '^[A-Za-z0-9_-]{8,40}$', description: 'rollout id' });

export const startRollout = defineContract({
  name: 'fleet.rollout.start',
  summary: 'Deploy a version on the hosts of a label, in batches of at most maxUnavailable hosts, each waiting for the previous one',
  input: Type.Object(
    {
      app: AppName(),
      version: AppVersion(),
      label: HostLabel(),
      orgCode: Type.Optional(OrgCode()),
      maxUnavailable: Type.Optional(Count(1000, { minimum: 1, description: 'hosts deploying at once (default 1)' })),
      readySeconds: Type.Optional(Count(3600, { minimum: 1, description: 'per host, time allowed to become ready (default 60)' })),
      timeoutSeconds: Type.Optional(Count(86_400, { minimum: 1, description: 'per host, run time of the deploy (default 300)' })),
    },
    closed,
  ),
  output: RolloutView,
});

export const showRollout = defineContract({
  name: 'fleet.rollout.show',
  summary: 'A rollout: its batches, and for each host its command, state and health',
  input: Type.Object({ id: RolloutId() }, closed),
  output: RolloutView,
});

export const cancelRollout = defineContract({
  name: 'fleet.rollout.cancel',
  summary: 'Stop a rollout: its pending deploys are cancelled, the running ones asked to stop',
  input: Type.Object({ id: RolloutId() }, closed),
  output: RolloutView,
});
