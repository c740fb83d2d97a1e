import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import { ilotVersion } from '../config/version.js';
import { appendAuditEntry, entryHash, type AuditEntry } from '../domain/audit-entries.js';
import { keyDerivationKey, mustStore } from '../domain/key-derivation.js';
import { freeSpaceNumber, listSpaces } from '../domain/spaces.js';
import { IlotError } from '../shared/errors.js';
import { operatorOrgCode } from '../shared/protocol.js';
import { CompiledQuery } from 'kysely';
import type { Engine, Store, Tx } from '../store/database.js';
import { syncPath } from '../store/files/local-file-store.js';
import { syncFileSystem } from '../store/files/sync-file-system.js';
import { fileNameSegments } from '../store/files/names.js';
import { siteSpaceId } from '../store/schema.js';
import { siteArgon2 } from '../server/site-settings.js';
import { ArchiveReader, archiveCorrupt, describeHead, fileChunks, FileOutput, type RecordHead } from './format.js';
import { HeaderSchema, ManifestSchema, parseBody, refuseUnusable, type Header, type Manifest } from './manifest.js';
import { noProgress, type Progress } from './progress.js';
import { exportedTables, rekeyName, rekeyRow, type ExportedTable } from './tables.js';
import { isRunning } from '../backup/processes.js';

export interface ImportOptions {
  /** The org code of the space here (default: the archive's). */
  orgCode?: string;
  progress?: Progress;
}

export interface ImportSummary {
  header: Header;
  manifest: Manifest;
  orgCode: string;
  number: number;
  /** Whether members keep deriving their keys with another org code or cost than this site's (see domain/key-derivation.ts). */
  keyDerivationKept: boolean;
}

/** A page of rows met in the first pass: read again, by offset, in the transaction. */
interface RowsRecord {
  table: ExportedTable;
  rows: number;
  /** Offset of its body in the archive, and its length. */
  start: number;
  bytes: number;
}

/** Most parameters in one SQLite insert statement: below its limit (32,766). */
const maxSqliteParameters = 32_000;
const stagingPrefix = '.import-';

/** Removes staging folders left by imports whose process died (killed mid-way): `.import-<pid>-<random>`. */
async function removeDeadStagings(filesRoot: string): Promise<void> {
  for (const name of await readdir(filesRoot)) {
    const pid = Number(/^\.import-(\d+)-[0-9a-f]+$/.exec(name)?.[1] ?? 0);
    if (pid > 0 && pid !== process.pid && !isRunning(pid)) await rm(join(filesRoot, name), { recursive: true, force: true });
  }
}

/** The org code and number the space will take; ORG_CODE_TAKEN or SPACE_LIMIT_REACHED when there is none. */
async function placeOf(tx: Tx, config: Config, orgCode: string): Promise<number> {
  const spaces = await listSpaces(tx);
  if (spaces.some((s) => s.org_code === orgCode))
    throw new IlotError('ORG_CODE_TAKEN', `The org code ${orgCode} is taken on this site: import under another one (--org).`);
  const number = spaces.length < config.maxSpaces ? freeSpaceNumber(spaces) : null;
  if (number === null) throw new IlotError('SPACE_LIMIT_REACHED', undefined, { maxSpaces: config.maxSpaces });
  return number;
}

/**
 * Imports a space archive (see format.ts) as a new space, all or nothing. First pass: every
 * checksum, the header (an archive of a newer Ilot is refused first), the manifest's counts, while
 * the files are written to a staging folder inside the file store, under their re-keyed names.
 * Second pass, in one transaction: the rows, read again by offset, re-keyed to a free space number
 * (ids start with it) and the new org code; the audit chain hashed again; the key derivation kept;
 * the staging folder renamed into place just before the commit. Any failure rolls back and removes
 * the staging folder; a killed import leaves only that folder, removed by the next import.
 */
export async function importSpace(config: Config, store: Store, file: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const path = resolve(file);
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) throw new IlotError('ARCHIVE_NOT_FOUND', `There is no space archive at ${path}.`);
  const reader = new ArchiveReader(fileChunks(path));
  try {
    return await importFrom(reader, path, info.size, config, store, options);
  } finally {
    await reader.close();
  }
}

