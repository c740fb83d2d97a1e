import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { IlotError, type ErrorCode } from '../../shared/errors.js';

// Node's errors about a connection before any request reached Fastify, as our codes.
const nodeCodes: Record<string, ErrorCode> = {
  HPE_HEADER_OVERFLOW: 'HEADERS_TOO_LARGE',
  // Headers that took longer than `http.headersTimeoutMs`.
  ERR_HTTP_REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
};

/**
 * Answers malformed HTTP, oversized headers and headers too slow to arrive in our error format,
 * then closes the connection. Nothing is written when a reply has already begun on it (it would
 * corrupt that reply): the connection just closes.
 */
export function answerClientError(error: Error, socket: Socket): void {
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent: boolean } })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const code = nodeCodes[(error as NodeJS.ErrnoException).code ?? ''];
  const refusal = code ? new IlotError(code) : new IlotError('BAD_REQUEST', 'The request is not valid HTTP.');
  const body = JSON.stringify(refusal.toBody());
  socket.end(
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status]}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
