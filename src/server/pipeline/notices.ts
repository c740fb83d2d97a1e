import { EventEmitter } from 'node:events';

/** "Subtree S of space N changed": sent after commit to the sessions whose perimeter holds it. */
export interface ChangeNotice {
  spaceId: number;
  subtree: string;
  version?: number;
}

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
