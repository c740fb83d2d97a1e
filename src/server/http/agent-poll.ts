import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { agentCredentialPattern } from '../../shared/operations/fleet.js';
import type { Store } from '../../store/database.js';
import { hasDeliverable } from '../../tower/commands.js';
import type { ChangeNotices } from '../pipeline/notices.js';
import type { AnyOperation } from '../pipeline/operation.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import { callerOf, validatedByPipeline } from './operation-routes.js';

/**
 * The agents' long poll, POST /api/agent/exchange: the same operation as
 * /api/ops/fleet.agent.exchange, run once the host has a command to deliver, or after `waitMs`.
 * A message that carries reports runs at once. The wait is transport only: the message is
 * authenticated and judged by the pipeline when it runs, and it runs once. A command issued on
 * this node or another (the PostgreSQL relay carries the notice) ends the wait; a cancellation
 * reaches a waiting agent the same way, else with its next message.
 */
export function installAgentPoll(
  app: FastifyInstance,
  pipeline: Pipeline,
  store: Store,
  notices: ChangeNotices,
  waitMs: number,
  exchange: AnyOperation,
): void {
  pipeline.register(exchange);
  const waiting = new Map<string, Set<() => void>>();
  const wake = (hostId: string) => {
    for (const done of waiting.get(hostId) ?? []) done();
  };
  notices.subscribe((list) => {
    for (const notice of list) if ('fleetHost' in notice) wake(notice.fleetHost);
  });
  let closing = false;
  // Waiting polls must not hold the server's shutdown.
  app.addHook('preClose', (done) => {
    closing = true;
    for (const host of waiting.keys()) wake(host);
    done();
  });

  const wait = async (hostId: string) => {
    let done!: () => void;
    const woken = new Promise<void>((resolve) => (done = resolve));
    const set = waiting.get(hostId) ?? new Set();
    waiting.set(hostId, set.add(done));
    // Jittered: agents that started together must not all come back in the same instant.
    const timer = setTimeout(done, waitMs * (0.75 + Math.random() * 0.25));
    try {
      // Registered before looking: a command issued meanwhile wakes this wait.
      if (!(await hasDeliverable(store.db, hostId, Date.now()))) await woken;
    } finally {
      clearTimeout(timer);
      set.delete(done);
      if (set.size === 0) waiting.delete(hostId);
    }
  };

  app.post(
    '/api/agent/exchange',
    { schema: { summary: exchange.summary, tags: ['agent'], body: exchange.input }, validatorCompiler: validatedByPipeline },
    async (request) => {
      const caller = callerOf(request);
      const hostId = agentCredentialPattern.exec(caller.credential ?? '')?.[1];
      const body = (request.body ?? {}) as { reports?: unknown };
      const reports = Array.isArray(body.reports) ? body.reports.length : 0;
      if (hostId && reports === 0 && waitMs > 0 && !closing) await wait(hostId);
      return pipeline.execute(exchange, body, caller);
    },
  );
}

/**
 * GET /api/agent/release/<command id>: the release archive of a deploy the agent holds, streamed
 * from the tower's disk once the pipeline has authenticated the agent and found the command
 * (`fleet.agent.release`). The agent checks its SHA-256 before it unpacks anything.
 */
export function installAgentRelease(app: FastifyInstance, pipeline: Pipeline, release: AnyOperation): void {
  pipeline.register(release);
  app.get<{ Params: { commandId: string } }>(
    '/api/agent/release/:commandId',
    { schema: { tags: ['agent'], hide: true } },
    async (request, reply) => {
      const { archivePath } = (await pipeline.execute(release, { commandId: request.params.commandId }, callerOf(request))) as {
        archivePath: string;
      };
      return reply.type('application/gzip').send(createReadStream(archivePath));
    },
  );
}
