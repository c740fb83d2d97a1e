import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { AgentCommand, CommandReport, ReportedState } from '../shared/operations/fleet.js';

/** A command as the journal keeps it. */
export interface JournalCommand {
  id: string;
  command: AgentCommand;
  startedAt: number | null;
  endedAt: number | null;
}

/**
 * The agent's local journal (`<dir>/journal.db`, SQLite with every commit synced to disk): its
 * credential, its message counter, and every command it was given, by id. A command is recorded
 * when received and marked started before it runs: an id is never run twice, even when the tower
 * gives it again or the agent crashed and restarted. Results wait here, marked unreported, until
 * the tower has them (buffered while it is unreachable).
 */
export class Journal {
  private readonly db: Database.Database;

  constructor(dir: string) {
    this.db = new Database(join(dir, 'journal.db'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS commands (
        id TEXT PRIMARY KEY,
        command TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        started_at INTEGER,
        ended_at INTEGER,
        state TEXT NOT NULL,
        output TEXT,
        error TEXT,
        reported TEXT
      );`);
  }

  setting(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setSetting(key: string, value: string): void {
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }

  /**
   * The next message counter, kept before the message leaves: above every one sent before, and
   * at least the time in microseconds, so that a journal restored from an old copy still counts up.
   */
  nextSeq(): number {
    const next = Math.max(Number(this.setting('seq') ?? 0) + 1, Date.now() * 1000);
    this.setSetting('seq', String(next));
    return next;
  }

  /** Records a command given by the tower; false when this id was already given (it will not run again). */
  receive(command: AgentCommand, now: number): boolean {
    const result = this.db
      .prepare("INSERT INTO commands (id, command, received_at, state) VALUES (?, ?, ?, 'received') ON CONFLICT (id) DO NOTHING")
      .run(command.id, JSON.stringify(command), now);
    return result.changes === 1;
  }

  /** Marks a command started, synced before it runs. */
  start(id: string, now: number): void {
    this.db.prepare("UPDATE commands SET started_at = ?, state = 'running' WHERE id = ?").run(now, id);
  }

  finish(id: string, state: Exclude<ReportedState, 'running'>, now: number, output?: string, error?: string): void {
    this.db
      .prepare('UPDATE commands SET ended_at = ?, state = ?, output = ?, error = ? WHERE id = ? AND ended_at IS NULL')
      .run(now, state, output?.slice(0, 4000) ?? null, error?.slice(0, 2000) ?? null, id);
  }

  /** Commands received but never started (an agent stopped before running them): they may run now. */
  notStarted(): AgentCommand[] {
    const rows = this.db.prepare('SELECT command FROM commands WHERE started_at IS NULL ORDER BY received_at').all() as {
      command: string;
    }[];
    return rows.map((r) => JSON.parse(r.command) as AgentCommand);
  }

  /** Commands started but never finished: the agent stopped while they ran. */
  interrupted(): string[] {
    return (this.db.prepare('SELECT id FROM commands WHERE started_at IS NOT NULL AND ended_at IS NULL').all() as { id: string }[]).map(
      (r) => r.id,
    );
  }

  /** What the tower has not been told yet: that a command runs, or how it ended. */
  unreported(limit = 100): CommandReport[] {
    const rows = this.db
      .prepare(
        "SELECT id, state, output, error FROM commands WHERE state <> 'received' AND (reported IS NULL OR reported <> state) ORDER BY received_at LIMIT ?",
      )
      .all(limit) as { id: string; state: ReportedState; output: string | null; error: string | null }[];
    return rows.map((r) => ({
      commandId: r.id,
      state: r.state,
      ...(r.output === null ? {} : { output: r.output }),
      ...(r.error === null ? {} : { error: r.error }),
    }));
  }

  /** The tower has these reports. */
  reported(reports: CommandReport[]): void {
    const mark = this.db.prepare('UPDATE commands SET reported = ? WHERE id = ?');
    this.db.transaction(() => {
      for (const r of reports) mark.run(r.state, r.commandId);
    })();
  }

  close(): void {
    this.db.close();
  }
}
