import type { FastifyInstance } from 'fastify';

/** A named readiness check; throws with a reason when not ready, or returns what it wants shown. */
export interface ReadinessCheck {
  name: string;
  run(): Promise<void | Record<string, unknown>>;
}

const checkTimeoutMs = 3000;

function withTimeout(check: ReadinessCheck): Promise<void | Record<string, unknown>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`no answer within ${checkTimeoutMs} ms`)), checkTimeoutMs);
  });
  return Promise.race([check.run(), timeout]).finally(() => clearTimeout(timer));
}

/** Liveness (the process answers) and readiness (every dependency answers). */
export function installHealth(app: FastifyInstance, checks: ReadinessCheck[]): void {
  const options = { schema: { hide: true }, config: { rateLimit: false } };
  app.get('/health/live', options, async () => ({ status: 'ok' }));
  app.get('/health/ready', options, async (_request, reply) => {
    const results = await Promise.all(
      checks.map(async (check) => {
        try {
          const details = await withTimeout(check);
          return [check.name, { ok: true, ...details }] as const;
        } catch (error) {
          return [check.name, { ok: false, error: (error as Error).message }] as const;
        }
      }),
    );
    const failed = results.filter(([, r]) => !r.ok).map(([name]) => name);
    const details = Object.fromEntries<{ ok: boolean }>(results);
    if (failed.length === 0) return { status: 'ok', checks: details };
    return reply
      .status(503)
      .send({ code: 'NOT_READY', message: `Not ready: ${failed.join(', ')} failed.`, details: { failed, checks: details } });
  });
}
