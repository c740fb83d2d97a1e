// The server under benchmark, in its own process and from the compiled code (`npm run build`), as
// `npm start` runs it: the full Ilot stack on one port, and a bare Fastify route answering the
// same payload on another port of the same process (the baseline).
import Fastify from 'fastify';
import { Value } from '@sinclair/typebox/value';
import { ConfigSchema } from '../dist/config/schema.js';
import { startServer } from '../dist/server/server.js';
import { ilotVersion } from '../dist/config/version.js';
import { operations } from '../dist/server/operations/index.js';
import { defineOperation } from '../dist/server/pipeline/operation.js';
import { Type } from '@sinclair/typebox';
import { defaultMatrix, loadMatrix } from '../dist/domain/permissions.js';
import { CachedMatrices } from '../dist/server/pipeline/authorize.js';

// A public read through the transaction stage (ping itself touches no data): one indexed read.
const siteRead = defineOperation({
  name: 'bench.siteRead',
  summary: 'Reads the site row (benchmark)',
  access: { plane: 'public' },
  effect: 'read',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({ orgCode: Type.String() }),
  run: async (_input, { tx }) => ({
    orgCode: (await tx.selectFrom('spaces').select('org_code').where('id', '=', 0).executeTakeFirstOrThrow()).org_code,
  }),
});

// A member's read that does nothing itself, with and without a permission to hold (bench/permissions.ts).
const memberPing = defineOperation({
  name: 'bench.memberPing',
  summary: 'A member read asking no permission (benchmark)',
  access: { plane: 'member' },
  effect: 'read',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({}),
  run: async () => ({}),
});
const adminPing = defineOperation({ ...memberPing, name: 'bench.adminPing', access: { plane: 'admin', permission: 'permissions.read' } });

// Where the permission stage finds a space's matrix, switched between rounds by bench/permissions.ts
// (a message { permissions: <source> }): Ilot's cache (the default), the defaults in code alone (the
// fixed rules before per-space matrices: the baseline), or a read in every transaction.
const matrixSources = {
  cached: new CachedMatrices(),
  fixed: { matrixOf: async () => defaultMatrix },
  uncached: { matrixOf: (tx, space) => loadMatrix(tx, space.id) },
};
let matrixSource = matrixSources.cached;

const dir = process.argv[2];
const overrides = JSON.parse(process.argv[3] ?? '{}');
const config = Value.Default(ConfigSchema, {
  ...overrides,
  listen: { port: 0 },
  database: { ...overrides.database, url: process.env.ILOT_BENCH_DATABASE_URL ?? `sqlite:${dir}/ilot.db` },
  files: { dir: `${dir}/files` },
  // Every bench request comes from one address: the limiter still runs, with room for the run;
  // concurrent sign-ins stand for many members, not one address's attempts held by the throttle.
  http: { rateLimitPerMinute: 1_000_000_000 },
  sessions: { ...overrides.sessions, maxFailedSignIns: 1000 },
  log: { level: 'warn' },
});

const server = await startServer(config, {
  operations: [...operations, siteRead, memberPing, adminPing],
  permissions: { matrixOf: (tx, space) => matrixSource.matrixOf(tx, space) },
});
const bare = Fastify();
bare.post('/bare', async () => ({ site: config.siteName, version: ilotVersion, time: Date.now() }));
await bare.listen({ host: '127.0.0.1', port: 0 });
process.send({ ilot: server.url, bare: `http://127.0.0.1:${bare.server.address().port}` });
// Benchmarks that watch memory ask for the V8 heap too (bench/malformed.ts).
process.on('message', (message) => message === 'memory' && process.send({ memory: process.memoryUsage() }));
process.on('message', (message) => {
  if (!message?.permissions) return;
  matrixSource = matrixSources[message.permissions];
  process.send({ permissions: message.permissions });
});
process.on('SIGTERM', () => void Promise.all([server.stop(), bare.close()]).then(() => process.exit(0)));
