import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { sql, type RawBuilder } from 'kysely';
import type { Config } from '../config/schema.js';
import { ilotVersion } from '../config/version.js';
import { appendAuditEntry } from '../domain/audit-entries.js';
import { keyDerivationOf } from '../domain/key-derivation.js';
import { spaceByOrgCode } from '../domain/spaces.js';
import { siteArgon2 } from '../server/site-settings.js';
import { IlotError } from '../shared/errors.js';
import type { Store } from '../store/database.js';
import { LocalFileStore, syncPath } from '../store/files/local-file-store.js';
import { migrationStatus } from '../store/migrator.js';
import { siteSpaceId } from '../store/schema.js';
import { ArchiveWriter, fileChunks, FileOutput } from './format.js';
import type { Header, Manifest } from './manifest.js';
import { noProgress, type Progress } from './progress.js';
import { exportedTables, spaceColumnOf, tablePlans, type ExportedTable } from './tables.js';

export interface ExportOptions {
  /** Export a space that is not frozen, and replace an existing file. */
  force: boolean;
  progress?: Progress;
}

export interface ExportSummary {
  header: Header;
  manifest: Manifest;
  bytes: number;
}

/** Rows read per query, and the most bytes of NDJSON in one record: memory stays bounded by both. */
const pageRows = 2000;
const recordBytes = 4 * 1024 * 1024;
const diskFull = new Set(['ENOSPC', 'EFBIG', 'EDQUOT']);

/**
 * The expression that makes one row of `table` a line of JSON, in the database: faster than rows
 * made into objects then stringified. Every column is an integer or text (see the migrations): both
 * engines write the values JSON.stringify would, in the order of the table's columns.
 */
async function rowAsJson(store: Store, table: ExportedTable): Promise<RawBuilder<string>> {
  if (store.engine === 'postgres') return sql<string>`row_to_json(${sql.table(table)})::text`;
  const columns = (await sql<{ name: string }>`select name from pragma_table_info(${table}) order by cid`.execute(store.db)).rows;
  return sql<string>`json_object(${sql.join(columns.map(({ name }) => sql`${sql.lit(name)}, ${sql.ref(name)}`))})`;
}

/**
 * The rows of a table of the space as lines of JSON, in key order, a page at a time (keyset: each
 * page starts after the last key read); the next page is asked for while this one is written.
 */
async function* linesOf(store: Store, table: ExportedTable, spaceId: number): AsyncGenerator<string[]> {
  const { key } = tablePlans[table]!;
  // The key starts with the space's column: the pages go on from the rest of it, a range SQLite's
  // index search takes (with the whole key, it searches on the space alone and filters every page).
  const rest = key.filter((k) => k !== spaceColumnOf(table));
  const line = await rowAsJson(store, table);
  const page = (last: unknown[] | null) => {
    const after: RawBuilder<unknown> = last ? sql`and (${sql.join(rest.map((k) => sql.ref(k)))}) > (${sql.join(last)})` : sql``;
    return sql<Record<string, unknown> & { line: string }>`select ${sql.join([sql`${line} as line`, ...rest.map((k) => sql.ref(k))])}
      from ${sql.table(table)} where ${sql.ref(spaceColumnOf(table))} = ${spaceId} ${after}
      order by ${sql.join(key.map((k) => sql.ref(k)))} limit ${pageRows}`
      .execute(store.db)
      .then((result) => result.rows);
  };
  let next = page(null);
  for (;;) {
    const rows = await next;
    const end = rows.length === pageRows && rest.length > 0 ? rows.at(-1)! : null;
    if (end) {
      next = page(rest.map((k) => end[k]));
      // Awaited on the next turn; a failure meanwhile must not be an unhandled rejection.
      next.catch(() => undefined);
    }
    yield rows.map((row) => row.line);
    if (!end) return;
  }
}

/**
 * Writes one space to `target` as an archive (format.ts): its rows in every table that holds them,
 * page by page, and its files as the file store holds them (still encrypted), streamed. Written
 * under a temporary name beside the target and renamed once complete and on disk: a failure (a
 * full disk…) leaves nothing under the target's name. The space must be frozen, unless forced.
 */
