import type { FastifyInstance } from 'fastify';
import { IlotError } from '../../shared/errors.js';
import { jsonTextTooDeep } from '../../shared/json-depth.js';
import { maxInputDepth } from '../../shared/limits.js';

/**
 * JSON bodies only (text/plain would otherwise reach validation as a string), and none nested
 * deeper than `maxInputDepth`: that is counted over the text before JSON.parse or anything else
 * walks the value (INPUT_TOO_DEEP). Parsing is Fastify's own, which refuses `__proto__` and
 * `constructor.prototype` keys.
 */
export function installJsonBodies(app: FastifyInstance): void {
  app.removeContentTypeParser(['text/plain', 'application/json']);
  const parse = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, text, done) => {
    if (jsonTextTooDeep(text as string, maxInputDepth)) done(new IlotError('INPUT_TOO_DEEP'), undefined);
    else void parse(request, text as string, done);
  });
}
