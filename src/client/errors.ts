/** A refused call: the server's stable code, its message and details, and the HTTP status. */
export class IlotClientError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'IlotClientError';
  }
}
