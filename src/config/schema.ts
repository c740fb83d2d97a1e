import { Type, type Static } from '@sinclair/typebox';

// The site configuration: one schema gives the types, the defaults, the checks at start-up and
// the names of the ILOT_* environment variables (see env.ts). Documented in README.md.
export const ConfigSchema = Type.Object(
  {
    siteName: Type.String({ minLength: 1, maxLength: 80, default: 'Ilot', description: 'Name shown to clients' }),
    listen: Type.Object(
      {
        host: Type.String({ minLength: 1, default: '127.0.0.1', description: 'Address to listen on' }),
        port: Type.Integer({ minimum: 0, maximum: 65535, default: 8080, description: 'TCP port (0 picks a free one)' }),
      },
      { additionalProperties: false, default: {} },
    ),
    database: Type.Object(
      {
        url: Type.String({
          pattern: '^(sqlite:.+|postgres(ql)?://.+)$',
          default: 'sqlite:./data/ilot.db',
          description: 'sqlite:<file path> or postgres://user:password@host:port/database',
        }),
        poolSize: Type.Integer({ minimum: 1, maximum: 200, default: 10, description: 'PostgreSQL connections per node' }),
        busyTimeoutMs: Type.Integer({
          minimum: 0,
          maximum: 600_000,
          default: 5000,
          description: 'How long a statement waits for a lock before the transaction is retried',
        }),
        synchronous: Type.Union([Type.Literal('normal'), Type.Literal('full')], {
          default: 'normal',
          description: 'SQLite: normal (a power loss may lose the last commits) or full (each commit waits for the disk)',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    files: Type.Object(
      {
        dir: Type.String({ minLength: 1, default: './data/files', description: 'Directory of the local file store' }),
        maxFileBytes: Type.Integer({
          minimum: 1024,
          maximum: 2 ** 40,
          default: 512 * 1024 ** 2,
          description: 'Largest file a member may upload (bytes of ciphertext)',
        }),
        uploadHours: Type.Integer({
          minimum: 1,
          maximum: 720,
          default: 24,
          description: 'An upload not validated this many hours after its reservation is removed',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    web: Type.Object(
      {
        dir: Type.String({
          minLength: 1,
          default: './dist/web',
          description: 'Directory of the built web app (npm start builds it there), sent at /',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    http: Type.Object(
      {
        bodyLimitBytes: Type.Integer({
          minimum: 1024,
          maximum: 1024 ** 3,
          default: 1024 * 1024,
          description: 'Largest accepted request body',
        }),
        headersTimeoutMs: Type.Integer({
          minimum: 100,
          maximum: 600_000,
          default: 10_000,
          description: 'A request whose headers have not all arrived this long after it started is answered 408 and closed',
        }),
        requestTimeoutMs: Type.Integer({
          minimum: 100,
          maximum: 3_600_000,
          default: 30_000,
          description: 'A request body (other than an upload) not all arrived this long after its headers is answered 408 and closed',
        }),
        idleTimeoutMs: Type.Integer({
          minimum: 100,
          maximum: 3_600_000,
          default: 65_000,
          description: 'An idle keep-alive connection is closed after this long; an upload may pause this long between two chunks',
        }),
        rateLimitPerMinute: Type.Integer({
          minimum: 1,
          maximum: 1_000_000,
          default: 1200,
          description: 'Requests per minute allowed from one address',
        }),
        trustedProxies: Type.Array(Type.String({ pattern: '^[0-9A-Fa-f:.]+(/[0-9]{1,3})?$' }), {
          default: [],
          maxItems: 100,
          description: 'a JSON list of proxy addresses or CIDR ranges whose X-Forwarded-For is believed',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    log: Type.Object(
      {
        level: Type.Union(
          ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
          { default: 'info', description: 'Log level' },
        ),
        slowOperationMs: Type.Integer({
          minimum: 0,
          maximum: 3_600_000,
          default: 1000,
          description: 'an operation that takes at least this long is logged as slow (0: never)',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    maxSpaces: Type.Integer({ minimum: 1, maximum: 80, default: 80, description: 'Spaces this site may host (numbered 10–89)' }),
    operators: Type.Array(
      Type.Object(
        {
          name: Type.String({ pattern: '^[A-Za-z0-9._-]{1,40}$', description: 'operator name: letters, digits, ".", "_", "-"' }),
          role: Type.Union([Type.Literal('admin'), Type.Literal('observer')], { description: 'admin or observer' }),
          verifier: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$', description: 'the output of `ilot operator verifier`' }),
        },
        { additionalProperties: false },
      ),
      { default: [], maxItems: 50, description: 'a JSON list of {name, role, verifier}' },
    ),
    crypto: Type.Object(
      {
        argon2: Type.Object(
          {
            memoryKib: Type.Integer({ minimum: 8, maximum: 4_194_304, default: 65_536, description: 'Argon2id memory per derivation' }),
            iterations: Type.Integer({ minimum: 1, maximum: 100, default: 3, description: 'Argon2id passes' }),
            parallelism: Type.Integer({ minimum: 1, maximum: 16, default: 1, description: 'Argon2id lanes' }),
          },
          { additionalProperties: false, default: {} },
        ),
      },
      { additionalProperties: false, default: {} },
    ),
    sessions: Type.Object(
      {
        ttlMinutes: Type.Integer({ minimum: 5, maximum: 525_600, default: 720, description: 'Lifetime of a session from its sign-in' }),
        maxFailedSignIns: Type.Integer({
          minimum: 1,
          maximum: 1000,
          default: 10,
          description: 'Failed sign-ins from one address within 15 minutes before it must wait',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    shutdownTimeoutMs: Type.Integer({
      minimum: 100,
      maximum: 600_000,
      default: 10_000,
      description: 'Longest wait for in-flight requests at shutdown',
    }),
    live: Type.Object(
      {
        heartbeatSeconds: Type.Integer({
          minimum: 1,
          maximum: 300,
          default: 30,
          description: 'How often live connections are pinged; one that misses a ping is dropped',
        }),
        maxSocketsPerSession: Type.Integer({
          minimum: 1,
          maximum: 1000,
          default: 8,
          description: 'Live connections one session may hold at once; more are refused (LIVE_SOCKETS_EXHAUSTED)',
        }),
        maxSocketsPerAddress: Type.Integer({
          minimum: 1,
          maximum: 100_000,
          default: 64,
          description: 'Live connections from one client address (IPv6: one /64) at once, signed in or not; more are refused',
        }),
        authTimeoutSeconds: Type.Integer({
          minimum: 1,
          maximum: 300,
          default: 10,
          description: 'How long a new live connection has to authenticate before it is closed',
        }),
        maxMessagesPerMinute: Type.Integer({
          minimum: 1,
          maximum: 10_000,
          default: 60,
          description: 'Messages and pings one live connection may send per minute before it is closed',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    tasks: Type.Object(
      {
        enabled: Type.Boolean({ default: true, description: 'Whether this node runs tasks (on several nodes, any number may)' }),
        dailyAt: Type.String({
          pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
          default: '03:30',
          description: 'Time of the daily tasks, HH:MM in tasks.timeZone',
        }),
        timeZone: Type.String({
          minLength: 1,
          maxLength: 64,
          default: 'UTC',
          description: 'IANA time zone of tasks.dailyAt, e.g. Europe/Paris',
        }),
        leaseSeconds: Type.Integer({
          minimum: 5,
          maximum: 3600,
          default: 60,
          description: 'How long a running task is held by its node without news before another node takes it again',
        }),
        maxAttempts: Type.Integer({
          minimum: 1,
          maximum: 20,
          default: 5,
          description: 'Runs of a failing task (with exponential back-off) before it stays failed and alerts',
        }),
        pollSeconds: Type.Integer({ minimum: 1, maximum: 600, default: 5, description: 'How often an idle node looks for due tasks' }),
        tombstoneRetentionMonths: Type.Integer({
          minimum: 1,
          maximum: 240,
          default: 18,
          description:
            'Age past which tombstones of deleted documents are purged: the longest a client may stay offline and still catch up by changes',
        }),
        auditRetentionMonths: Type.Integer({
          minimum: 1,
          maximum: 240,
          default: 13,
          description: 'Age past which audit entries are purged (a checkpoint keeps the chain verifiable)',
        }),
        closedSpaceRetentionDays: Type.Integer({
          minimum: 0,
          maximum: 3650,
          default: 365,
          description: "How long a closed space's closing message stays before its record is removed",
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    smtp: Type.Object(
      {
        host: Type.String({ default: '', description: 'SMTP server for alerts to operators; empty: no e-mail, alerts only in the log' }),
        port: Type.Integer({ minimum: 1, maximum: 65535, default: 587, description: 'SMTP port' }),
        secure: Type.Boolean({ default: false, description: 'TLS from the start (port 465); otherwise STARTTLS when offered' }),
        user: Type.String({ default: '', description: 'SMTP user name; empty: no authentication' }),
        password: Type.String({ default: '', description: 'SMTP password (never logged)' }),
        from: Type.String({ default: 'ilot@localhost', description: 'Sender address of alerts' }),
        to: Type.Array(Type.String({ minLength: 3, maxLength: 254 }), {
          default: [],
          maxItems: 20,
          description: 'a JSON list of operator addresses that receive alerts',
        }),
        // Mail (issue 17): the operators' language, the timeouts of one sending, the invitations a member may send.
        language: Type.Union([Type.Literal('en'), Type.Literal('fr')], {
          default: 'en',
          description: 'Language of the mails to operators (en or fr)',
        }),
        timeoutSeconds: Type.Integer({
          minimum: 1,
          maximum: 600,
          default: 30,
          description: 'How long one sending may wait on the SMTP server (connection, greeting, each reply) before it fails and is retried',
        }),
        invitationsPerDay: Type.Integer({
          minimum: 0,
          maximum: 1000,
          default: 5,
          description:
            'Sponsorships with an invitation mail an account may create in 24 hours (counting all its sponsorships); 0: no invitation mails',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    backup: Type.Object(
      {
        dir: Type.String({
          default: '',
          description: 'Directory of the backups (best on another disk); empty: no backups are taken and readiness ignores them',
        }),
        dailyAt: Type.String({
          pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
          default: '02:30',
          description: 'Time of the daily backup, HH:MM in tasks.timeZone',
        }),
        keepDaily: Type.Integer({ minimum: 1, maximum: 366, default: 7, description: 'Newest backups kept, one per day' }),
        keepWeekly: Type.Integer({ minimum: 0, maximum: 520, default: 4, description: 'Backups kept beyond those, one per week' }),
        keepMonthly: Type.Integer({ minimum: 0, maximum: 240, default: 6, description: 'Backups kept beyond those, one per month' }),
        maxAgeHours: Type.Integer({
          minimum: 1,
          maximum: 8760,
          default: 48,
          description: 'The site is not ready (/health/ready) when its last good backup is older than this',
        }),
        verify: Type.Boolean({ default: true, description: 'Whether the daily backup is verified (test restore into a scratch database)' }),
        pgBinDir: Type.String({
          default: '',
          description: 'Directory of pg_dump and pg_restore (PostgreSQL); empty: found on the PATH',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    // Costs (issue 16): the tariff, in millicents (a thousandth of a cent), so that the cost of a
    // single document or read is a whole number; amounts paid (tickets, gifts) are in cents.
    costs: Type.Object(
      {
        documentMonth: Type.Integer({
          minimum: 0,
          maximum: 100_000,
          default: 10,
          description: 'Price of a document per month (millicents)',
        }),
        gigabyteMonth: Type.Integer({
          minimum: 0,
          maximum: 100_000,
          default: 2_000,
          description: 'Price of a GB of files per month (millicents)',
        }),
        thousandReads: Type.Integer({ minimum: 0, maximum: 1e9, default: 60, description: 'Price of 1,000 reads (millicents)' }),
        thousandWrites: Type.Integer({ minimum: 0, maximum: 1e9, default: 180, description: 'Price of 1,000 writes (millicents)' }),
        gigabyteDown: Type.Integer({ minimum: 0, maximum: 1e9, default: 10_000, description: 'Price of a GB downloaded (millicents)' }),
        gigabyteUp: Type.Integer({ minimum: 0, maximum: 1e9, default: 1_000, description: 'Price of a GB uploaded (millicents)' }),
        averageMonths: Type.Integer({
          minimum: 1,
          maximum: 12,
          default: 3,
          description: "How many ended months an O account's consumption is averaged over, against its limit",
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    // Mail (issue 17): where the links of mails point.
    site: Type.Object(
      {
        publicUrl: Type.String({
          default: '',
          maxLength: 200,
          pattern: '^(https?://[^\\s/?#@]+(/[^\\s?#]*)?)?$',
          description: 'Public address of the site (https://…), for the links of mails; empty: no invitation mails',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    doctor: Type.Object(
      {
        minFreeDiskMb: Type.Integer({ minimum: 0, default: 1024, description: 'Free disk below which `ilot doctor` fails' }),
      },
      { additionalProperties: false, default: {} },
    ),
    // Fleet (issue 18): the control tower's side of the agents.
    fleet: Type.Object(
      {
        enrolTokenMinutes: Type.Integer({
          minimum: 1,
          maximum: 10080,
          default: 60,
          description: 'How long an enrolment token printed by `ilot fleet host add` stays valid',
        }),
        longPollSeconds: Type.Integer({
          minimum: 0,
          maximum: 55,
          default: 20,
          description: 'How long the tower holds an agent poll open while no command waits (0: plain polling, agents then ask every 5 s)',
        }),
        offlineAfterSeconds: Type.Integer({
          minimum: 5,
          maximum: 3600,
          default: 60,
          description: 'An agent silent this long is offline: the commands it held end lost',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false },
);

export type Config = Static<typeof ConfigSchema>;
