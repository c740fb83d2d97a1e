import { randomUUID } from 'node:crypto';
import { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Bindings, ChildLoggerOptions } from 'pino';
import type { Config } from '../../config/schema.js';
import { clientAddress } from './client-address.js';

const incomingId = /^[A-Za-z0-9._:-]{1,64}$/;

/** Logger and request-id options: JSON lines, secrets redacted, ids taken from a proxy when well-formed. */
export function loggingOptions(
  config: Config,
): Pick<FastifyServerOptions, 'logger' | 'genReqId' | 'logController' | 'requestIdHeader' | 'childLoggerFactory'> {
  return {
    // No redaction pass: request headers and bodies are never logged (the line below names what is),
    // and a redacting child logger per request would cost a fifth of the throughput.
    logger: { level: config.log.level },
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && incomingId.test(given) ? given : randomUUID();
    },
    // One line per request at its end (below) instead of two.
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: (logger, bindings, options) => new LazyRequestLogger(logger, bindings, options),
  };
}

/**
 * The logger of one request, created only when the request logs something: building a pino child
 * for every request cost a tenth of the throughput of small requests, most of which log nothing
 * above the configured level.
 */
class LazyRequestLogger implements FastifyBaseLogger {
  private real: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  get level(): string {
    return this.parent.level;
  }

  set level(level: string) {
    this.logger().level = level;
  }

  private logger(): FastifyBaseLogger {
    return (this.real ??= this.parent.child(this.bindings, this.options));
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger().child(bindings, options);
  }

  // Prototype methods, not per-instance closures: nothing is allocated for requests that do not log.
  fatal(...args: LogArgs): void {
    write(this.logger(), 'fatal', args);
  }
  error(...args: LogArgs): void {
    write(this.logger(), 'error', args);
  }
  warn(...args: LogArgs): void {
    write(this.logger(), 'warn', args);
  }
  info(...args: LogArgs): void {
    write(this.logger(), 'info', args);
  }
  debug(...args: LogArgs): void {
    write(this.logger(), 'debug', args);
  }
  trace(...args: LogArgs): void {
    write(this.logger(), 'trace', args);
  }
  silent(): void {}
}

type LogArgs = [unknown, ...unknown[]];

function write(logger: FastifyBaseLogger, level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace', args: LogArgs): void {
  const log: (...values: unknown[]) => void = logger[level];
  log.apply(logger, args);
}

// Callback-style hooks: they cost less per request than async ones.
export function installRequestLog(app: FastifyInstance, config: Config): void {
  // Checked once: at levels above info the line is never built.
  const enabled = ['info', 'debug', 'trace'].includes(config.log.level);
  // Every reply carries its request id and the server's own time for it (Server-Timing), so that
  // clients and benchmarks can tell it from the network's.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    reply.header('server-timing', `app;dur=${reply.elapsedTime.toFixed(2)}`);
    done(null, payload);
  });
  app.addHook('onResponse', (request, reply, done) => {
    if (enabled) {
      request.log.info(
        {
          method: request.method,
          route: request.routeOptions.url ?? null,
          path: request.url.split('?')[0],
          status: reply.statusCode,
          code: request.errorCode,
          ms: Math.round(reply.elapsedTime * 100) / 100,
          address: clientAddress(request),
        },
        'request',
      );
    }
    done();
  });
}
