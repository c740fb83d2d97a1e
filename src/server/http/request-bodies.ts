import type { IncomingMessage } from 'node:http';
import { finished, Transform } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { IlotError } from '../../shared/errors.js';

export interface BodyBounds {
  /** A body (other than an upload's) must have arrived this long after its headers. */
  requestTimeoutMs: number;
  /** An upload's body may pause this long between two chunks, however long it takes in all. */
  idleTimeoutMs: number;
  /** The most of a refused body read and discarded before its reply, so that the client sees the reply. */
  drainCapBytes: number;
}

/** The most of a refused body that is read and discarded so that its client sees the reply (`BodyBounds.drainCapBytes`). */
export const refusedBodyDrainCapBytes = 16 * 1024 * 1024;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route streams its body (uploads): its deadline is per chunk, not for the whole body. */
    streamsBody?: boolean;
  }
  interface FastifyRequest {
    /** Stops the deadline of an upload's body (see idleDeadline). */
    stopBodyDeadline: (() => void) | null;
  }
}

/**
 * An upload's body passed through a stream that fails with REQUEST_TIMEOUT when no chunk came for
 * `ms`: the upload's pipe fails with that error, answered 408, and the socket is left to carry
 * the reply.
 */
function idleDeadline(request: FastifyRequest, ms: number): Transform {
  const { raw } = request;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      timer.refresh();
      done(null, chunk);
    },
    flush(done) {
      clearTimeout(timer);
      done();
    },
    destroy(error, done) {
      clearTimeout(timer);
      done(error);
    },
  });
  const timer = setTimeout(() => stream.destroy(new IlotError('REQUEST_TIMEOUT')), ms);
  // A deadline passing once nobody reads the body any more is no uncaught error.
  stream.on('error', () => {});
  // The client going away fails the upload as it did without this stream in between.
  finished(raw, (error) => error && stream.destroy(error));
  request.stopBodyDeadline = () => stream.destroy();
  return raw.pipe(stream);
}

/**
 * Bodies parsed whole (JSON) still arriving, each with the time it must have ended by. One sweep
 * checks them all, rather than a timer per body: this runs for nearly every POST (the body is
 * rarely parsed yet when the route starts), where a timer per request cost a tenth more CPU per
 * `ping`, and a stream in front of each body a quarter (bench/ping.ts).
 */
class WholeBodyDeadlines {
  private readonly pending = new Map<IncomingMessage, number>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly ms: number) {
    this.sweeper = setInterval(() => this.sweep(Date.now()), Math.min(1000, Math.ceil(ms / 4))).unref();
  }

  add(raw: IncomingMessage): void {
    this.pending.set(raw, Date.now() + this.ms);
  }

  /** Once the request is answered, which is after its body was read. */
  delete(raw: IncomingMessage): void {
    this.pending.delete(raw);
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  /** Fails the reader of each body past its time, Fastify's body reader, with REQUEST_TIMEOUT, answered 408. */
  private sweep(now: number): void {
    for (const [raw, endBy] of this.pending) {
      if (endBy > now) continue;
      this.pending.delete(raw);
      // Only while the body reader waits (it listens for errors): it answers, and stops listening.
      if (!raw.complete && raw.listenerCount('error') > 0) raw.emit('error', new IlotError('REQUEST_TIMEOUT'));
    }
  }
}

/**
 * Reads and discards what remains of a refused body (at most `cap` bytes, for at most `ms`), so
 * that closing the connection after the reply does not reset it while the client still sends: a
 * reset would lose the reply. A body declared larger than `cap`, or one that goes past it or past
 * the time, is not waited for: the connection closes.
 */
function drain(raw: IncomingMessage, cap: number, ms: number): Promise<void> {
  if (Number(raw.headers['content-length']) > cap) return Promise.resolve();
  return new Promise((resolve) => {
    let read = 0;
    const stop = (close: boolean) => {
      clearTimeout(timer);
      raw.off('data', count);
      raw.off('end', ended);
      raw.off('close', ended);
      if (close) raw.socket.destroy();
      resolve();
    };
    const count = (chunk: Buffer) => {
      read += chunk.length;
      if (read > cap) stop(true);
    };
    const ended = () => stop(false);
    const timer = setTimeout(() => stop(true), ms);
    raw.on('data', count);
    raw.once('end', ended);
    raw.once('close', ended);
    raw.unpipe();
    raw.resume();
  });
}

/**
 * How long and how much of a request body the server waits for. Headers are bounded by Node
 * (`headersTimeout`), idle keep-alive connections too (`keepAliveTimeout`); a body still arriving
 * when its route starts gets a deadline here, since Node's own `requestTimeout` would cut uploads
 * that keep sending. A request answered before its body ended (refused, mostly) has the rest of
 * its body drained, then its connection closed.
 */
export function installBodyBounds(app: FastifyInstance, bounds: BodyBounds): void {
  const wholeBodies = new WholeBodyDeadlines(bounds.requestTimeoutMs);
  app.addHook('onClose', (_app, done) => (wholeBodies.close(), done()));
  app.decorateRequest('stopBodyDeadline', null);
  app.addHook('preParsing', (request, _reply, payload, done) => {
    const { headers, raw } = request;
    const bodyDeclared = headers['transfer-encoding'] !== undefined || Number(headers['content-length']) > 0;
    if (raw.complete || !bodyDeclared) return done(null, payload);
    if (request.routeOptions.config.streamsBody === true) return done(null, idleDeadline(request, bounds.idleTimeoutMs));
    wholeBodies.add(raw);
    done(null, payload);
  });

  // A callback hook: most replies pass through without a promise.
  app.addHook('onSend', (request, reply, payload, done) => {
    request.stopBodyDeadline?.();
    wholeBodies.delete(request.raw);
    if (request.raw.complete) return done(null, payload);
    void reply.header('connection', 'close');
    if (request.errorCode === 'REQUEST_TIMEOUT') return done(null, payload);
    void drain(request.raw, bounds.drainCapBytes, bounds.requestTimeoutMs).then(() => done(null, payload));
  });
}
