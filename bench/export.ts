// Space export and import, on SQLite and PostgreSQL: `ilot space export` of a generated space, then
// `ilot space import` of its archive into a fresh site of the same engine, each in its own process
// (its peak resident memory read from /proc). Baseline in the same run: `cp` of the archive's bytes
// on the same disk, flushed as the export and import flush theirs. The data set is smaller than the
// issue's (10,000 accounts, 200,000 notes, 2 GB of files), to run in a few minutes here: scale it
// with ILOT_BENCH_EXPORT_ACCOUNTS, ILOT_BENCH_EXPORT_NOTES and ILOT_BENCH_EXPORT_MB (1 MB files).
// Rows are generated straight into the store, files straight into the file store: both travel as
// opaque bytes.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { newScopedId } from '../src/shared/ids.js';
import { openStore } from '../src/store/database.js';
import { migrateUp } from '../src/store/migrator.js';
import { benchDatabase, machine } from './support.js';

const quick = process.env.ILOT_BENCH_QUICK === '1';
const accounts = Number(process.env.ILOT_BENCH_EXPORT_ACCOUNTS ?? (quick ? 100 : 1000));
const notes = Number(process.env.ILOT_BENCH_EXPORT_NOTES ?? (quick ? 2000 : 20_000));
const totalMb = Number(process.env.ILOT_BENCH_EXPORT_MB ?? (quick ? 32 : 256));
const megabyte = 1024 * 1024;
const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
const orgCode = 'benchspace';

const text = (bytes: number) => randomBytes(bytes).toString('base64url');

/** A frozen space of `accounts` accounts (each with its primary avatar), `notes` notes among them, and `totalMb` files of 1 MB. */
async function generate(databaseUrl: string, filesDir: string): Promise<void> {
  const store = await openStore({ url: databaseUrl, poolSize: 1 });
  try {
    await migrateUp(store);
    const now = Date.now();
    const batch = async <T>(rows: T[], insert: (page: T[]) => Promise<unknown>) => {
      for (let i = 0; i < rows.length; i += 200) await insert(rows.slice(i, i + 200));
    };
    await store.transaction(async (tx) => {
      await tx.insertInto('spaces').values({ id: 10, org_code: orgCode, created_at: now, frozen: 1 }).execute();
      const owners = Array.from({ length: accounts }, () => ({ account: newScopedId(10, 'account'), avatar: newScopedId(10, 'avatar') }));
      await batch(owners, (page) =>
        tx
          .insertInto('accounts')
          .values(
            page.map((o) => ({
              space_id: 10,
              id: o.account,
              prefix_id: text(32),
              auth_hash: text(48),
              roles: '',
              wrapped_account_key: text(60),
              created_at: now,
              expires_at: null,
              kind: 'A' as const,
              partition_id: null,
              quota_documents: 1000,
              quota_volume_bytes: 1e9,
              gift_cents: null,
              keyring: text(1024),
              usage_key_hash: null,
            })),
          )
          .execute(),
      );
      await batch(owners, (page) =>
        tx
          .insertInto('avatars')
          .values(
            page.map((o, i) => ({
              space_id: 10,
              id: o.avatar,
              account_id: o.account,
              name: `member ${i}`,
              ecdh_public_key: text(65),
              signing_public_key: text(65),
              wrapped_private_keys: text(200),
              created_at: now,
              proof_hash: null,
              expires_at: null,
              is_primary: 1,
              wrapped_card_key: text(60),
              card: text(300),
              contact_prefix_id: null,
              contact_auth_hash: null,
              contact_card_key: null,
            })),
          )
          .execute(),
      );
      const noteRows = Array.from({ length: notes }, (_, i) => {
        const payload = text(400);
        return {
          space_id: 10,
          id: newScopedId(10, 'note'),
          subtree: owners[i % accounts]!.avatar,
          parent_id: null,
          version: i + 1,
          size: payload.length,
          payload,
          created_at: now,
          updated_at: now,
        };
      });
      await batch(noteRows, (page) => tx.insertInto('notes').values(page).execute());
      const fileRows = Array.from({ length: totalMb }, (_, i) => ({
        space_id: 10,
        id: newScopedId(10, 'file'),
        subtree: owners[i % accounts]!.avatar,
        note_id: noteRows[i % notes]!.id,
        name_tag: text(16),
        version: notes + i + 1,
        size: megabyte,
        meta: text(200),
        created_at: now,
      }));
      await batch(fileRows, (page) => tx.insertInto('files').values(page).execute());
      for (const file of fileRows) {
        const folder = join(filesDir, '10', 'avatars', file.subtree);
        mkdirSync(folder, { recursive: true });
        writeFileSync(join(folder, file.id), randomBytes(megabyte));
      }
    });
  } finally {
    await store.close();
  }
}

/**
 * Runs `ilot …` in its own process: the duration its summary line tells (from the opening of the
 * database to the end: without the start of Node and of tsx), the process's whole duration, its
 * peak resident memory (VmHWM) and the CPU time of all its threads (start included), read until it
 * exits. On a loaded machine the CPU time says what the process costs, whatever its share of the cores.
 */
