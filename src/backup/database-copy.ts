import type { Config } from '../config/schema.js';
import type { Engine, Store } from '../store/database.js';
import type { Manifest } from './manifest.js';

/** A database restored out of the way, to check a backup: where it is, and how to remove it. */
export interface Scratch {
  url: string;
  remove(): Promise<void>;
}

/** How a backup copies, checks and restores the database, on one engine (sqlite.ts, postgres.ts). */
export interface DatabaseCopy {
  readonly engine: Engine;
  /** The part's file name in a backup folder. */
  readonly fileName: string;
  /** Writes a consistent copy of the live database to `target`, without stopping writes; returns its rows per table and, on PostgreSQL, its schema. */
  snapshot(config: Config, store: Store, target: string): Promise<{ rows: Record<string, number>; schema: string | null }>;
  /** The engine's own check of a copy: what it found, or a throw saying why it is unusable. */
  integrity(config: Config, file: string): Promise<string>;
  /** Restores a copy into a new scratch database. */
  scratch(config: Config, file: string, manifest: Manifest, workDir: string): Promise<Scratch>;
  /** Replaces the live database's content with the copy's, all or nothing. */
  restore(config: Config, file: string, manifest: Manifest): Promise<void>;
  /** What `restore` will do, in a sentence (for --dry-run and the report). */
  describeRestore(config: Config): string;
}
