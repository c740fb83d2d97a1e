import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { createBackup } from '../../../backup/create.js';
import { verifyBackup } from '../../../backup/verify.js';
import { isGood, listBackups } from '../../../backup/status.js';
import { describeEngines, sqliteEngine, tempDir } from '../../../../test/support/engines.js';
import { operatedSite } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';

describeEngines('backup.list', (engine) => {
  const backupDir = join(tempDir(), 'backups');
  const site = operatedSite(engine, { tasks: { enabled: false }, backup: { dir: backupDir } });

  it('lists the backups newest first, with their manifest and verification', async () => {
    expect(await site.oscar.call('backup.list')).toEqual({ configured: true, backups: [] });
    const { config, store } = site.server;
    const older = await createBackup(config, store, { label: 'manual' });
    const newer = await createBackup(config, store, { label: 'manual' });
    // The newer one verified (without the test restore, which the backup tests cover); the older one not at all.
    const verification = await verifyBackup(config, newer.name, { scratch: false });
    expect(verification.ok).toBe(true);

    const { configured, backups } = await site.oscar.call('backup.list');
    expect(configured).toBe(true);
    expect(backups.map((b) => b.name)).toEqual([newer.name, older.name]);
    const [first, second] = backups;
    expect(first).toMatchObject({
      problem: null,
      good: true,
      manifest: {
        createdAt: newer.manifest.createdAt,
        label: 'manual',
        engine: engine.name,
        databaseBytes: newer.manifest.database.bytes,
        files: newer.manifest.files,
      },
      verification: { ok: true, checks: verification.checks },
    });
    expect(first!.manifest!.rows).toBe(Object.values(newer.manifest.rows).reduce((a, n) => a + n, 0));
    expect(first!.manifest!.rows).toBeGreaterThan(0);
    expect(second).toMatchObject({ name: older.name, good: true, verification: null });
  });

  it('shows a failed verification, an altered record and an unreadable manifest as backups not to count on', async () => {
    const { config, store } = site.server;
    const failed = await createBackup(config, store, { label: 'manual' });
    writeFileSync(join(backupDir, failed.name, failed.manifest.database.file), 'truncated');
    await verifyBackup(config, failed.name, { scratch: false });
    const altered = await createBackup(config, store, { label: 'manual' });
    writeFileSync(join(backupDir, altered.name, 'verification.json'), '{"ok":"yes"}');
    // A folder with a backup's name and a manifest that is not one.
    const broken = '20000101T000000Z-0000';
    mkdirSync(join(backupDir, broken));
    writeFileSync(join(backupDir, broken, 'manifest.json'), '{"format":');

    const byName = new Map((await site.alice.call('backup.list')).backups.map((b) => [b.name, b]));
    const checked = byName.get(failed.name)!;
    expect(checked.good).toBe(false);
    expect(checked.verification).toMatchObject({ ok: false, checks: [{ check: 'checksums', ok: false }] });
    expect(checked.verification!.checks[0]!.detail).toMatch(/truncated/);
    expect(byName.get(altered.name)).toMatchObject({ good: false, verification: { ok: false, checks: [{ check: 'record', ok: false }] } });
    // Without its verdict, a record counts for nothing anywhere (readiness, rotation, the doctor read the same).
    writeFileSync(join(backupDir, altered.name, 'verification.json'), '{"at":1,"checks":[]}');
    const again = (await listBackups(backupDir)).find((b) => b.name === altered.name)!;
    expect([isGood(again), again.verification?.ok]).toEqual([false, false]);
    expect(byName.get(broken)).toMatchObject({ good: false, manifest: null, verification: null });
    expect(byName.get(broken)!.problem).toMatch(/not valid JSON/);
  });

  it('is for operators only, and takes no input', async () => {
    expect((await refusal(new IlotClient(site.server.url).call('backup.list'))).code).toBe('AUTH_REQUIRED');
    expect((await refusal(site.alice.call('backup.list', { dir: '/etc' }))).code).toBe('VALIDATION_FAILED');
  });
});

describe('backup.list without backup.dir', () => {
  const site = operatedSite(sqliteEngine, { tasks: { enabled: false } });
  it('says backups are not configured', async () => {
    expect(await site.oscar.call('backup.list')).toEqual({ configured: false, backups: [] });
  });
});
