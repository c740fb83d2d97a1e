import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { sql } from 'kysely';
import { IlotClient } from '../../src/client/client.js';
import { attachFile } from '../../src/client/files.js';
import { MemoryStore } from '../../src/client/local-store.js';
import { addContact, annotateContact, avatars, contacts, createAvatar, setContactPhrase } from '../../src/client/membership.js';
import { catchUp, createNote, readNotes } from '../../src/client/notes.js';
import { ArchiveReader, ArchiveWriter, FileOutput, type RecordHead } from '../../src/export/format.js';
import { exportedTables, spaceColumnOf, tablePlans } from '../../src/export/tables.js';
import { openStore } from '../../src/store/database.js';
import { download, source } from '../support/files.js';
import { sponsored, spaceWithTreasurer, type Member } from '../support/members.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Fills a space through the SDK: a treasurer and a member with notes and files, a secondary avatar
 * of the member (in its keyring) with a note and a file of its own, contacts with a private note.
 */
export async function filledSpace(url: string): Promise<[Member & { operator: IlotClient }, Member]> {
  const treasurer = await spaceWithTreasurer(url);
  const member = await sponsored(treasurer, 'Camille');
  const shared = randomBytes(70_000);
  for (const [i, who] of [treasurer, member].entries()) {
    const avatar = who.client.member.avatars[0]!.id;
    for (let n = 0; n < 3; n++) {
      const note = await createNote(who.client, avatar, { text: `${i ? 'member' : 'treasurer'} note ${n} é✓`, hashtags: [`#n${n}`] });
      if (n === 0) await attachFile(who.client, note.id, source('shared.bin', shared));
      if (n === 1) await attachFile(who.client, note.id, source(`own-${i}.bin`, randomBytes(150_000 + i)));
    }
  }
  const second = await createAvatar(member.client, 'Camille au club');
  const hidden = await createNote(member.client, second.id, { text: 'under the secondary avatar', hashtags: [] });
  await attachFile(member.client, hidden.id, source('club.pdf', randomBytes(40_000)));
  // A contact made by phrase, between the treasurer and the secondary avatar, with a private note.
  const phrase = `the club phrase of ${member.orgCode}, long enough`;
  await setContactPhrase(member.client, second.id, phrase);
  const made = await addContact(treasurer.client, treasurer.client.member.avatars[0]!.id, phrase);
  await annotateContact(treasurer.client, treasurer.client.member.avatars[0]!.id, made.contactId, {
    comment: 'met at the club',
    hashtags: ['#club'],
  });
  return [treasurer, member];
}

/** What a member reads through the SDK, ids left out (a move re-keys them): notes, files' digests, avatars, contacts. */
export async function contentOf(client: IlotClient) {
  const store = new MemoryStore();
  await catchUp(client, store);
  const notes = (await readNotes(client, store)).map((n) => n.text).sort();
  const files: string[] = [];
  for (const file of await store.files()) files.push(sha256(await download(client, file)));
  const named = (await avatars(client)).map((a) => `${a.name}${a.primary ? ' (primary)' : ''}`).sort();
  const known = (await contacts(client)).map((c) => JSON.stringify([c.name, c.card, c.note, c.origin])).sort();
  return { notes, files: files.sort(), avatars: named, contacts: known };
}

/** Signs in on a site and reads everything. */
export async function readAs(url: string, orgCode: string, passphrase: string) {
  const client = new IlotClient(url);
  await client.signIn(orgCode, passphrase);
  return contentOf(client);
}

/** Every row of the space of `number` in every exported table, in key order, and its files' digests by name. */
export async function spaceContent(databaseUrl: string, filesDir: string, number: number) {
  const store = await openStore({ url: databaseUrl, poolSize: 1 });
  try {
    const rows: Record<string, unknown[]> = {};
    for (const table of exportedTables) {
      const key = tablePlans[table]!.key;
      rows[table] = (
        await sql`select * from ${sql.table(table)} where ${sql.ref(spaceColumnOf(table))} = ${number}
          order by ${sql.join(key.map((k) => sql.ref(k)))}`.execute(store.db)
      ).rows;
    }
    return { rows, files: filesOf(join(filesDir, String(number))) };
  } finally {
    await store.close();
  }
}

/** The digest of every file under a folder, by relative name. */
export function filesOf(folder: string): Record<string, string> {
  const found: Record<string, string> = {};
  let entries: string[];
  try {
    entries = readdirSync(folder, { recursive: true }) as string[];
  } catch {
    return found;
  }
  for (const entry of entries.sort()) {
    const path = join(folder, entry);
    if (statSync(path).isFile()) found[relative(folder, path)] = sha256(readFileSync(path));
  }
  return found;
}

/** A record of an archive, its body in memory (test archives are small). */
export interface TestRecord {
  head: RecordHead;
  body: Buffer;
}

export async function readArchive(path: string): Promise<TestRecord[]> {
  const reader = new ArchiveReader(createReadStream(path));
  await reader.start();
  const records: TestRecord[] = [];
  for (let head = await reader.head(); head; head = await reader.head()) records.push({ head, body: await reader.bodyBuffer(head) });
  return records;
}

/**
 * Writes records as a well-formed archive: every checksum right, and the manifest's overall
 * checksum computed again. What a careful forger (or a bug) would produce: only the content is wrong.
 */
export async function writeArchive(path: string, records: TestRecord[]): Promise<void> {
  const out = await open(path, 'w');
  const writer = new ArchiveWriter(new FileOutput(out));
  await writer.start();
  for (const { head, body } of records) {
    const { bytes: _bytes, ...rest } = head;
    if (head.kind === 'manifest') {
      const manifest = { ...(JSON.parse(body.toString()) as object), archiveSha256: writer.digestSoFar() };
      await writer.record({ kind: 'manifest' }, Buffer.from(JSON.stringify(manifest)));
    } else await writer.record(rest, body);
  }
  await writer.end();
  await out.close();
}
