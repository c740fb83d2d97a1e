import type { InputOf, OutputOf } from '../shared/operations/index.js';
import { isErrorCode } from '../shared/errors.js';

/** A refusal of the tower (its stable code), or `unreachable` when no answer came. */
export class TowerError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'TowerError';
  }

  /** The tower did not judge the message (down, unreachable, overloaded): send it again later. */
  get retryable(): boolean {
    return this.code === 'unreachable' || this.status >= 500 || this.code === 'RATE_LIMITED';
  }
}

/** The agent's side of the tower's API: enrolment, then authenticated exchanges. */
export class TowerClient {
  constructor(
    private readonly url: string,
    private readonly credential: string | null = null,
  ) {}

  withCredential(credential: string): TowerClient {
    return new TowerClient(this.url, credential);
  }

  enrol(input: InputOf<'fleet.agent.enrol'>): Promise<OutputOf<'fleet.agent.enrol'>> {
    return this.post('/api/ops/fleet.agent.enrol', input) as Promise<OutputOf<'fleet.agent.enrol'>>;
  }

  /** One message; with `signal`, a long poll that the agent may abandon to send results. */
  exchange(input: InputOf<'fleet.agent.exchange'>, signal?: AbortSignal): Promise<OutputOf<'fleet.agent.exchange'>> {
    return this.post('/api/agent/exchange', input, signal) as Promise<OutputOf<'fleet.agent.exchange'>>;
  }

  /** The release archive of a deploy this agent holds, as the tower's disk has it (checked by the caller). */
  async release(commandId: string, signal: AbortSignal): Promise<Buffer> {
    let response: Response;
    try {
      response = await fetch(`${this.url}/api/agent/release/${encodeURIComponent(commandId)}`, {
        headers: this.credential ? { authorization: `Bearer ${this.credential}` } : {},
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new TowerError('unreachable', `the tower cannot be reached: ${(error as Error).message}`, 0);
    }
    if (!response.ok) throw await refusal(response);
    return Buffer.from(await response.arrayBuffer());
  }

  private async post(path: string, input: object, signal?: AbortSignal): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.credential ? { authorization: `Bearer ${this.credential}` } : {}) },
        body: JSON.stringify(input),
        signal: signal ?? null,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new TowerError('unreachable', `the tower cannot be reached: ${(error as Error).message}`, 0);
    }
    if (response.ok) return response.json();
    throw await refusal(response);
  }
}

/** The tower's refusal: its stable code and message, from the error body. */
async function refusal(response: Response): Promise<TowerError> {
  const body = (await response.json().catch(() => null)) as { code?: unknown; message?: unknown; details?: unknown } | null;
  const code = isErrorCode(body?.code) ? body.code : `HTTP_${response.status}`;
  return new TowerError(code, typeof body?.message === 'string' ? body.message : response.statusText, response.status, body?.details);
}
