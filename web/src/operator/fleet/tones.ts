import type { OutputOf } from '../../../../src/shared/operations/index.js';

// The colour of each state's badge, among the console's (console.css: .state.done, .pending, .running, .failed, .cancelled).

export type FleetCommand = OutputOf<'fleet.command.show'>;
export type Host = OutputOf<'fleet.host.list'>['hosts'][number];
export type HostState = 'online' | 'offline' | 'revoked' | 'notEnrolled';

export const commandTone: Record<FleetCommand['state'], string> = {
  pending: 'pending',
  delivered: 'running',
  running: 'running',
  succeeded: 'done',
  failed: 'failed',
  timed_out: 'failed',
  cancelled: 'cancelled',
  lost: 'failed',
};

export const rolloutTone: Record<OutputOf<'fleet.rollout.show'>['state'], string> = {
  running: 'running',
  succeeded: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};

export const hostState = (h: Pick<Host, 'revoked' | 'enrolled' | 'online'>): HostState =>
  h.revoked ? 'revoked' : !h.enrolled ? 'notEnrolled' : h.online ? 'online' : 'offline';

export const hostTone: Record<HostState, string> = { online: 'done', offline: 'failed', revoked: 'failed', notEnrolled: 'pending' };

/** How often the fleet's views are read again while shown: agents change them by themselves. */
export const fleetEveryMs = 5000;
