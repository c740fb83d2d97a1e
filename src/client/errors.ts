import { isErrorCode, type ErrorCode } from '../shared/errors.js';

/** A refused call: a stable code of src/shared/errors.ts, a message, details, and the HTTP status (0 when the SDK itself refused). */
export class IlotClientError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'IlotClientError';
  }

  /** The error of a refused reply; a code this client does not know (a newer site) is kept in the details. */
  static fromReply(body: { code?: unknown; message?: unknown; details?: unknown }, status: number, statusText: string): IlotClientError {
    const message = typeof body.message === 'string' ? body.message : statusText;
    if (isErrorCode(body.code)) return new IlotClientError(body.code, message, status, body.details);
    return new IlotClientError(
      'HTTP_ERROR',
      message,
      status,
      body.code === undefined ? body.details : { code: body.code, details: body.details },
    );
  }
}
