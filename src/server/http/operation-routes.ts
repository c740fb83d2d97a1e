import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AnyOperation, Caller } from '../pipeline/operation.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import { clientAddress } from './client-address.js';

/** The caller of an HTTP request, as the pipeline needs it. */
export function callerOf(request: FastifyRequest): Caller {
  const header = request.headers.authorization;
  return {
    // A header that is not a bearer token is a credential nobody accepts (SESSION_INVALID), not none.
    credential: header === undefined ? null : (/^Bearer (.+)$/.exec(header)?.[1] ?? ''),
    address: clientAddress(request),
    userAgent: request.headers['user-agent'] ?? null,
    requestId: String(request.id),
    log: request.log,
  };
}

/**
 * Route schemas document the operations (OpenAPI) but Fastify does not validate with them: the
 * pipeline's validation stage does, the same for every caller.
 */
export const validatedByPipeline = () => () => true;

/** One route per operation, POST /api/ops/<name>; a call without a body is a call with no arguments. */
export function installOperationRoutes(app: FastifyInstance, pipeline: Pipeline, operations: AnyOperation[]): void {
  for (const operation of operations) {
    pipeline.register(operation);
    app.post(
      `/api/ops/${operation.name}`,
      {
        schema: {
          summary: operation.summary,
          tags: [operation.access.plane],
          ...(operation.access.plane === 'public' ? {} : { security: [{ session: [] }] }),
          body: operation.input,
          response: { 200: operation.output, '4xx': { $ref: 'ErrorBody#' }, '5xx': { $ref: 'ErrorBody#' } },
        },
        validatorCompiler: validatedByPipeline,
      },
      async (request) => pipeline.execute(operation, request.body ?? {}, callerOf(request)),
    );
  }
}
