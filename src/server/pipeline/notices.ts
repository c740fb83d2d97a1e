import { EventEmitter } from 'node:events';

/**
 * Published after commit. "Subtree S of space N changed" goes to the sessions whose perimeter holds
 * it (an account id as subtree: that account's avatars changed, e.g. one was added, and its version
 * is the keyring's revision). "A session presented its avatars" makes that session's live
 * connections read their perimeter again. "A session ended" closes that session's live connection,
 * "an account ended" all of its sessions'. "A space changed" (an operator froze it, posted a
 * notification…) goes to every session of the space, whose status banner reads it again. "The
 * memberships of avatar A changed" (it joined or left a group, or waived or resumed an access)
 * makes the live connections that hear of A read their perimeter again, then tells them A changed. "The
 * notification of a partition or an account changed" goes to the sessions of that partition's
 * accounts or of that account, whose header reads it again (and shows a restriction). "A fleet
 * host has news" (a command or a cancellation for it) answers its agent's long poll (space 0).
 */
export type ChangeNotice =
  | { spaceId: number; subtree: string; version?: number }
  | { spaceId: number; presentedSession: string }
  | { spaceId: number; endedSession: string }
  | { spaceId: number; endedAccount: string }
  | { spaceId: number; spaceChanged: true }
  | { spaceId: number; membershipsOf: string }
  | { spaceId: number; notified: 'partition' | 'account'; target: string }
  | { spaceId: number; fleetHost: string };

/** Where notices come from: this node's operations, or another node through the relay. */
export interface NoticeOrigin {
  relayed: boolean;
}

export type NoticeListener = (notices: ChangeNotice[], origin: NoticeOrigin) => void;

/** In-process channel of change notices; the PostgreSQL relay (live/relay.ts) carries them between nodes. */
export class ChangeNotices {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  subscribe(listener: NoticeListener): () => void {
    this.emitter.on('notices', listener);
    return () => this.emitter.off('notices', listener);
  }

  publish(notices: ChangeNotice[], origin: NoticeOrigin = { relayed: false }): void {
    if (notices.length) this.emitter.emit('notices', notices, origin);
  }
}
