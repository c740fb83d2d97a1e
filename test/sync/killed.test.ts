import { statSync } from 'node:fs';
import { unmaskUsage } from '../../src/domain/usage.js';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { IlotClient } from '../../src/client/client.js';
import { attachFile, downloadFile } from '../../src/client/files.js';
import { MemoryStore } from '../../src/client/local-store.js';
import { spaceOfId } from '../../src/shared/ids.js';
import { catchUp, createNote, deleteNote, editNote, readNotes } from '../../src/client/notes.js';
import { openStore } from '../../src/store/database.js';
import { serve } from '../support/cli.js';
import { waitFor } from '../support/wait.js';
import { describeEngines, tempDir } from '../support/engines.js';
import { operatorPhrases } from '../support/operators.js';

describeEngines('a killed server', (engine) => {
  it(
    'restarts with nothing half-written: versions, usage and ciphertext agree after SIGKILL during writes',
    { timeout: 120_000 },
    async () => {
      const url = await engine.freshUrl();
      const files = join(tempDir(), 'files');
      const first = await serve(url, files);
      const operator = new IlotClient(first.url);
      await operator.signInOperator(operatorPhrases.alice);
      await operator.openSpace(
        'killed',
        { documents: 100_000, volumeBytes: 1e9, monthlyCents: 100, maxAccounts: 10 },
        'sponsoring the killed space treasurer',
      );
      await new IlotClient(first.url).createTreasurer(
        'killed',
        'sponsoring the killed space treasurer',
        'treasurer of a space that gets killed',
      );
      const writer = new IlotClient(first.url);
      await writer.signIn('killed', 'treasurer of a space that gets killed');
      const avatar = writer.member.avatars[0]!.id;

      // Eight writers create, edit and delete notes until the server dies under them.
      let written = 0;
      const writers = Array.from({ length: 8 }, async (_, w) => {
        const mine: string[] = [];
        for (let i = 0; ; i++) {
          try {
            if (i % 5 === 4 && mine.length) await deleteNote(writer, mine.shift()!);
            else if (i % 3 === 2 && mine.length) await editNote(writer, mine[0]!, { text: `edited by ${w} at ${i}`, hashtags: [] });
            else mine.push((await createNote(writer, avatar, { text: `written by ${w} at ${i}`, hashtags: ['w'] }, mine[0] ?? null)).id);
            written++;
          } catch {
            return;
          }
        }
      });
      // Files too: one small file after another, and a large one still streaming when the server dies.
      const fileNote = (await createNote(writer, avatar, { text: 'with files', hashtags: [] })).id;
      let attached = 0;
      const uploaders = [
        (async () => {
          for (;;)
            await attachFile(writer, fileNote, {
              name: `small-${attached++}.bin`,
              type: 'application/octet-stream',
              size: 70_000,
              content: [new Uint8Array(70_000)],
            });
        })().catch(() => undefined),
        attachFile(writer, fileNote, {
          name: 'large.bin',
          type: 'application/octet-stream',
          size: 1000 * 65_536,
          content: (async function* () {
            for (let i = 0; i < 1000; i++) yield new Uint8Array(65_536);
          })(),
        }).catch(() => undefined),
      ];
      await waitFor(() => written >= 150 && attached >= 5, { what: '150 writes and 4 small files done', timeoutMs: 60_000, everyMs: 10 });
      first.run.child.kill('SIGKILL');
      await Promise.all([...writers, ...uploaders]);
      await first.run;

      const second = await serve(url, files);
      const store = await openStore({ url });
      try {
        const db = store.db;
        const [subtree] = await db.selectFrom('subtree_versions').selectAll().where('subtree', '=', avatar).execute();
        const notes = await db.selectFrom('notes').selectAll().where('subtree', '=', avatar).execute();
        const tombstones = await db.selectFrom('tombstones').selectAll().where('subtree', '=', avatar).execute();
        expect(notes.length).toBeGreaterThan(0);
        // Every stamp is a version the counter gave out; every parent exists; usage counts what is there.
        for (const doc of [...notes, ...tombstones]) expect(doc.version).toBeLessThanOrEqual(subtree!.version);
        const ids = new Set(notes.map((n) => n.id));
        for (const note of notes) if (note.parent_id) expect(ids.has(note.parent_id)).toBe(true);
        const usage = unmaskUsage(
          await db
            .selectFrom('account_usage')
            .select(['documents', 'volume_bytes', 'mask_day'])
            .where('account_id', '=', writer.member.id)
            .executeTakeFirstOrThrow(),
          writer.member.keys.usageKey,
        );
        expect(usage.documents).toBe(notes.length);

        // Every validated file has its whole ciphertext; the volume counts validated files, nothing else.
        const fileRows = await db.selectFrom('files').selectAll().where('subtree', '=', avatar).execute();
        expect(fileRows.length).toBeGreaterThanOrEqual(4);
        for (const file of fileRows)
          expect(statSync(join(files, String(spaceOfId(file.id)), 'avatars', avatar, file.id)).size).toBe(file.size);
        expect(usage.volumeBytes).toBe(fileRows.reduce((sum, f) => sum + f.size, 0));

        // A fresh client gets every note, and every one opens.
        const reader = new IlotClient(second.url);
        await reader.signIn('killed', 'treasurer of a space that gets killed');
        const local = new MemoryStore();
        await catchUp(reader, local);
        const opened = await readNotes(reader, local);
        expect(opened.map((n) => n.id).sort()).toEqual([...ids].sort());
        const pulled = await local.files();
        expect(pulled.length).toBe(fileRows.length);
        for await (const part of downloadFile(reader, pulled[0]!)) expect(part.every((byte) => byte === 0)).toBe(true);
      } finally {
        await store.close();
        second.run.child.kill('SIGTERM');
        await second.run;
      }
    },
  );
});
