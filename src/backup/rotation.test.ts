import { describe, expect, it } from 'vitest';
import { backupsToKeep } from './rotation.js';
import type { BackupInfo } from './status.js';
import type { Manifest } from './manifest.js';

const dayMs = 86_400_000;
const start = Date.UTC(2026, 0, 1, 2, 30);

/** A backup `day` days after 2026-01-01 (plus `hour` hours): verified ok, failed, or not verified (null). */
function backup(day: number, ok: boolean | null = true, hour = 0): BackupInfo {
  const createdAt = start + day * dayMs + hour * 3_600_000;
  return {
    name: `backup-${day}-${hour}`,
    manifest: { createdAt } as Manifest,
    problem: null,
    verification: ok === null ? null : { at: createdAt, ok, checks: [] },
  };
}

/** Newest first, as listBackups gives them. */
const newestFirst = (backups: BackupInfo[]) => [...backups].sort((a, b) => b.manifest!.createdAt - a.manifest!.createdAt);

describe('backup rotation', () => {
  it('keeps one backup per day for the last days, then per week, then per month', () => {
    const all = newestFirst(Array.from({ length: 120 }, (_, day) => backup(day)));
    const kept = [...backupsToKeep(all, { daily: 3, weekly: 2, monthly: 2 })].sort();
    // Days 119, 118, 117 (2026-04-30 back); the weeks of Monday 2026-04-27 (119, kept) and 2026-04-20 (its Sunday, 115);
    // the months of April (119, kept) and March (its last day, 89).
    expect(kept).toEqual(['backup-115-0', 'backup-117-0', 'backup-118-0', 'backup-119-0', 'backup-89-0']);
  });

  it('keeps the newest of a day, counts unverified backups as good, drops failed ones except the newest of all', () => {
    const all = newestFirst([backup(5, false, 3), backup(5, true, 2), backup(5, true, 1), backup(4, null), backup(3, false), backup(2)]);
    expect([...backupsToKeep(all, { daily: 3, weekly: 0, monthly: 0 })].sort()).toEqual([
      'backup-2-0',
      'backup-4-0',
      'backup-5-2',
      'backup-5-3',
    ]);
  });

  it('keeps an unreadable backup only when it is the newest', () => {
    const unreadable: BackupInfo = { name: 'broken', manifest: null, problem: 'altered', verification: null };
    expect([...backupsToKeep([unreadable, backup(1)], { daily: 1, weekly: 0, monthly: 0 })]).toEqual(['broken', 'backup-1-0']);
    expect([...backupsToKeep([backup(2), unreadable, backup(1)], { daily: 1, weekly: 0, monthly: 0 })]).toEqual(['backup-2-0']);
  });
});
