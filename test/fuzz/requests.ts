import fc from 'fast-check';
import type { AnyOperation } from '../../src/server/pipeline/operation.js';
import { errorCodes, isErrorCode } from '../../src/shared/errors.js';
import { sendRaw, type RawAnswer } from '../support/raw-requests.js';
import { fuzzedInput, isDeep, jsonText, type KnownValues } from './inputs.js';

// Whole HTTP requests around the fuzzed inputs: who sends them, through which route, with which
// body and content type, from which address.

/** Who sends a request: the principals of the site, and credentials that are no longer or never were. */
export const principalNames = [
  'anonymous',
  'member',
  'treasurer',
  'operator',
  'observer',
  'stale',
  'garbage',
  'notBearer',
  'hugeToken',
] as const;
export type PrincipalName = (typeof principalNames)[number];

/** The bearer tokens of the principals that have a session. */
export type Tokens = Record<'member' | 'treasurer' | 'operator' | 'observer' | 'stale', string>;

function authorization(principal: PrincipalName, tokens: Tokens): Record<string, string> {
  switch (principal) {
    case 'anonymous':
      return {};
    case 'garbage':
      return { authorization: 'Bearer not-a-token' };
    case 'notBearer':
      return { authorization: 'Basic YWxpY2U6c2VjcmV0' };
    case 'hugeToken':
      return { authorization: `Bearer ${'x'.repeat(8_000)}` };
    default:
      return { authorization: `Bearer ${tokens[principal]}` };
  }
}

/** How a body is sent: an input as JSON text, a text that is not JSON, raw bytes, or nothing. */
export type Body =
  | { as: 'json'; contentType: string; value: unknown }
  | { as: 'text'; contentType: string; text: string }
  | { as: 'bytes'; contentType: string | null; bytes: Uint8Array }
  | { as: 'none' };

const json = 'application/json';
const otherContentTypes = fc.constantFrom(
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'application/jsonx',
  'application/vnd.api+json',
  '',
  '*/*',
  'application/json, text/html',
);

const notJson = fc.oneof(
  fc.constantFrom(
    '',
    '{',
    '{"a":',
    'nul',
    'undefined',
    "{'a':1}",
    '[1,]',
    '{"a":1}{"b":2}',
    '\ufeff{}',
    '{"__proto__":{"x":1}}',
    '{"constructor":{"prototype":{"x":1}}}',
    '{"a":1,"a":2}',
    'NaN',
    '1e308',
    '"text"',
  ),
  fc.string({ maxLength: 200 }),
);

/** Bytes that are not UTF-8, or not text at all. */
const notText = fc.oneof(
  fc
    .constantFrom([0xff, 0xfe, 0xfd], [0xc0, 0x80], [0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x3a, 0x31, 0x7d])
    .map((bytes) => Uint8Array.from(bytes)),
  fc.uint8Array({ maxLength: 300 }),
);

function bodies(operation: AnyOperation, known: KnownValues): fc.Arbitrary<Body> {
  const input = fuzzedInput(operation.input, known);
  return fc.oneof(
    { weight: 12, arbitrary: input.map((value) => ({ as: 'json' as const, contentType: json, value })) },
    { weight: 2, arbitrary: fc.record({ as: fc.constant('json' as const), contentType: otherContentTypes, value: input }) },
    {
      weight: 1,
      arbitrary: fc.record({ as: fc.constant('text' as const), contentType: fc.constantFrom(json, 'text/plain'), text: notJson }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        as: fc.constant('bytes' as const),
        contentType: fc.constantFrom(json, null, 'application/octet-stream'),
        bytes: notText,
      }),
    },
    { weight: 1, arbitrary: fc.constant({ as: 'none' as const }) },
  );
}

/** Where a request goes: an operation's route, or a file route with its file id in the path. */
export type Route = { method: 'POST'; operation: string } | { method: 'PUT' | 'GET'; fileId: string };

export interface FuzzRequest {
  route: Route;
  principal: PrincipalName;
  body: Body;
  /** The client's address as a trusted proxy tells it, so that throttles and rate limits spread over many. */
  forwardedFor: string;
}

const principals = fc.constantFrom(...principalNames);

/** The principals an operation is meant for. */
const meantFor: Record<AnyOperation['access']['plane'], PrincipalName[]> = {
  public: ['anonymous'],
  member: ['member', 'treasurer'],
  admin: ['treasurer'],
  operator: ['operator', 'observer'],
  // The fuzz holds no agent credential: agents' operations are refused at authentication.
  agent: ['anonymous'],
};