async function importFrom(
  reader: ArchiveReader,
  path: string,
  size: number,
  config: Config,
  store: Store,
  options: ImportOptions,
): Promise<ImportSummary> {
  const progress = options.progress ?? noProgress;
  await reader.start();
  const first = await reader.head();
  if (first?.kind !== 'header') throw archiveCorrupt('it does not start with its header');
  const header = parseBody(HeaderSchema, await reader.bodyBuffer(first), 'header');
  refuseUnusable(header);
  const orgCode = options.orgCode ?? header.orgCode;
  if (orgCode === operatorOrgCode) throw new IlotError('ORG_CODE_RESERVED');
  // Checked now for a clear answer before the long part; again in the transaction.
  const tentative = await store.transaction((tx) => placeOf(tx, config, orgCode), { readOnly: true });

  const filesRoot = resolve(config.files.dir);
  await mkdir(filesRoot, { recursive: true });
  await removeDeadStagings(filesRoot);
  const staging = join(filesRoot, `${stagingPrefix}${process.pid}-${randomBytes(4).toString('hex')}`);
  const spaceFolder = join(filesRoot, String(tentative));
  let moved = false;
  try {
    await mkdir(staging);
    const { records, manifest, counted } = await verifyAndStage(reader, staging, header.spaceNumber, tentative, size, progress);
    for (const [table, n] of Object.entries(manifest.rows))
      if ((counted.rows[table] ?? 0) !== n)
        throw archiveCorrupt(`it holds ${counted.rows[table] ?? 0} rows of ${table}, its manifest says ${n}`);
    if (counted.rows.spaces !== 1 || Object.keys(counted.rows).some((t) => !(t in manifest.rows)))
      throw archiveCorrupt('its rows do not match its manifest');
    if (counted.files !== manifest.files.count || counted.fileBytes !== manifest.files.bytes)
      throw archiveCorrupt(`it holds ${counted.files} files, its manifest says ${manifest.files.count}`);

    const site = await siteArgon2(store, config);
    const keyDerivationKept = mustStore(header.keyDerivation, orgCode, site);
    const rowsTotal = records.reduce((sum, r) => sum + r.bytes, 0);
    const archive = await open(path, 'r');
    await store
      .transaction(
        async (tx) => {
          const number = await placeOf(tx, config, orgCode);
          // Another space took the number meanwhile: the staged names carry it.
          if (number !== tentative) throw new IlotError('DB_BUSY', 'Another space was opened meanwhile; run the import again.');
          let done = 0;
          const chain = { previous: null as string | null };
          for (const record of records) {
            const rows = await readRows(archive, record).then((parsed) =>
              parsed.map((row) => moveRow(record.table, row, header.spaceNumber, number, orgCode, chain)),
            );
            await insert(
              tx,
              store.engine,
              record.table,
              rows.filter((r) => !(record.table === 'site_settings' && r.key === keyDerivationKey)),
            );
            done += record.bytes;
            progress.update('rows', done, rowsTotal);
          }
          if (keyDerivationKept)
            await tx
              .insertInto('site_settings')
              .values({ space_id: number, key: keyDerivationKey, value: JSON.stringify(header.keyDerivation) })
              .execute();
          await appendAuditEntry(tx, {
            space_id: siteSpaceId,
            at: Date.now(),
            request_id: `import-${randomBytes(6).toString('hex')}`,
            actor: userInfo().username,
            role: 'operator',
            action: 'space.import',
            target: orgCode,
            details: JSON.stringify({
              number,
              from: { orgCode: header.orgCode, number: header.spaceNumber, engine: header.engine, ilotVersion: header.ilotVersion },
              files: manifest.files,
              keyDerivationKept,
            }),
            address: null,
            user_agent: `ilot ${ilotVersion}`,
            result: 'ok',
            error_code: null,
          });
          // The files appear with the rows: renamed in place last, undone below if the commit fails.
          if (counted.files > 0) {
            await rename(staging, spaceFolder);
            moved = true;
            await syncPath(filesRoot);
          }
        },
        { attempts: 1 },
      )
      .finally(() => archive.close());
    progress.finish();
    return { header, manifest, orgCode, number: tentative, keyDerivationKept };
  } catch (error) {
    progress.finish();
    if (moved) await rm(spaceFolder, { recursive: true, force: true });
    throw error;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** First pass: reads the whole archive once, checking every hash, staging the files and noting where the rows are. */
async function verifyAndStage(reader: ArchiveReader, staging: string, from: number, to: number, total: number, progress: Progress) {
  const records: RowsRecord[] = [];
  const counted = { rows: {} as Record<string, number>, files: 0, fileBytes: 0 };
  let tableIndex = 0;
  let sawFile = false;
  for (;;) {
    const before = reader.digestSoFar();
    const head: RecordHead | null = await reader.head();
    if (head === null) throw archiveCorrupt('it ends before its manifest');
    progress.update('checking', reader.offset, total);
    if (head.kind === 'manifest') {
      const manifest = parseBody(ManifestSchema, await reader.bodyBuffer(head), 'manifest');
      if (manifest.archiveSha256 !== before) throw archiveCorrupt('its overall checksum does not match');
      await reader.end();
      // On disk, with their folders, before the rows that name them are committed: one flush for them all.
      if (sawFile) await syncFileSystem(staging);
      return { records, manifest, counted };
    }
    if (head.kind === 'header') throw archiveCorrupt('it has a second header');
    if (head.kind === 'rows') {
      // Tables come in import order, before the files.
      const index = exportedTables.indexOf(head.table as ExportedTable);
      if (index < tableIndex || sawFile) throw archiveCorrupt(`${describeHead(head)} is out of place`);
      tableIndex = index;
      const start = reader.offset;
      let lines = 0;
      for await (const chunk of reader.body(head)) for (let at = chunk.indexOf(0x0a); at >= 0; at = chunk.indexOf(0x0a, at + 1)) lines++;
      if (lines !== head.rows) throw archiveCorrupt(`${describeHead(head)} holds ${lines} rows, its head says ${head.rows}`);
      records.push({ table: head.table as ExportedTable, rows: head.rows, start, bytes: head.bytes });
      counted.rows[head.table] = (counted.rows[head.table] ?? 0) + head.rows;
      continue;
    }
    sawFile = true;
    let segments: string[];
    try {
      segments = fileNameSegments(rekeyName(head.name, from, to));
    } catch {
      throw archiveCorrupt(`a file name is not one of the file store (${JSON.stringify(head.name.slice(0, 100))})`);
    }
    const target = join(staging, ...segments);
    await mkdir(dirname(target), { recursive: true });
    await stageFile(reader.body(head), target);
    counted.files++;
    counted.fileBytes += head.bytes;
  }
}

/** Writes a file's body to a new file. */
async function stageFile(body: AsyncIterable<Buffer>, target: string): Promise<void> {
  const handle = await open(target, 'wx');
  try {
    const output = new FileOutput(handle);
    for await (const chunk of body) await output.write([chunk]);
    await output.end();
  } finally {
    await handle.close();
  }
}

/** A page of rows read again from the archive, its checksum checked again (the file may have changed since the first pass). */
async function readRows(archive: FileHandle, record: RowsRecord): Promise<Record<string, unknown>[]> {
  const all = Buffer.alloc(record.bytes + 64);
  const { bytesRead } = await archive.read(all, 0, all.length, record.start);
  const body = all.subarray(0, record.bytes);
  if (bytesRead !== all.length || createHash('sha256').update(body).digest('hex') !== all.subarray(record.bytes).toString())
    throw archiveCorrupt(`the archive changed during the import (rows of ${record.table})`);
  const lines = body.toString('utf8').split('\n').slice(0, -1);
  let columns: string[] = [];
  return lines.map((line, i) => {
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw archiveCorrupt(`a row of ${record.table} is not JSON`);
    }
    // The first row's column names are checked once: they go into the insert statements.
    if (i === 0) columns = typeof row === 'object' && row !== null ? Object.keys(row).filter((c) => columnName.test(c)) : [];
    if (!isRow(row, columns)) throw archiveCorrupt(`a row of ${record.table} is not one Ilot writes`);
    return row;
  });
}

const columnName = /^[a-z_]{1,63}$/;

/** A row as an archive holds it: exactly the columns of the first row of its page (see readRows), plain values. */
function isRow(value: unknown, columns: string[]): value is Record<string, string | number | null> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const row = value as Record<string, unknown>;
  if (columns.length === 0 || Object.keys(row).length !== columns.length) return false;
  return columns.every((c) => {
    const v = row[c];
    return v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
  });
}

