import { addressGroup } from '../../domain/addresses.js';

const windowMs = 15 * 60_000;
const maxTrackedAddresses = 100_000;

/** A credential check in flight, counted against its address until it ends. */
export interface CredentialAttempt {
  /** Ends the attempt: a failure (a wrong secret) counts for 15 minutes, anything else frees its place. Once only. */
  end(failed: boolean): void;
}

interface AddressState {
  failures: number[];
  inFlight: number;
  /** Attempts waiting for one in flight to end. */
  waiting: (() => void)[];
}

/**
 * Counts failed credential checks per address (IPv6: per /64) over 15 minutes; past the limit the
 * address must wait. An attempt takes its place before the secret is looked up and keeps it until
 * judged, so that parallel guesses cannot all pass the check: failures and attempts in flight
 * together never exceed the limit. Attempts beyond it wait for one in flight to end, and are
 * refused if the failures reach the limit meanwhile. In memory, per node: a restart forgets,
 * several nodes each count; taking a place is synchronous, so it is atomic within a node.
 */
export class FailureGuard {
  private addresses = new Map<string, AddressState>();

  constructor(private readonly limit: number) {}

  /** Resolves with the attempt once the address has room for it, or with null when its failures reach the limit (throttled). */
  async attempt(address: string): Promise<CredentialAttempt | null> {
    const group = addressGroup(address);
    for (;;) {
      const state = this.stateOf(group, Date.now());
      if (state.failures.length >= this.limit) return null;
      if (state.failures.length + state.inFlight < this.limit) {
        state.inFlight++;
        return this.attemptIn(group, state);
      }
      await new Promise<void>((wake) => state.waiting.push(wake));
    }
  }

  private attemptIn(group: string, state: AddressState): CredentialAttempt {
    let ended = false;
    return {
      end: (failed) => {
        if (ended) return;
        ended = true;
        state.inFlight--;
        if (failed) state.failures.push(Date.now());
        // Each waiting attempt looks again: it takes the freed place, or is refused, or waits on.
        for (const wake of state.waiting.splice(0)) wake();
        if (state.inFlight === 0 && state.failures.length === 0) this.addresses.delete(group);
      },
    };
  }

  /** The address's state, its expired failures dropped. */
  private stateOf(group: string, now: number): AddressState {
    let state = this.addresses.get(group);
    if (!state) {
      if (this.addresses.size >= maxTrackedAddresses) this.prune(now);
      state = { failures: [], inFlight: 0, waiting: [] };
      this.addresses.set(group, state);
    }
    state.failures = state.failures.filter((at) => now - at < windowMs);
    return state;
  }

  private prune(now: number): void {
    for (const [group, state] of this.addresses) {
      if (state.inFlight === 0 && state.failures.every((at) => now - at >= windowMs)) this.addresses.delete(group);
    }
  }
}
