/** A server's answer to a raw request: status, body text, and the body parsed when it is JSON. */
export interface RawAnswer {
  status: number;
  text: string;
  body: any;
}

export interface RawRequest {
  method?: string;
  /** Sent as it is: JSON text written by hand (numbers JavaScript cannot hold), or any bytes. */
  body?: string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
  /** Only bounds a request that would otherwise hang: generous, so that a loaded machine never reaches it. */
  deadlineMs?: number;
}

/** Sends a request as given, without any client in between; a request without an answer by its deadline fails. */
export async function sendRaw(url: string, path: string, request: RawRequest = {}): Promise<RawAnswer> {
  const { method = 'POST', body, headers = {}, deadlineMs = 60_000 } = request;
  const response = await fetch(`${url}${path}`, { method, headers, body, signal: AbortSignal.timeout(deadlineMs) }).catch(
    (error: Error) => {
      throw new Error(`${method} ${path}: no answer (${error.message})`, { cause: error });
    },
  );
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, text, body: parsed };
}

/** POSTs JSON text written by hand to an operation, with a session's token if given. */
export function postJsonText(url: string, operation: string, json: string, token?: string): Promise<RawAnswer> {
  return sendRaw(url, `/api/ops/${operation}`, {
    body: json,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
}
