// The server under benchmark, in its own process and from the compiled code (`npm run build`), as
// `npm start` runs it: the full Ilot stack on one port, and a bare Fastify route answering the
// same payload on another port of the same process (the baseline).
import Fastify from 'fastify';
import { Value } from '@sinclair/typebox/value';
import { ConfigSchema } from '../dist/config/schema.js';
import { startServer } from '../dist/server/server.js';
import { ilotVersion } from '../dist/shared/version.js';

const dir = process.argv[2];
const config = Value.Default(ConfigSchema, {
  listen: { port: 0 },
  database: { url: process.env.ILOT_BENCH_DATABASE_URL ?? `sqlite:${dir}/ilot.db` },
  files: { dir: `${dir}/files` },
  // Every bench request comes from one address: the limiter still runs, with room for the run.
  http: { rateLimitPerMinute: 1_000_000_000 },
  log: { level: 'warn' },
});

const server = await startServer(config);
const bare = Fastify();
bare.post('/bare', async () => ({ site: config.siteName, version: ilotVersion, time: Date.now() }));
await bare.listen({ host: '127.0.0.1', port: 0 });
process.send({ ilot: server.url, bare: `http://127.0.0.1:${bare.server.address().port}` });
process.on('SIGTERM', () => void Promise.all([server.stop(), bare.close()]).then(() => process.exit(0)));
