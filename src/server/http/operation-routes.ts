import type { FastifyInstance } from 'fastify';
import type { AnyOperation } from '../pipeline/operation.js';
import type { Pipeline } from '../pipeline/pipeline.js';

/** One route per operation, POST /api/ops/<name>; Fastify validates the body against the operation's input schema. */
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
        // A call without any body is a call with no arguments.
        preValidation: (request, _reply, done) => {
          if (request.body === undefined || request.body === null) request.body = {};
          done();
        },
      },
      async (request) => pipeline.execute(operation, request.body, request),
    );
  }
}
