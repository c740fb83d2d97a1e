import type { IncomingMessage } from 'node:http';
import { finished, Transform, type Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
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
}

// The deadline stream in front of each body still arriving, by request, to stop it once the request is answered.
const deadlines = new WeakMap<IncomingMessage, Transform>();

/**
 * Passes a body through, and fails it with REQUEST_TIMEOUT when it has not ended within `ms` (or,
 * `perChunk`, when no chunk came for `ms`). Its readers (the JSON parser, an upload) then fail
 * with that error, which is answered 408; the socket itself is left to carry the reply.
 */
function deadlineStream(ms: number, perChunk: boolean): Transform {
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (perChunk) timer.refresh();
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
  return stream;
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
  app.addHook('preParsing', (request, _reply, payload, done) => {
    const { headers } = request;
    const bodyDeclared = headers['transfer-encoding'] !== undefined || Number(headers['content-length']) > 0;
    if (request.raw.complete || !bodyDeclared) return done(null, payload);
    const perChunk = request.routeOptions.config.streamsBody === true;
    const deadline = deadlineStream(perChunk ? bounds.idleTimeoutMs : bounds.requestTimeoutMs, perChunk);
    deadlines.set(request.raw, deadline);
    // The client going away fails the body's readers as it did without the deadline in between.
    finished(payload, (error) => error && deadline.destroy(error));
    done(null, (payload as Readable).pipe(deadline));
  });

  // A callback hook: most replies pass through without a promise.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.raw.complete) return done(null, payload);
    deadlines.get(request.raw)?.destroy();
    void reply.header('connection', 'close');
    if (request.errorCode === 'REQUEST_TIMEOUT') return done(null, payload);
    void drain(request.raw, bounds.drainCapBytes, bounds.requestTimeoutMs).then(() => done(null, payload));
  });
}