/**
 * A row moved to its new place: space number and ids re-keyed, the space under its new org code
 * (its sessions are not carried, so nothing else names it), the audit chain hashed again.
 */
function moveRow(
  table: ExportedTable,
  row: Record<string, unknown>,
  from: number,
  to: number,
  orgCode: string,
  chain: { previous: string | null },
): Record<string, unknown> {
  const moved = rekeyRow(table, row, from, to);
  if (table === 'spaces') moved.org_code = orgCode;
  if (table === 'audit_entries') {
    // The first entry keeps its link (to its checkpoint's hash, or ''); each next one links to the one before.
    const entry = { ...moved, prev_hash: chain.previous ?? moved.prev_hash } as Omit<AuditEntry, 'hash'>;
    moved.prev_hash = entry.prev_hash;
    moved.hash = entryHash(entry);
    chain.previous = moved.hash as string;
  }
  return moved;
}

/**
 * Inserts the rows of one page (all with the same columns, see isRow). PostgreSQL takes the page
 * as one JSON parameter, unpacked by the server: one round trip, no parameter per value. SQLite
 * takes as few statements as its limit on parameters allows: each statement of a full batch is the
 * same text, which the driver prepares once (measured cheaper than a statement per row, whose
 * cost is the query builder's per call).
 */
async function insert(tx: Tx, engine: Engine, table: ExportedTable, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  // Column names are checked by isRow, their existence by the database.
  const names = columns.map((c) => `"${c}"`).join(', ');
  const statements: CompiledQuery[] = [];
  if (engine === 'postgres')
    statements.push(
      CompiledQuery.raw(`insert into "${table}" (${names}) select ${names} from json_populate_recordset(null::"${table}", $1)`, [
        JSON.stringify(rows),
      ]),
    );
  else {
    const perStatement = Math.max(1, Math.floor(maxSqliteParameters / columns.length));
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    for (let i = 0; i < rows.length; i += perStatement) {
      const batch = rows.slice(i, i + perStatement);
      statements.push(
        CompiledQuery.raw(
          `insert into "${table}" (${names}) values ${batch.map(() => tuple).join(', ')}`,
          batch.flatMap((row) => columns.map((c) => row[c])),
        ),
      );
    }
  }
  try {
    for (const statement of statements) await tx.executeQuery(statement);
  } catch (error) {
    throw archiveCorrupt(`rows of ${table} do not fit this site's database: ${(error as Error).message}`);
  }
}