/** Half the time one the operation is meant for, so that requests get past authorization. */
const principalsOf = (operation: AnyOperation) => fc.oneof(fc.constantFrom(...meantFor[operation.access.plane]), principals);
const forwardedFor = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 254 }).map((n) => `203.0.113.${n}`) },
  { weight: 1, arbitrary: fc.constantFrom('not an address', '2001:db8::1', '::ffff:198.51.100.7', '198.51.100.1, 198.51.100.2', '') },
);

/** A file id as a path segment: whatever the fuzzed input holds there, or a segment no URL should carry. */
function fileIds(operation: AnyOperation, known: KnownValues): fc.Arbitrary<string> {
  const fromInput = fuzzedInput(operation.input, known).map((input) => {
    const id = (input as { fileId?: unknown } | null)?.fileId;
    return percentEncoded(typeof id === 'string' ? id : jsonText(id));
  });
  return fc.oneof(
    { weight: 4, arbitrary: fromInput },
    { weight: 1, arbitrary: fc.constantFrom('%00', '..%2F..%2Fetc', '%E0%A4%A', 'a'.repeat(5_000)) },
  );
}

/** Every byte of the text's UTF-8 percent-encoded (lone surrogates become U+FFFD, as a client would send them). */
function percentEncoded(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
}

/** Requests over every operation of the routes and both file routes, from every principal. */
export function fuzzRequests(operations: AnyOperation[], files: { upload: AnyOperation; download: AnyOperation }, known: KnownValues) {
  const toOperations = fc.constantFrom(...operations).chain((operation) =>
    fc.record({
      route: fc.constant<Route>({ method: 'POST', operation: operation.name }),
      principal: principals,
      body: bodies(operation, known),
      forwardedFor,
    }),
  );
  const toFiles = fc.oneof(
    fc.record({
      route: fileIds(files.upload, known).map((fileId): Route => ({ method: 'PUT', fileId })),
      principal: principalsOf(files.upload),
      body: fc.oneof(
        fc.record({
          as: fc.constant('bytes' as const),
          contentType: fc.constantFrom('application/octet-stream', json, null),
          bytes: notText,
        }),
        fc.constant({ as: 'none' as const }),
      ),
      forwardedFor,
    }),
    fc.record({
      route: fileIds(files.download, known).map((fileId): Route => ({ method: 'GET', fileId })),
      principal: principalsOf(files.download),
      body: fc.constant({ as: 'none' as const }),
      forwardedFor,
    }),
  );
  return fc.oneof({ weight: 15, arbitrary: toOperations }, { weight: 1, arbitrary: toFiles });
}

/** Sends a fuzzed request over HTTP; a request without an answer fails. */
export function sendFuzzed(url: string, request: FuzzRequest, tokens: Tokens): Promise<RawAnswer> {
  const { route, body } = request;
  const headers: Record<string, string> = { ...authorization(request.principal, tokens), 'x-forwarded-for': request.forwardedFor };
  let sent: string | Uint8Array<ArrayBuffer> | undefined;
  if (body.as === 'json') sent = jsonText(body.value);
  else if (body.as === 'text') sent = body.text;
  else if (body.as === 'bytes') sent = Uint8Array.from(body.bytes);
  // Bytes without a content type go out without one.
  if (body.as !== 'none' && body.contentType !== null) headers['content-type'] = body.contentType;
  const path = route.method === 'POST' ? `/api/ops/${route.operation}` : `/api/files/${route.fileId}`;
  return sendRaw(url, path, { method: route.method, headers, body: sent });
}

/** What is wrong with an answer, if anything: a 5xx, a code not in the table, a status that is not its code's. */
export function answerProblem(request: FuzzRequest, answer: RawAnswer): string | null {
  if (answer.status >= 200 && answer.status < 300) return null;
  if (answer.status < 400 || answer.status >= 500) return `status ${answer.status}: ${answer.text.slice(0, 300)}`;
  const code: unknown = answer.body?.code;
  if (!isErrorCode(code)) return `status ${answer.status} without a documented code: ${answer.text.slice(0, 300)}`;
  if (errorCodes[code].status !== answer.status) return `${code} answered with status ${answer.status}, not ${errorCodes[code].status}`;
  const { body } = request;
  if (body.as === 'json' && body.contentType === json && isDeep(body.value) && code !== 'INPUT_TOO_DEEP')
    return `deep nesting answered ${answer.status} ${code}`;
  return null;
}
