import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { Registry } from 'prom-client';
import type { Config } from '../config/schema.js';
import { IlotError } from '../shared/errors.js';
import type { Store } from '../store/database.js';
import type { FileStore } from '../store/files/file-store.js';
import { frameworkErrorReply, installErrorHandling } from './http/errors.js';
import { installHealth, type ReadinessCheck } from './http/health.js';
import { backupReadiness, installBackupMetrics } from './http/backup-health.js';
import { installJsonBodies } from './http/json-body.js';
import { answerClientError } from './http/client-errors.js';
import { installBodyBounds, refusedBodyDrainCapBytes } from './http/request-bodies.js';
import { installRequestLog, loggingOptions } from './http/logging.js';
import { installMetrics } from './http/metrics.js';
import { OperationTimings } from './http/operation-metrics.js';
import { installDatabaseMetrics } from './http/database-metrics.js';
import { installOpenApi } from './http/openapi.js';
import { installOperationRoutes } from './http/operation-routes.js';
import { installFileRoutes } from './http/file-routes.js';
import { installCsvRoutes } from './http/csv-routes.js';
import { exportSpaceAudit } from './operations/audit/export.js';
import { exportStatistics } from './operations/reporting/statistics.js';
import { installWebApp } from './http/web-app.js';
import { downloadFile } from './operations/files/download.js';
import { uploadFile } from './operations/files/upload.js';
import { agentExchange } from './operations/fleet/agent-exchange.js';
import { agentRelease } from './operations/fleet/agent-release.js';
import { installRateLimit } from './http/rate-limit.js';
import { operations as allOperations } from './operations/index.js';
import { CachedMatrices, type MatrixSource } from './pipeline/authorize.js';
import { ChangeNotices } from './pipeline/notices.js';
import { ConsumptionMeter } from './pipeline/consumption.js';
import type { AnyOperation } from './pipeline/operation.js';
import { Pipeline } from './pipeline/pipeline.js';
import type { Authenticator } from './pipeline/principal.js';
import { FailureGuard } from './pipeline/failure-guard.js';
import { sessionAuthenticator } from './auth/sessions.js';
import { withAgents } from './auth/agents.js';
import { installAgentPoll, installAgentRelease } from './http/agent-poll.js';
import { Alerts } from './tasks/alerts.js';
import { LiveHub } from './live/live-hub.js';
import { TaskEngine } from './tasks/engine.js';
import { taskKinds } from './tasks/kinds/index.js';
import { TaskStats } from './tasks/stats.js';
import type { TaskKind } from './tasks/task-kind.js';

export interface AppDeps {
  config: Config;
  store: Store;
  files: FileStore;
  operations?: AnyOperation[];
  authenticate?: Authenticator;
  permissions?: MatrixSource;
  notices?: ChangeNotices;
  /** Where logs go (default: stdout). */
  logStream?: NodeJS.WritableStream;
  /** The kinds of task the engine runs (default: all of Ilot's). */
  taskKinds?: TaskKind[];
}

export interface App {
  http: FastifyInstance;
  notices: ChangeNotices;
  metrics: Registry;
  tasks: TaskEngine;
  live: LiveHub;
  /** Members' consumption counted in memory; `flush()` writes it now. */
  consumption: ConsumptionMeter;
  /** Runs operations for callers other than the HTTP routes (in-process callers, tests). */
  pipeline: Pipeline;
}

/** Builds the HTTP server around the operation pipeline; nothing listens until `http.listen`. */
export async function buildApp(deps: AppDeps): Promise<App> {
  const { config } = deps;
  const logging = loggingOptions(config);
  const http = Fastify({
    ...logging,
    logger: deps.logStream ? { ...(logging.logger as object), stream: deps.logStream } : logging.logger,
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustedProxies.length ? config.http.trustedProxies : false,
    return503OnClosing: false,
    // Errors before routing (a malformed URL) and malformed HTTP get our body too.
    frameworkErrors: (error, _request, reply) => {
      const { status, body } = frameworkErrorReply(error);
      void (reply as FastifyReply).status(status).send(body);
    },
    clientErrorHandler: answerClientError,
    // Slow clients: headers and idle keep-alives are bounded by Node, bodies by installBodyBounds
    // (Node's requestTimeout would also cut uploads that keep sending).
    http: { headersTimeout: config.http.headersTimeoutMs, connectionsCheckingInterval: Math.min(1000, config.http.headersTimeoutMs) },
    requestTimeout: 0,
    keepAliveTimeout: config.http.idleTimeoutMs,
  });
  installJsonBodies(http);
  installBodyBounds(http, {
    requestTimeoutMs: config.http.requestTimeoutMs,
    idleTimeoutMs: config.http.idleTimeoutMs,
    drainCapBytes: refusedBodyDrainCapBytes,
  });

  // During shutdown: new requests on open connections get SHUTTING_DOWN, and connections that
  // fall idle close at once (close() would otherwise wait for clients to hang up keep-alives).
  let closing = false;
  http.addHook('preClose', (done) => {
    closing = true;
    http.server.keepAliveTimeout = 1;
    done();
  });
  http.addHook('onRequest', (_request, _reply, done) => done(closing ? new IlotError('SHUTTING_DOWN') : undefined));

  installErrorHandling(http, installWebApp(http, config.web.dir));
  installRequestLog(http, config);
  const metrics = installMetrics(http);
  installBackupMetrics(metrics, config);
  installDatabaseMetrics(metrics, deps.store);
  installRateLimit(http, config.http.rateLimitPerMinute);
  await installOpenApi(http, config.siteName);

  const alerts = new Alerts(config, deps.store, http.log);
  const tasks = new TaskEngine({
    store: deps.store,
    files: deps.files,
    config,
    log: http.log,
    kinds: deps.taskKinds ?? taskKinds,
    alerts,
    stats: new TaskStats(metrics),
  });

  const readiness: ReadinessCheck[] = [
    { name: 'database', run: () => deps.store.ping() },
    { name: 'files', run: () => deps.files.check() },
    { name: 'tasks', run: () => tasks.health() },
    backupReadiness(config, deps.store),
  ];
  installHealth(http, readiness);

  const notices = deps.notices ?? new ChangeNotices();
  const consumption = new ConsumptionMeter(deps.store, config.tasks.timeZone, http.log);
  // onClose hooks run once the server has stopped and in-flight requests are done, before the store closes.
  http.addHook('onClose', () => consumption.close());
  const pipeline = new Pipeline({
    config,
    store: deps.store,
    files: deps.files,
    authenticate: deps.authenticate ?? withAgents(deps.store, sessionAuthenticator(deps.store, config)),
    failures: new FailureGuard(config.sessions.maxFailedSignIns),
    permissions: deps.permissions ?? new CachedMatrices(),
    notices,
    consumption,
    onTasksQueued: () => tasks.wake(),
    log: http.log,
    timings: new OperationTimings(metrics, config.log.slowOperationMs, http.log),
  });
  installOperationRoutes(http, pipeline, deps.operations ?? allOperations);
  installFileRoutes(http, pipeline, deps.files, { upload: uploadFile, download: downloadFile });
  installCsvRoutes(http, pipeline, deps.store, { audit: exportSpaceAudit, statistics: exportStatistics });
  installAgentPoll(http, pipeline, deps.store, notices, config.fleet.longPollSeconds * 1000, agentExchange);
  installAgentRelease(http, pipeline, agentRelease);
  const live = new LiveHub(deps.store, config, http.log, notices);
  await live.install(http);
  return { http, notices, metrics, tasks, live, consumption, pipeline };
}
