import { spawn } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { root, type Run } from '../support/cli.js';
import { describeEngines, describePostgres, tempDir } from '../support/engines.js';
import { createdName, siteFiles, type SiteFiles } from './support.js';

const backupNames = (site: SiteFiles) => readdirSync(site.backupDir).filter((n) => /^\d{8}T/.test(n));
const objectCount = (site: SiteFiles) =>
  readdirSync(join(site.backupDir, 'objects'), { recursive: true }).filter((n) => /[0-9a-f]{64}$/.test(String(n))).length;

/** A migrated site with files in two spaces, two of them alike, and a marker to see that a refusal touched nothing. */
async function filledSite(site: SiteFiles): Promise<void> {
  expect((await site.run(['migrate', 'up'])).code).toBe(0);
  const same = randomBytes(30_000);
  for (const [space, name, bytes] of [
    [10, 'avatars/a/one', same],
    [11, 'avatars/b/two', same],
    [11, 'avatars/b/three', randomBytes(3_000_000)],
  ] as const) {
    mkdirSync(join(site.filesDir, String(space), name, '..'), { recursive: true });
    writeFileSync(join(site.filesDir, String(space), name), bytes);
  }
}

const refusal = (run: Run) => [run.code, run.stderr.split(':')[0]];

describeEngines('ilot backup', (engine) => {
  let site: SiteFiles;
  let name: string;
  beforeAll(async () => {
    site = await siteFiles(engine);
    await filledSite(site);
    const created = await site.run(['backup', 'create']);
    expect([created.code, created.stderr]).toEqual([0, '']);
    name = createdName(created);
  }, 120_000);

  it('writes a verified backup whose files are stored once, in this backup and the next', { timeout: 60_000 }, async () => {
    const again = await site.run(['backup', 'create', '--no-verify']);
    expect(again.code).toBe(0);
    // Three files, two alike, in each of two backups: two stored contents.
    expect(objectCount(site)).toBe(2);
    const list = await site.run(['backup', 'list']);
    expect(list.stdout).toContain(`${name}  manual`);
    expect(list.stdout).toMatch(new RegExp(`${createdName(again)} .* not verified`));
    expect(list.stdout).toMatch(new RegExp(`${name} .* verified`));
    const manifest = JSON.parse(readFileSync(join(site.backupDir, name, 'manifest.json'), 'utf8')) as Record<string, any>;
    expect(manifest).toMatchObject({ engine: engine.name, migrations: { last: expect.any(String) }, files: { count: 3 } });
    expect(manifest.database.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.rows.ilot_migrations).toBe(manifest.migrations.applied);
  });

  it('says what a restore would do with --dry-run, and changes nothing', { timeout: 60_000 }, async () => {
    writeFileSync(join(site.filesDir, '10', 'marker'), 'after the backup');
    const before = backupNames(site);
    const run = await site.run(['backup', 'restore', name, '--dry-run']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toMatch(/dry run: nothing changed/);
    expect(run.stdout).toMatch(/revoke every session/);
    expect([existsSync(join(site.filesDir, '10', 'marker')), backupNames(site)]).toEqual([true, before]);
  });

  it(
    'keeps the site from starting while a restore runs or after one was interrupted, until a restore ends',
    { timeout: 90_000 },
    async () => {
      const marker = join(site.filesDir, '.restore-in-progress');
      writeFileSync(marker, JSON.stringify({ backup: name, pid: process.pid, startedAt: Date.now() }));
      const running = await site.run(['serve']);
      expect(refusal(running)).toEqual([1, 'BACKUP_RESTORING']);
      expect(running.stderr).toContain(`Process ${process.pid} is restoring backup ${name}`);

      // The restoring process died half-way.
      const gone = spawn(process.execPath, ['-e', '']);
      await new Promise((done) => gone.on('close', done));
      writeFileSync(marker, JSON.stringify({ backup: name, pid: gone.pid, startedAt: Date.now() }));
      const interrupted = await site.run(['serve']);
      expect(refusal(interrupted)).toEqual([1, 'BACKUP_RESTORING']);
      expect(interrupted.stderr).toContain(`ilot backup restore ${name}`);

      const restored = await site.run(['backup', 'restore', name]);
      expect([restored.code, restored.stderr]).toEqual([0, '']);
      expect(existsSync(marker)).toBe(false);
    },
  );

  it(
    'refuses a tampered file, a truncated database copy and an unreadable manifest, and touches nothing',
    { timeout: 90_000 },
    async () => {
      const copy = await site.run(['backup', 'create', '--no-verify']);
      const victim = createdName(copy);
      const folder = join(site.backupDir, victim);
      const before = backupNames(site);
      writeFileSync(join(site.filesDir, '10', 'marker'), 'after the backup');

      const database = readdirSync(folder).find((f) => f.startsWith('database.'))!;
      truncateSync(join(folder, database), 100);
      const truncated = await site.run(['backup', 'restore', victim]);
      expect(refusal(truncated)).toEqual([1, 'BACKUP_CORRUPT']);
      expect(truncated.stderr).toMatch(/truncated/);
      const verify = await site.run(['backup', 'verify', victim]);
      expect(verify.code).toBe(1);
      expect(verify.stdout).toMatch(/FAIL {2}checksums/);
      // The failed verification is recorded with the backup.
      expect(JSON.parse(readFileSync(join(folder, 'verification.json'), 'utf8'))).toMatchObject({ ok: false });

      writeFileSync(join(folder, 'manifest.json'), '{"format": 1, "engine": "sql');
      expect(refusal(await site.run(['backup', 'restore', victim]))).toEqual([1, 'BACKUP_CORRUPT']);
      expect((await site.run(['backup', 'list'])).stdout).toMatch(new RegExp(`${victim}  UNREADABLE`));

      // An object shared with the first backup: that one fails its checksums now.
      const objects = join(site.backupDir, 'objects');
      const object = readdirSync(objects, { recursive: true })
        .map(String)
        .find((n) => /[0-9a-f]{64}$/.test(n))!;
      appendFileSync(join(objects, object), 'x');
      const altered = await site.run(['backup', 'restore', name]);
      expect(refusal(altered)).toEqual([1, 'BACKUP_CORRUPT']);
      expect(altered.stderr).toMatch(/stored files are missing or altered/);

      // No safety copy was taken and nothing was restored.
      expect([existsSync(join(site.filesDir, '10', 'marker')), backupNames(site)]).toEqual([true, before]);

      // The damaged object was set aside: the next backup stores the file again, and verifies.
      expect(existsSync(join(objects, `${object}.damaged`))).toBe(true);
      const next = await site.run(['backup', 'create']);
      expect(next.code, next.stderr).toBe(0);
      expect(readFileSync(join(objects, object)).equals(readFileSync(join(objects, `${object}.damaged`)))).toBe(false);
      expect((await site.run(['backup', 'verify', createdName(next)])).code).toBe(0);
    },
  );

  it('refuses a backup of a newer Ilot', { timeout: 60_000 }, async () => {
    const created = createdName(await site.run(['backup', 'create', '--no-verify']));
    const path = join(site.backupDir, created, 'manifest.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/"ilotVersion": "[^"]+"/, '"ilotVersion": "99.0.0"'));
    const run = await site.run(['backup', 'restore', created]);
    expect(refusal(run)).toEqual([1, 'BACKUP_TOO_NEW']);
    expect(run.stderr).toMatch(/Ilot 99\.0\.0/);
  });

  it('leaves no backup behind when the disk fills during the backup', { timeout: 60_000 }, async () => {
    const before = backupNames(site);
    // Files written by the command may not exceed 2 MB (ulimit -f counts 512-byte blocks): a new 3 MB file does not fit.
    writeFileSync(join(site.filesDir, '10', 'large'), randomBytes(3_000_000));
    const command = `trap '' XFSZ; ulimit -f 4096; exec "$@"`;
    const tsx = join(root, 'node_modules/tsx/dist/loader.mjs');
    const child = spawn('sh', ['-c', command, 'sh', process.execPath, '--import', tsx, join(root, 'src/cli/main.ts'), 'backup', 'create'], {
      env: { ...process.env, ...site.env },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect([code, stderr.split(':')[0]], stderr).toEqual([1, 'BACKUP_DISK_FULL']);
    expect(backupNames(site)).toEqual(before);
    expect(readdirSync(site.backupDir).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
  });
});

describe('ilot backup without backup.dir', () => {
  it('refuses when backups are not configured', async () => {
    const site = await siteFiles({ name: 'sqlite', freshUrl: async () => `sqlite:${join(tempDir(), 'ilot.db')}` });
    const run = await site.run(['backup', 'list'], { ILOT_BACKUP_DIR: '' });
    expect(refusal(run)).toEqual([1, 'BACKUP_NOT_CONFIGURED']);
  });
});

describePostgres('ilot backup without a usable pg_dump', (engine) => {
  let site: SiteFiles;
  beforeAll(async () => {
    site = await siteFiles(engine);
    await filledSite(site);
  }, 60_000);

  it('says pg_dump is missing, in the backup and in the doctor, and writes nothing', { timeout: 60_000 }, async () => {
    const missing = { ILOT_BACKUP_PG_BIN_DIR: join(tempDir(), 'nothing-here') };
    const run = await site.run(['backup', 'create'], missing);
    expect(refusal(run)).toEqual([1, 'PG_DUMP_MISSING']);
    const doctor = await site.run(['doctor'], { ...missing, ILOT_DOCTOR_MIN_FREE_DISK_MB: '0' });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/FAIL {2}pg_dump .*cannot be found/);
    expect(existsSync(site.backupDir) ? readdirSync(site.backupDir).filter((n) => !['objects', '.lock'].includes(n)) : []).toEqual([]);
  });

  it('refuses a pg_dump older than the server', { timeout: 60_000 }, async () => {
    // No PostgreSQL 9.6 client is installed here: these stand-ins answer --version as one would.
    const bin = tempDir();
    for (const program of ['pg_dump', 'pg_restore']) {
      writeFileSync(join(bin, program), `#!/bin/sh\necho "${program} (PostgreSQL) 9.6.24"\n`);
      chmodSync(join(bin, program), 0o755);
    }
    const run = await site.run(['backup', 'create'], { ILOT_BACKUP_PG_BIN_DIR: bin });
    expect(refusal(run)).toEqual([1, 'PG_DUMP_VERSION']);
    expect(run.stderr).toMatch(/version 9\.6\.24, older than the PostgreSQL server \(\d+\)/);
  });

  it('reports pg_dump and its version in the doctor', { timeout: 60_000 }, async () => {
    const doctor = await site.run(['doctor', '--json'], { ILOT_DOCTOR_MIN_FREE_DISK_MB: '0' });
    const checks = JSON.parse(doctor.stdout) as { check: string; ok: boolean; detail: string }[];
    expect(checks.find((c) => c.check === 'pg_dump')).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/pg_dump \d+\.\d+ and .*pg_restore \d+\.\d+, server \d+/),
    });
    expect(checks.find((c) => c.check === 'backups')).toMatchObject({ ok: true, detail: expect.stringMatching(/^none yet/) });
  });
});