export async function exportSpace(
  config: Config,
  store: Store,
  orgCode: string,
  target: string,
  options: ExportOptions,
): Promise<ExportSummary> {
  const progress = options.progress ?? noProgress;
  const space = await spaceByOrgCode(store.db, orgCode);
  if (space.closed_at !== null) throw new IlotError('SPACE_CLOSED', `Space ${orgCode} is closed: there is nothing left to export.`);
  if (!space.frozen && !options.force)
    throw new IlotError(
      'EXPORT_NOT_FROZEN',
      `Space ${orgCode} is not frozen: its members could write during the export. Freeze it first (ilot space freeze ${orgCode} on), or pass --force.`,
    );
  const path = resolve(target);
  if (!options.force && (await stat(path).catch(() => null)))
    throw new IlotError('EXPORT_TARGET_EXISTS', `${path} already exists: choose another name, or pass --force to replace it.`);

  const files = await LocalFileStore.open(config.files.dir);
  const names = await files.list(space.id);
  const counts: Record<string, number> = {};
  for (const table of exportedTables) {
    const { n } = (
      await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}
      where ${sql.ref(spaceColumnOf(table))} = ${space.id}`.execute(store.db)
    ).rows[0]!;
    counts[table] = Number(n);
  }
  const sizes = await Promise.all(names.map(async (name) => (await files.stat(space.id, name))?.size ?? 0));
  const fileBytes = sizes.reduce((sum, n) => sum + n, 0);
  const totalRows = Object.values(counts).reduce((sum, n) => sum + n, 0);

  const temp = join(dirname(path), `.${basename(path)}.tmp-${randomBytes(4).toString('hex')}`);
  let out: FileHandle | null = null;
  try {
    const status = await migrationStatus(store);
    const header: Header = {
      format: 1,
      ilotVersion,
      createdAt: Date.now(),
      engine: store.engine,
      migrations: { applied: status.applied.length, last: status.applied.at(-1)?.name ?? null },
      orgCode,
      spaceNumber: space.id,
      keyDerivation: await keyDerivationOf(store.db, space, await siteArgon2(store, config)),
      forced: !space.frozen,
    };
    out = await open(temp, 'wx');
    const writer = new ArchiveWriter(new FileOutput(out));
    await writer.start();
    await writer.record({ kind: 'header' }, Buffer.from(JSON.stringify(header)));
    let rowsDone = 0;
    const estimate = () => fileBytes + (rowsDone ? (writer.bytes / rowsDone) * totalRows : 0);
    const rows: Record<string, number> = {};
    for (const table of exportedTables) {
      rows[table] = 0;
      let page: string[] = [];
      let pageBytes = 0;
      const flush = async () => {
        if (!page.length) return;
        await writer.record({ kind: 'rows', table, rows: page.length }, Buffer.from(page.join('')));
        rows[table]! += page.length;
        rowsDone += page.length;
        page = [];
        pageBytes = 0;
        progress.update('rows', writer.bytes, estimate());
      };
      for await (const lines of linesOf(store, table, space.id))
        for (const json of lines) {
          const line = json + '\n';
          page.push(line);
          pageBytes += line.length;
          if (page.length >= pageRows || pageBytes >= recordBytes) await flush();
        }
      await flush();
    }
    const rowBytes = writer.bytes;
    let bytes = 0;
    for (const [i, name] of names.entries()) {
      await writer.streamed({ kind: 'file', name }, sizes[i]!, fileChunks(join(files.root, String(space.id), ...name.split('/'))));
      bytes += sizes[i]!;
      progress.update('files', rowBytes + bytes, rowBytes + fileBytes);
    }
    const manifest: Manifest = { rows, files: { count: names.length, bytes }, archiveSha256: writer.digestSoFar() };
    await writer.record({ kind: 'manifest' }, Buffer.from(JSON.stringify(manifest)));
    await writer.end();
    await out.sync();
    await out.close();
    out = null;
    await rename(temp, path);
    await syncPath(dirname(path));
    progress.finish();
    await store.transaction((tx) =>
      appendAuditEntry(tx, {
        space_id: siteSpaceId,
        at: Date.now(),
        request_id: `export-${randomBytes(6).toString('hex')}`,
        actor: userInfo().username,
        role: 'operator',
        action: 'space.export',
        target: orgCode,
        details: JSON.stringify({ number: space.id, file: path, bytes: writer.bytes, files: manifest.files, forced: header.forced }),
        address: null,
        user_agent: `ilot ${ilotVersion}`,
        result: 'ok',
        error_code: null,
      }),
    );
    return { header, manifest, bytes: writer.bytes };
  } catch (error) {
    progress.finish();
    await out?.close().catch(() => undefined);
    await rm(temp, { force: true });
    if (diskFull.has((error as NodeJS.ErrnoException).code ?? ''))
      throw new IlotError(
        'EXPORT_DISK_FULL',
        `The disk of ${dirname(path)} filled up during the export; nothing was kept. Free some space, then try again.`,
      );
    throw error;
  }
}