async function timedIlot(
  args: string[],
  env: Record<string, string>,
): Promise<{ seconds: number; processSeconds: number; processCpuSeconds: number; peakRssMb: number }> {
  const started = performance.now();
  const profile = process.env.ILOT_BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.ILOT_BENCH_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', tsx, join(root, 'src/cli/main.ts'), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  let peak = 0;
  let cpu = 0;
  const ticksPerSecond = 100;
  const watch = setInterval(() => {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (match) peak = Math.max(peak, Number(match[1]) / 1024);
      // utime and stime: the 14th and 15th fields, after the command name in parentheses.
      const [utime, stime] = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ').slice(11, 13).map(Number);
      cpu = (utime! + stime!) / ticksPerSecond;
    } catch {
      // Gone already.
    }
  }, 50);
  const code = await new Promise<number | null>((done) => child.on('close', done));
  clearInterval(watch);
  if (code !== 0) throw new Error(`ilot ${args.join(' ')} failed (${code}): ${output}`);
  const told = /in (\d+\.\d) s/.exec(output);
  if (!told) throw new Error(`no duration in the summary of ilot ${args.join(' ')}: ${output}`);
  return {
    seconds: Number(told[1]),
    processSeconds: Math.round((performance.now() - started) / 100) / 10,
    processCpuSeconds: Math.round(cpu * 10) / 10,
    peakRssMb: Math.round(peak),
  };
}

/** Seconds `cp` takes to copy a file on the same disk, flushed to it. */
function cpSeconds(path: string): number {
  const started = performance.now();
  execFileSync('cp', [path, `${path}.cp`]);
  execFileSync('sync');
  const seconds = (performance.now() - started) / 1000;
  rmSync(`${path}.cp`, { force: true });
  return seconds;
}

async function runOn(engine: 'sqlite' | 'postgres', urls: [string, string]) {
  const dir = mkdtempSync(join(tmpdir(), 'ilot-bench-export-'));
  try {
    const site = (n: number) => ({ ILOT_DATABASE_URL: urls[n]!, ILOT_FILES_DIR: join(dir, `files-${n}`), ILOT_LOG_LEVEL: 'warn' });
    await generate(urls[0], join(dir, 'files-0'));
    const archive = join(dir, 'space.ilotspace');
    // The target site's schema exists before the import, as on a site that already runs.
    const target = await openStore({ url: urls[1], poolSize: 1 });
    await migrateUp(target);
    await target.close();
    execFileSync('sync');
    const exported = await timedIlot(['space', 'export', orgCode, '--to', archive], site(0));
    const bytes = statSync(archive).size;
    const cp = cpSeconds(archive);
    const imported = await timedIlot(['space', 'import', archive], site(1));
    const mbPerSecond = (seconds: number) => Math.round(bytes / megabyte / seconds);
    const ratio = (seconds: number) => Math.round((cp / seconds) * 100) / 100;
    return {
      engine,
      space: { accounts, notes, files: totalMb, archiveMb: Math.round(bytes / megabyte) },
      baseline: { cpMbPerSecond: mbPerSecond(cp), cpSeconds: Math.round(cp * 100) / 100 },
      export: { ...exported, seconds: Math.round(exported.seconds * 10) / 10, mbPerSecond: mbPerSecond(exported.seconds) },
      import: { ...imported, seconds: Math.round(imported.seconds * 10) / 10, mbPerSecond: mbPerSecond(imported.seconds) },
      ratios: { exportToCp: ratio(exported.seconds), importToCp: ratio(imported.seconds) },
      goal: 'exportToCp ≥ 0.5 and importToCp ≥ 0.5, peak memory flat (not growing with the space)',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchExport() {
  const sqliteDir = mkdtempSync(join(tmpdir(), 'ilot-bench-export-db-'));
  const results: unknown[] = [];
  try {
    results.push(await runOn('sqlite', [`sqlite:${join(sqliteDir, 'a.db')}`, `sqlite:${join(sqliteDir, 'b.db')}`]));
  } finally {
    rmSync(sqliteDir, { recursive: true, force: true });
  }
  const [source, target] = [await benchDatabase(), await benchDatabase()];
  if ('skipped' in source || 'skipped' in target)
    results.push({ engine: 'postgres', skipped: 'skipped' in source ? source.skipped : (target as { skipped: string }).skipped });
  else {
    try {
      results.push(await runOn('postgres', [source.url, target.url]));
    } finally {
      await source.drop();
      await target.drop();
    }
  }
  return {
    benchmark: 'export',
    machine: machine(),
    measure: `ilot space export then ilot space import (each a process of its own, timed by its summary line: checks, rows, files, flushes; processSeconds adds the start of Node and tsx) of a frozen space of ${accounts} accounts, ${notes} notes and ${totalMb} MB of files`,
    results,
  };
}
