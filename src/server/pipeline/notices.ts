import { EventEmitter } from 'node:events';

/**
 * Published after commit. "Subtree S of space N changed" goes to the sessions whose perimeter holds
 * it (an account id as subtree: that account's perimeter changed, e.g. an avatar was added). "A
 * session ended" closes that session's live connection, "an account ended" all of its sessions'.
 */
export type ChangeNotice =
  | { spaceId: number; subtree: string; version?: number }
  | { spaceId: number; endedSession: string }
  | { spaceId: number; endedAccount: string };

export type NoticeListener = (notices: ChangeNotice[]) => void;

/** In-process channel of change notices; a multi-node relay (PostgreSQL LISTEN/NOTIFY) plugs in here. */
export class ChangeNotices {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  subscribe(listener: NoticeListener): () => void {
    this.emitter.on('notices', listener);
    return () => this.emitter.off('notices', listener);
  }

  publish(notices: ChangeNotice[]): void {
    if (notices.length) this.emitter.emit('notices', notices);
  }
}
