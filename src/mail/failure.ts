/**
 * What a failed sending says in the task's error and the log: the stage and the server's code,
 * never the server's words, which may repeat the recipient's address.
 */
export function mailFailure(error: unknown, what = 'the mail could not be sent'): Error {
  const e = (error ?? {}) as { code?: unknown; responseCode?: unknown; command?: unknown };
  const parts = [
    typeof e.code === 'string' ? e.code : 'ERROR',
    typeof e.command === 'string' ? `at ${e.command.split(' ')[0]}` : null,
    typeof e.responseCode === 'number' ? `reply ${e.responseCode}` : null,
  ].filter(Boolean);
  return new Error(`${what} (${parts.join(', ')})`);
}
