import { existsSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { attachFile, keepRevision, noteFiles } from '../../../client/files.js';
import { MemoryStore } from '../../../client/local-store.js';
import { catchUp, createNote } from '../../../client/notes.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { download, onDisk, purged, source, fileSuiteServer, treasurerWithNote } from '../../../../test/support/files.js';
import { refusal } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { type TestServer } from '../../../../test/support/server.js';

describeEngines('file.keepRevision', (engine) => {
  let server: TestServer;
  const suite = fileSuiteServer(engine);
  beforeAll(() => {
    server = suite();
  });

  it('keeps the chosen revision of a name and removes the others', async () => {
    const { treasurer, client, avatar, note } = await treasurerWithNote(server, 'Rapport');
    const revisions: { id: string; version: number }[] = [];
    for (const text of ['version 1', 'version 2, longer', 'version 3'])
      revisions.push(await attachFile(client, note.id, source('rapport.md', Buffer.from(text), 'text/markdown')));
    const ids = revisions.map((r) => r.id);
    const other = await attachFile(client, note.id, source('autre.md', Buffer.from('another name')));

    const kept = await keepRevision(client, ids[1]!);
    expect(kept).toMatchObject({ id: ids[1], removed: 2 });
    const store = new MemoryStore();
    await catchUp(client, store);
    expect((await noteFiles(client, store, note.id)).map((f) => [f.name, f.id])).toEqual([
      ['autre.md', other.id],
      ['rapport.md', ids[1]],
    ]);
    expect(
      (
        await download(
          client,
          (await store.files()).find((f) => f.id === ids[1])!,
        )
      ).toString(),
    ).toBe('version 2, longer');
    await purged(server, ids[0]!);
    expect(existsSync(onDisk(server, treasurer, avatar, ids[0]!))).toBe(false);
    // With no other revision left, nothing changes.
    expect(await keepRevision(client, ids[1]!)).toEqual({ id: ids[1], version: revisions[1]!.version, removed: 0 });
  });

  it('refuses unknown revisions and others’ files alike', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const client = treasurer.client;
    const note = await createNote(client, client.member.avatars[0]!.id, { text: 'n', hashtags: [] });
    const file = await attachFile(client, note.id, source('a.md', Buffer.from('a')));
    await attachFile(client, note.id, source('a.md', Buffer.from('b')));
    expect((await refusal(keepRevision(client, `${client.member.id.slice(0, 2)}60000000000000`))).code).toBe('FILE_NOT_FOUND');
    const bob = await sponsored(treasurer, 'Bob');
    expect((await refusal(keepRevision(bob.client, file.id))).code).toBe('FILE_NOT_FOUND');
    expect(await server.store.db.selectFrom('files').select('id').where('note_id', '=', note.id).execute()).toHaveLength(2);
  });
});
