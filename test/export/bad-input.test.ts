import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachFile } from '../../src/client/files.js';
import { createNote } from '../../src/client/notes.js';
import { openStore } from '../../src/store/database.js';
import { siteFiles, type SiteFiles } from '../backup/support.js';
import { ilot, root, serve } from '../support/cli.js';
import { describeEngines, tempDir } from '../support/engines.js';
import { source } from '../support/files.js';
import { spaceWithTreasurer, type Member } from '../support/members.js';
import type { IlotClient } from '../../src/client/client.js';
import { readArchive, writeArchive, type TestRecord } from './support.js';

const refusal = (run: { code: number | null; stderr: string }) => [run.code, run.stderr.split(':')[0]];

describeEngines('space export and import, bad input', (engine) => {
  let site: SiteFiles;
  let server: Awaited<ReturnType<typeof serve>>;
  let treasurer: Member & { operator: IlotClient };
  let dir: string;
  let good: string;

  /** What an import must leave as it was: the spaces, the folders of the file store, the site's audit log. */
  async function state() {
    const store = await openStore({ url: site.databaseUrl, poolSize: 1 });
    try {
      const spaces = (await store.db.selectFrom('spaces').select(['id', 'org_code']).orderBy('id').execute()).map(
        (s) => `${s.id}:${s.org_code}`,
      );
      const rows = await store.db
        .selectFrom('notes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const imports = await store.db
        .selectFrom('audit_entries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', 'space.import')
        .executeTakeFirstOrThrow();
      return { spaces, notes: Number(rows.n), imports: Number(imports.n), folders: readdirSync(site.filesDir).sort() };
    } finally {
      await store.close();
    }
  }

  beforeAll(async () => {
    site = await siteFiles(engine);
    server = await serve(site.databaseUrl, site.filesDir);
    treasurer = await spaceWithTreasurer(server.url);
    const note = await createNote(treasurer.client, treasurer.client.member.avatars[0]!.id, { text: 'a note', hashtags: [] });
    await attachFile(treasurer.client, note.id, source('a.bin', randomBytes(300_000)));
    await treasurer.operator.call('space.setFrozen', { orgCode: treasurer.orgCode, frozen: true });
    dir = tempDir();
    good = join(dir, 'good.ilotspace');
    const run = await site.run(['space', 'export', treasurer.orgCode, '--to', good]);
    expect([run.code, run.stderr]).toEqual([0, '']);
  }, 120_000);
  afterAll(async () => {
    server.run.child.kill('SIGTERM');
    await server.run;
  });

  /** Imports `archive` under a fresh org code and expects the refusal `code`, with nothing changed. */
  async function refused(archive: string, code: string, message?: RegExp) {
    const before = await state();
    const run = await site.run(['space', 'import', archive, '--org', `x${randomBytes(3).toString('hex')}`]);
    expect(refusal(run), run.stderr).toEqual([1, code]);
    if (message) expect(run.stderr).toMatch(message);
    expect(await state()).toEqual(before);
    return run;
  }

  describe('export', () => {
    it('refuses a space that is not frozen, unless forced; refuses to replace a file, unless forced', { timeout: 60_000 }, async () => {
      const other = await spaceWithTreasurer(server.url);
      const target = join(dir, 'live.ilotspace');
      const live = await site.run(['space', 'export', other.orgCode, '--to', target]);
      expect(refusal(live)).toEqual([1, 'EXPORT_NOT_FROZEN']);
      expect(live.stderr).toMatch(/ilot space freeze/);
      expect(existsSync(target)).toBe(false);
      const forced = await site.run(['space', 'export', other.orgCode, '--to', target, '--force']);
      expect([forced.code, forced.stderr]).toEqual([0, '']);
      expect(forced.stdout).toMatch(/not frozen: --force/);
      const again = await site.run(['space', 'export', other.orgCode, '--to', target]);
      expect(refusal(again)).toEqual([1, 'EXPORT_NOT_FROZEN']);
      await other.operator.call('space.setFrozen', { orgCode: other.orgCode, frozen: true });
      const exists = await site.run(['space', 'export', other.orgCode, '--to', target]);
      expect(refusal(exists)).toEqual([1, 'EXPORT_TARGET_EXISTS']);
      const unknown = await site.run(['space', 'export', 'nosuch', '--to', join(dir, 'none')]);
      expect(refusal(unknown)).toEqual([1, 'SPACE_NOT_FOUND']);
      const invalid = await site.run(['space', 'export', 'NOT A CODE', '--to', join(dir, 'none')]);
      expect(invalid.code).toBe(1);
      expect(invalid.stderr).toMatch(/org code/);
    });

    it('leaves nothing under the final name when the disk fills during the export', { timeout: 60_000 }, async () => {
      const target = join(dir, 'full', 'space.ilotspace');
      mkdirSync(join(dir, 'full'));
      // Files written by the command may not exceed 100 kB (ulimit -f counts 512-byte blocks): the archive holds 300 kB.
      const command = `trap '' XFSZ; ulimit -f 200; exec "$@"`;
      const tsx = join(root, 'node_modules/tsx/dist/loader.mjs');
      const child = spawn(
        'sh',
        [
          '-c',
          command,
          'sh',
          process.execPath,
          '--import',
          tsx,
          join(root, 'src/cli/main.ts'),
          'space',
          'export',
          treasurer.orgCode,
          '--to',
          target,
        ],
        { env: { ...process.env, ...site.env } },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((done) => child.on('close', done));
      expect([code, stderr.split(':')[0]], stderr).toEqual([1, 'EXPORT_DISK_FULL']);
      expect(readdirSync(join(dir, 'full'))).toEqual([]);
    });
  });

  describe('import', () => {
    it('imports the good archive under a new org code (the baseline of the refusals below)', { timeout: 60_000 }, async () => {
      const run = await site.run(['space', 'import', good, '--org', 'copyone']);
      expect([run.code, run.stderr]).toEqual([0, '']);
      expect(readdirSync(site.filesDir).filter((n) => n.startsWith('.import-'))).toEqual([]);
    });

    it('refuses an org code that is taken, and a missing archive', async () => {
      const before = await state();
      const taken = await site.run(['space', 'import', good]);
      expect(refusal(taken)).toEqual([1, 'ORG_CODE_TAKEN']);
      expect(taken.stderr).toMatch(/--org/);
      expect(await state()).toEqual(before);
      await refused(join(dir, 'nothing-here'), 'ARCHIVE_NOT_FOUND');
      await refused(dir, 'ARCHIVE_NOT_FOUND');
    });

    it('refuses a truncated archive, wherever it was cut', { timeout: 120_000 }, async () => {
      const bytes = readFileSync(good);
      for (const length of [0, 10, 200, Math.floor(bytes.length / 2), bytes.length - 300, bytes.length - 1]) {
        const cut = join(dir, `cut-${length}`);
        writeFileSync(cut, bytes.subarray(0, length));
        await refused(cut, 'ARCHIVE_CORRUPT');
      }
      const longer = join(dir, 'longer');
      writeFileSync(longer, Buffer.concat([bytes, Buffer.from('more\n')]));
      await refused(longer, 'ARCHIVE_CORRUPT', /follow the manifest/);
    });

    it('refuses an archive with one byte changed, in a row, in a file or in a file name', { timeout: 120_000 }, async () => {
      const bytes = readFileSync(good);
      const row = bytes.indexOf('"auth_hash"');
      for (const at of [row + 20, bytes.length - 100_000]) {
        const altered = Buffer.from(bytes);
        altered[at] = altered[at]! ^ 0x01;
        const path = join(dir, `altered-${at}`);
        writeFileSync(path, altered);
        await refused(path, 'ARCHIVE_CORRUPT', /checksum/);
      }
      // A file's name, in its head (no body checksum covers it): the archive's overall checksum does.
      const renamed = Buffer.from(bytes);
      const name = renamed.indexOf('"name":"avatars/') + '"name":"avatars/'.length + 5;
      renamed[name] = renamed[name] === 0x31 ? 0x32 : 0x31;
      writeFileSync(join(dir, 'renamed'), renamed);
      await refused(join(dir, 'renamed'), 'ARCHIVE_CORRUPT', /overall checksum/);
    });

    it('refuses an archive of a newer Ilot, or of an unknown migration, before reading the rest', { timeout: 60_000 }, async () => {
      const records = await readArchive(good);
      const rewrite = async (name: string, change: (header: Record<string, unknown>) => void) => {
        const header = JSON.parse(records[0]!.body.toString()) as Record<string, unknown>;
        change(header);
        const path = join(dir, name);
        await writeArchive(path, [{ head: records[0]!.head, body: Buffer.from(JSON.stringify(header)) }, ...records.slice(1)]);
        return path;
      };
      await refused(await rewrite('newer', (h) => (h.ilotVersion = '99.0.0')), 'ARCHIVE_TOO_NEW', /Ilot 99\.0\.0/);
      await refused(await rewrite('unknown-migration', (h) => (h.migrations = { applied: 99, last: '0099_future' })), 'ARCHIVE_TOO_NEW');
      await refused(await rewrite('older', (h) => (h.migrations = { applied: 1, last: '0001_foundation' })), 'ARCHIVE_TOO_OLD');
      await refused(await rewrite('not-a-header', (h) => (h.spaceNumber = 'ten')), 'ARCHIVE_CORRUPT');
    });

    it('leaves nothing when a record with right checksums does not fit, midway through the rows', { timeout: 120_000 }, async () => {
      const records = await readArchive(good);
      const variants: [string, RegExp, (r: TestRecord[]) => TestRecord[]][] = [
        // A note row with a column the schema does not have: the rows before it were inserted, and are rolled back.
        [
          'unknown column',
          /rows of notes do not fit/,
          (r) => r.map((x) => (x.head.kind === 'rows' && x.head.table === 'notes' ? withRow(x, (row) => ({ ...row, evil: 1 })) : x)),
        ],
        // The same note twice (and counted so in the manifest): its key is violated.
        [
          'duplicate row',
          /rows of notes do not fit/,
          (r) =>
            r.map((x) =>
              x.head.kind === 'rows' && x.head.table === 'notes'
                ? duplicated(x)
                : x.head.kind === 'manifest'
                  ? withManifest(x, (m) => ({ ...m, rows: { ...m.rows, notes: m.rows.notes + 1 } }))
                  : x,
            ),
        ],
        // A value that is not a plain one.
        [
          'nested value',
          /a row of files is not one Ilot writes/,
          (r) => r.map((x) => (x.head.kind === 'rows' && x.head.table === 'files' ? withRow(x, (row) => ({ ...row, meta: { a: 1 } })) : x)),
        ],
        // A column name that is not one of the schema's shape (it would go into the insert statement), the rest of the row kept.
        [
          'quoting column',
          /a row of accounts is not one Ilot writes/,
          (r) =>
            r.map((x) =>
              x.head.kind === 'rows' && x.head.table === 'accounts'
                ? withRow(x, ({ roles, ...row }) => ({ ...row, 'roles") values (1); drop table spaces; --': roles }))
                : x,
            ),
        ],
        // A file name that would leave its space folder.
        [
          'escaping file',
          /a file name is not one of the file store/,
          (r) => r.map((x) => (x.head.kind === 'file' ? { ...x, head: { ...x.head, name: '../../escaped' } } : x)),
        ],
        // Rows of a table the import does not know.
        [
          'unknown table',
          /rows of sessions is out of place/,
          (r) => [r[0]!, { head: { kind: 'rows', table: 'sessions', rows: 1, bytes: 0 }, body: Buffer.from('{}\n') }, ...r.slice(1)],
        ],
        // The manifest counts one more note than the archive holds.
        [
          'manifest count',
          /manifest says/,
          (r) =>
            r.map((x) =>
              x.head.kind === 'manifest' ? withManifest(x, (m) => ({ ...m, rows: { ...m.rows, notes: m.rows.notes + 1 } })) : x,
            ),
        ],
      ];
      for (const [name, why, change] of variants) {
        const path = join(dir, name.replace(' ', '-'));
        await writeArchive(path, change(records));
        await refused(path, 'ARCHIVE_CORRUPT', why);
      }
      expect(existsSync(join(site.filesDir, '..', 'escaped'))).toBe(false);
    });

    it('leaves nothing when the import is killed midway; the next import cleans up after it', { timeout: 180_000 }, async () => {
      // A large file in the space makes the import last long enough to be killed while it stages files.
      const big = join(dir, 'big.ilotspace');
      const records = await readArchive(good);
      const large: TestRecord = { head: { kind: 'file', name: 'avatars/big', bytes: 0 }, body: Buffer.alloc(200 * 1024 * 1024, 7) };
      const manifestAt = records.findIndex((r) => r.head.kind === 'manifest');
      const withLarge = [...records.slice(0, manifestAt), large, records[manifestAt]!];
      await writeArchive(
        big,
        withLarge.map((x) =>
          x.head.kind === 'manifest'
            ? withManifest(x, (m) => ({ ...m, files: { count: m.files.count + 1, bytes: m.files.bytes + large.body.length } }))
            : x,
        ),
      );
      const before = await state();
      const run = ilot(['space', 'import', big, '--org', 'killed'], site.env);
      const staging = () => readdirSync(site.filesDir).filter((n) => n.startsWith('.import-'));
      // Killed once its staging folder holds part of the large file.
      for (const deadline = Date.now() + 120_000; ;) {
        const found = staging()[0];
        if (found && existsSync(join(site.filesDir, found, 'avatars', 'big'))) break;
        if (run.child.exitCode !== null || Date.now() > deadline) throw new Error(`the import ended first: ${(await run).stderr}`);
        await new Promise((done) => setTimeout(done, 20));
      }
      run.child.kill('SIGKILL');
      await run;
      const after = await state();
      expect(after.spaces).toEqual(before.spaces);
      expect(after.notes).toBe(before.notes);
      // Only its staging folder is left, hidden; the next import removes it.
      expect(after.folders.filter((n) => !n.startsWith('.import-'))).toEqual(before.folders);
      const next = await site.run(['space', 'import', good, '--org', 'copytwo']);
      expect([next.code, next.stderr]).toEqual([0, '']);
      expect(staging()).toEqual([]);
    });
  });
});

function withRow(record: TestRecord, change: (row: Record<string, unknown>) => Record<string, unknown>): TestRecord {
  const lines = record.body.toString().split('\n').slice(0, -1);
  lines[lines.length - 1] = JSON.stringify(change(JSON.parse(lines.at(-1)!) as Record<string, unknown>));
  const body = Buffer.from(lines.join('\n') + '\n');
  return { head: { ...record.head, bytes: body.length }, body };
}

function duplicated(record: TestRecord): TestRecord {
  const lines = record.body.toString().split('\n').slice(0, -1);
  const body = Buffer.from([...lines, lines[0]!].join('\n') + '\n');
  return { head: { ...record.head, rows: lines.length + 1, bytes: body.length } as TestRecord['head'], body };
}

type TestManifest = { rows: Record<string, number> & { notes: number }; files: { count: number; bytes: number } };

function withManifest(record: TestRecord, change: (m: TestManifest) => TestManifest): TestRecord {
  return { ...record, body: Buffer.from(JSON.stringify(change(JSON.parse(record.body.toString()) as TestManifest))) };
}
