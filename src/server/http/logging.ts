import { randomUUID } from 'node:crypto';
import { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from '../../config/schema.js';

const incomingId = /^[A-Za-z0-9._:-]{1,64}$/;

/** Logger and request-id options: JSON lines, secrets redacted, ids taken from a proxy when well-formed. */
export function loggingOptions(config: Config): Pick<FastifyServerOptions, 'logger' | 'genReqId' | 'logController' | 'requestIdHeader'> {
  return {
    logger: {
      level: config.log.level,
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie', '*.passphrase', '*.password', '*.token'],
        censor: '[redacted]',
      },
    },
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && incomingId.test(given) ? given : randomUUID();
    },
    // One line per request at its end (below) instead of two; bodies are never logged.
    logController: new LogController({ disableRequestLogging: true }),
  };
}

export function installRequestLog(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? null,
        path: request.url.split('?')[0],
        status: reply.statusCode,
        code: request.errorCode,
        ms: Math.round(reply.elapsedTime * 100) / 100,
        address: request.ip,
      },
      'request',
    );
  });
}
