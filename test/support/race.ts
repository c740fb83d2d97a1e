import { IlotClient } from '../../src/client/client.js';
import { postJsonText, type RawAnswer } from './raw-requests.js';

/** A call of an operation ready to be sent: its JSON text and the session's token, if any. */
export interface Prepared {
  operation: string;
  body: string;
  token?: string;
}

/**
 * Sends `n` calls so that they reach the server together: every call is prepared first (key
 * derivation, encryption and any earlier request happen there), then all are sent in one go.
 * Answers come back in the order of `i`.
 */
export async function race(url: string, n: number, prepare: (i: number) => Prepared | Promise<Prepared>): Promise<RawAnswer[]> {
  const prepared = await Promise.all(Array.from({ length: n }, async (_, i) => prepare(i)));
  return Promise.all(prepared.map((p) => postJsonText(url, p.operation, p.body, p.token)));
}

/** A call of `operation` with `input`, as a session (its token) or anonymously. */
export function prepared(operation: string, input: unknown, client?: IlotClient): Prepared {
  return { operation, body: JSON.stringify(input), token: client?.sessionToken };
}

/** How many answers succeeded (`ok`) and how many were refused with each code. */
export function tally(answers: RawAnswer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers) {
    const outcome = answer.status === 200 ? 'ok' : String(answer.body?.code ?? answer.status);
    counts[outcome] = (counts[outcome] ?? 0) + 1;
  }
  return counts;
}

/**
 * The call of `operation` that `use` makes through the SDK (with all the client-side work that
 * prepares it), kept instead of sent: the SDK gets an empty success in its place, and whatever it
 * does with that answer does not matter. Other requests go through.
 */
export async function preparedBody(url: string, operation: string, use: (client: IlotClient) => Promise<unknown>): Promise<Prepared> {
  let kept: Prepared | undefined;
  const path = `/api/ops/${operation}`;
  const client = new IlotClient(url, {
    // The SDK calls fetch with the URL as a string and a JSON text body.
    fetch: async (input, init) => {
      if (input !== `${url}${path}`) return fetch(input, init);
      kept = { operation, body: init?.body as string };
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
    },
  });
  await use(client).catch((error: unknown) => {
    if (!kept) throw error;
  });
  if (!kept) throw new Error(`the SDK did not call ${operation}`);
  return kept;
}
