import type { Readable } from 'node:stream';

export interface FileStat {
  size: number;
  modifiedAt: number;
}

/**
 * Where member files live: one folder per space, names made of `/`-separated segments of
 * letters, digits, `.`, `_` and `-` (see names.ts). Implementations: local directory now,
 * S3-compatible later, both behind this contract.
 */
export interface FileStore {
  /** Writes the whole stream, then makes it visible at once: a reader sees the old file or the new one, never a part. */
  put(spaceId: number, name: string, content: Readable): Promise<FileStat>;
  /**
   * Writes `content` at `offset` of the unfinished (temporary) file of `name`, which must hold exactly
   * `offset` bytes: UPLOAD_OFFSET_MISMATCH otherwise (its details say how many it holds),
   * UPLOAD_BUSY while another write to it runs. A failed write leaves it as it was. Once it holds
   * `size` bytes it becomes `name`, visible at once. Returns the bytes held.
   */
  append(spaceId: number, name: string, at: { offset: number; size: number }, content: Readable): Promise<number>;
  /** Bytes held of `name` so far: its size once complete, else what its unfinished file holds (0 when none); UPLOAD_BUSY while a write to it runs. */
  heldOf(spaceId: number, name: string): Promise<number>;
  /** Streams a file back; FILE_NOT_FOUND when absent. */
  get(spaceId: number, name: string): Promise<Readable>;
  /** True when a file was deleted; its unfinished file, if any, goes too. */
  delete(spaceId: number, name: string): Promise<boolean>;
  /** Deletes every file under a folder (`''`: the whole space); returns how many. */
  deletePrefix(spaceId: number, folder: string): Promise<number>;
  /** Names of the files under a folder, sorted. */
  list(spaceId: number, folder?: string): Promise<string[]>;
  stat(spaceId: number, name: string): Promise<FileStat | null>;
  /** Removes unfinished writes (temporary files) older than `olderThanMs`; returns how many. */
  removeStaleTemps(olderThanMs: number): Promise<number>;
  /** Throws unless the store can be written and read back now (readiness, doctor). */
  check(): Promise<void>;
}
