import { Readable, Transform } from 'node:stream';
import { pipeline as pipe } from 'node:stream/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { IlotError } from '../../shared/errors.js';
import { spaceOfId } from '../../shared/ids.js';
import type { FileStore } from '../../store/files/file-store.js';
import type { AnyOperation } from '../pipeline/operation.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import { callerOf, validatedByPipeline } from './operation-routes.js';

/** Passes exactly `size` bytes through: more, or fewer at the end, fails the stream. */
function exactly(size: number): Transform {
  let received = 0;
  const mismatch = () => new IlotError('UPLOAD_SIZE_MISMATCH', undefined, { reserved: size, received });
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      done(received > size ? mismatch() : null, chunk);
    },
    flush(done) {
      done(received === size ? null : mismatch());
    },
  });
}

interface FileParams {
  fileId: string;
}

/**
 * The file routes: PUT and GET /api/files/<fileId>. Their operation goes through the pipeline like
 * any other (authentication, space guard, restrictions, ownership, counting); only then do the
 * bytes move, streamed between the socket and the file store, never held whole in memory. Request
 * bodies here are not bound by `http.bodyLimitBytes` but by the size reserved for the upload.
 */
export function installFileRoutes(
  app: FastifyInstance,
  pipeline: Pipeline,
  files: FileStore,
  operations: { upload: AnyOperation; download: AnyOperation },
): void {
  pipeline.register(operations.upload);
  pipeline.register(operations.download);
  const schema = (operation: AnyOperation) => ({
    summary: operation.summary,
    tags: ['member', 'files'],
    security: [{ session: [] }],
    params: operation.input,
    response: { '4xx': { $ref: 'ErrorBody#' }, '5xx': { $ref: 'ErrorBody#' } },
  });

  void app.register(async (scope) => {
    // Whatever its declared type, the raw request stream reaches the handler untouched.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

    scope.put<{ Params: FileParams }>(
      '/api/files/:fileId',
      // Its body may take long, as long as it keeps coming (see request-bodies.ts).
      { schema: schema(operations.upload), validatorCompiler: validatedByPipeline, config: { streamsBody: true } },
      async (request: FastifyRequest<{ Params: FileParams }>, reply) => {
        const { name, size } = (await pipeline.execute(operations.upload, request.params, callerOf(request))) as {
          name: string;
          size: number;
        };
        const declared = request.headers['content-length'];
        if (declared !== undefined && Number(declared) !== size)
          throw new IlotError('UPLOAD_SIZE_MISMATCH', undefined, { reserved: size, received: Number(declared) });
        const body = (request.body as Readable | undefined) ?? Readable.from([]);
        try {
          const checked = exactly(size);
          // Either side's failure (a wrong size, a dropped connection) fails both: nothing is kept.
          await Promise.all([pipe(body, checked), files.put(spaceOfId(request.params.fileId), name, checked)]);
        } catch (error) {
          // The body's own failure (its deadline) rather than what it caused downstream.
          const cause = body.errored ?? error;
          if (cause instanceof IlotError) throw cause;
          if (!request.raw.complete) throw new IlotError('UPLOAD_INTERRUPTED');
          throw error;
        }
        return reply.status(204).send();
      },
    );

    scope.get<{ Params: FileParams }>(
      '/api/files/:fileId',
      { schema: schema(operations.download), validatorCompiler: validatedByPipeline },
      async (request, reply) => {
        const { name } = (await pipeline.execute(operations.download, request.params, callerOf(request))) as { name: string };
        const spaceId = spaceOfId(request.params.fileId);
        // The length is the stored one: should the store and the record disagree, the client's check fails rather than waits.
        const stat = await files.stat(spaceId, name);
        if (!stat) throw new IlotError('FILE_NOT_FOUND');
        const content = await files.get(spaceId, name);
        return reply
          .type('application/octet-stream')
          .header('content-length', stat.size)
          .header('cache-control', 'private, no-store')
          .send(content);
      },
    );
  });
}
