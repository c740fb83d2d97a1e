import { Readable, Transform } from 'node:stream';
import { pipeline as pipe } from 'node:stream/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { IlotError } from '../../shared/errors.js';
import { spaceOfId } from '../../shared/ids.js';
import { uploadChunkMaxBytes } from '../../shared/limits.js';
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
 * The bytes a chunk carries, from its Content-Range: `bytes <first>-<last>/<size>`, or
 * `bytes *\/<size>` (null) to ask how many are held. The size is the reserved one.
 */
function chunkRange(header: string, size: number): { offset: number; length: number } | null {
  const range = /^bytes (?:(\d{1,15})-(\d{1,15})|\*)\/(\d{1,15})$/.exec(header.trim());
  if (!range) throw new IlotError('UPLOAD_RANGE_INVALID');
  if (Number(range[3]) !== size) throw new IlotError('UPLOAD_SIZE_MISMATCH', undefined, { reserved: size, received: Number(range[3]) });
  if (range[1] === undefined) return null;
  const [first, last] = [Number(range[1]), Number(range[2])];
  if (last < first || last >= size) throw new IlotError('UPLOAD_RANGE_INVALID');
  if (last - first + 1 > uploadChunkMaxBytes) throw new IlotError('UPLOAD_CHUNK_TOO_LARGE', undefined, { maxBytes: uploadChunkMaxBytes });
  return { offset: first, length: last - first + 1 };
}

/** Sends a body through `write`; a failure is the body's own (its deadline, a dropped connection) rather than what it caused. */
async function received<T>(request: FastifyRequest, length: number, write: (checked: Transform) => Promise<T>): Promise<T> {
  const declared = request.headers['content-length'];
  if (declared !== undefined && Number(declared) !== length)
    throw new IlotError('UPLOAD_SIZE_MISMATCH', undefined, { reserved: length, received: Number(declared) });
  const body = (request.body as Readable | undefined) ?? Readable.from([]);
  try {
    const checked = exactly(length);
    // Either side's failure (a wrong size, a dropped connection) fails both: nothing is kept.
    const [, result] = await Promise.all([pipe(body, checked), write(checked)]);
    return result;
  } catch (error) {
    const cause = body.errored ?? error;
    if (cause instanceof IlotError) throw cause;
    if (!request.raw.complete) throw new IlotError('UPLOAD_INTERRUPTED');
    throw error;
  }
}

/**
 * The file routes: PUT and GET /api/files/<fileId>; a PUT carries the whole ciphertext (streamed by
 * Node clients) or one chunk of it (browsers, which do not stream request bodies), resumable. Their operation goes through the pipeline like
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
      {
        schema: {
          ...schema(operations.upload),
          description:
            'Without Content-Range, the body is the whole ciphertext (204). With `Content-Range: bytes <first>-<last>/<size>`, ' +
            `it is one chunk of at most ${uploadChunkMaxBytes} bytes, appended where the upload stands; with ` +
            '`Content-Range: bytes */<size>` and no body, nothing is sent. Both answer how many bytes the site holds (200); ' +
            'the file is complete once it holds all, then validate it. After a dropped connection, ask, then send from there.',
          headers: {
            type: 'object',
            properties: {
              'content-range': { type: 'string', description: '`bytes <first>-<last>/<reserved size>` or `bytes */<reserved size>`' },
            },
          },
          response: {
            200: {
              description: 'chunk kept, or the offset asked for',
              type: 'object',
              properties: { offset: { type: 'integer', description: 'bytes held; send the next chunk from here' } },
              required: ['offset'],
            },
            204: { description: 'whole ciphertext kept', type: 'null' },
            ...schema(operations.upload).response,
          },
        },
        validatorCompiler: validatedByPipeline,
        config: { streamsBody: true },
      },
      async (request: FastifyRequest<{ Params: FileParams }>, reply) => {
        const { name, size } = (await pipeline.execute(operations.upload, request.params, callerOf(request))) as {
          name: string;
          size: number;
        };
        const spaceId = spaceOfId(request.params.fileId);
        const header = request.headers['content-range'];
        if (header === undefined) {
          await received(request, size, (checked) => files.put(spaceId, name, checked));
          return reply.status(204).send();
        }
        const range = chunkRange(header, size);
        const offset = range
          ? await received(request, range.length, (checked) => files.append(spaceId, name, { offset: range.offset, size }, checked))
          : await received(request, 0, () => files.heldOf(spaceId, name));
        return reply.status(200).send({ offset });
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
