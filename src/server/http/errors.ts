import type { FastifyError, FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { IlotError, errorCodes } from '../../shared/errors.js';
import { invalidInput, type InputIssue } from '../pipeline/validate.js';
import type { WebPage } from './web-app.js';

export const ErrorBodySchema = Type.Object(
  {
    code: Type.Union(Object.keys(errorCodes).map((c) => Type.Literal(c))),
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
  },
  { $id: 'ErrorBody', description: 'Every error reply: a stable code, a message for people, optional details' },
);

// Fastify's own codes that are the client's fault, mapped to ours.
const fastifyCodes: Record<string, keyof typeof errorCodes> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
};

/** Turns anything thrown while serving a request into one of our codes. */
export function toIlotError(error: FastifyError | Error): IlotError {
  // A code of the SDK's (status 0) thrown by the server is a fault of the server.
  if (error instanceof IlotError) return error.status === 0 ? new IlotError('INTERNAL') : error;
  const fastifyError = error as FastifyError & { validation?: InputIssue[] };
  // Operation routes are validated by the pipeline; a route Fastify validates reports the same way.
  if (fastifyError.validation) return invalidInput(fastifyError.validation);
  const mapped = fastifyError.code ? fastifyCodes[fastifyError.code] : undefined;
  if (mapped) return new IlotError(mapped);
  const code = String(fastifyError.code ?? '');
  // PostgreSQL data exceptions (class 22): a value the database refuses, not a server fault.
  if (/^22[0-9A-Z]{3}$/.test(code)) return new IlotError('BAD_REQUEST', 'A value of the request cannot be stored.');
  // The database went away or the pool stayed exhausted.
  if (
    /^08[0-9A-Z]{3}$/.test(code) ||
    code === 'ECONNREFUSED' ||
    code === '57P01' ||
    /timeout exceeded when trying to connect|Connection terminated/.test(error.message)
  ) {
    return new IlotError('DB_UNAVAILABLE');
  }
  // JSON.parse errors (prototype poisoning included) and other request errors Fastify flags as 4xx.
  if (error instanceof SyntaxError) return new IlotError('BAD_JSON');
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new IlotError('BAD_REQUEST', error.message);
  }
  return new IlotError('INTERNAL');
}

/** The body of an error raised before Fastify routed the request (bad URL encoding…). */
export function frameworkErrorReply(error: Error): { status: number; body: ReturnType<IlotError['toBody']> } {
  const ilotError = error instanceof IlotError ? error : new IlotError('BAD_REQUEST', error.message);
  return { status: ilotError.status, body: ilotError.toBody() };
}

/**
 * One error handler and one not-found handler for the whole app: errors as data; an unknown path
 * gets the web app's page when it is one of the app's (`page`), else ROUTE_NOT_FOUND.
 */
export function installErrorHandling(app: FastifyInstance, page: WebPage | null = null): void {
  app.addSchema(ErrorBodySchema);
  app.setErrorHandler((error, request, reply) => {
    const ilotError = toIlotError(error as Error);
    if (ilotError.status >= 500) request.log.error({ err: error, code: ilotError.code }, 'request failed');
    request.errorCode = ilotError.code;
    if (ilotError.code === 'RATE_LIMITED')
      reply.header('retry-after', String((ilotError.details as { retryAfterSeconds: number }).retryAfterSeconds));
    return reply.status(ilotError.status).send(ilotError.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    const sent = page?.(request, reply);
    if (sent) return sent;
    const error = new IlotError('ROUTE_NOT_FOUND', `There is no route ${request.method} ${request.url.split('?')[0]}.`);
    request.errorCode = error.code;
    return reply.status(error.status).send(error.toBody());
  });
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The error code sent back, for the request log line. */
    errorCode?: string;
  }
}
