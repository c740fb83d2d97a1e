import type { FastifyInstance } from 'fastify';
import { IlotError } from '../../shared/errors.js';
import type { AnyOperation } from '../pipeline/operation.js';
import type { Pipeline } from '../pipeline/pipeline.js';

/** One route per operation, POST /api/ops/<name>; Fastify validates the body against the operation's input schema. */
function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0');
  if (Array.isArray(value)) return value.some(hasNul);
  if (value && typeof value === 'object') return Object.entries(value).some(([key, child]) => key.includes('\0') || hasNul(child));
  return false;
}

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
        // A call without any body is a call with no arguments. NUL characters are refused in any
        // text: PostgreSQL cannot store them, and no legitimate input has one.
        preValidation: (request, _reply, done) => {
          if (request.body === undefined || request.body === null) request.body = {};
          done(hasNul(request.body) ? new IlotError('VALIDATION_FAILED', 'Text may not contain NUL characters.') : undefined);
        },
      },
      async (request) => pipeline.execute(operation, request.body, request),
    );
  }
}
