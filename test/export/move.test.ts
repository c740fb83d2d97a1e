import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { IlotClient } from '../../src/client/client.js';
import { createNote } from '../../src/client/notes.js';
import { siteFiles } from '../backup/support.js';
import { serve } from '../support/cli.js';
import { describeEngines, sqliteEngine, tempDir } from '../support/engines.js';
import { spaceWithTreasurer } from '../support/members.js';
import { operatorClient } from '../support/operators.js';
import { contentOf, filledSpace, readAs, spaceContent } from './support.js';

describeEngines('moving a space from sqlite', (engine) => {
  it(
    `sqlite → ${engine.name} under a new org code → sqlite under the old one: same passphrases, everything decrypts, rows and files identical`,
    { timeout: 300_000 },
    async () => {
      const [a, b, c] = [await siteFiles(sqliteEngine), await siteFiles(engine), await siteFiles(sqliteEngine)];
      const archives = tempDir();
      const first = join(archives, 'space.ilotspace');
      const second = join(archives, 'moved.ilotspace');

      const siteA = await serve(a.databaseUrl, a.filesDir);
      const [treasurer, member] = await filledSpace(siteA.url);
      const orgCode = treasurer.orgCode;
      const before = await Promise.all([treasurer, member].map((m) => contentOf(m.client)));
      expect(before[1]!.notes).toHaveLength(4);
      expect(before[1]!.files).toHaveLength(3);
      expect(before[0]!.contacts.some((c) => c.includes('met at the club'))).toBe(true);

      // A live space is not exported without --force.
      const live = await a.run(['space', 'export', orgCode, '--to', first]);
      expect([live.code, live.stderr.split(':')[0]]).toEqual([1, 'EXPORT_NOT_FROZEN']);
      expect(existsSync(first)).toBe(false);

      await treasurer.operator.call('space.setFrozen', { orgCode, frozen: true });
      // Stopped: the consumption counts it keeps in memory are written now, not between the export and the reading below.
      siteA.run.child.kill('SIGTERM');
      await siteA.run;
      const exported = await a.run(['space', 'export', orgCode, '--to', first]);
      expect([exported.code, exported.stderr]).toEqual([0, '']);
      expect(exported.stdout).toMatch(new RegExp(`^space ${orgCode} exported to .*: \\d+ rows, 5 files`));
      const original = await spaceContent(a.databaseUrl, a.filesDir, 10);

      // The other site already has a space: the import takes number 11, and re-keys every id. It runs while the site serves.
      const siteB = await serve(b.databaseUrl, b.filesDir);
      await spaceWithTreasurer(siteB.url);
      const imported = await b.run(['space', 'import', first, '--org', 'moved1']);
      expect([imported.code, imported.stderr]).toEqual([0, '']);
      expect(imported.stdout).toMatch(/^space moved1 imported as number 11: \d+ rows, 5 files/);
      expect(imported.stdout).toMatch(new RegExp(`keys still derive from ${orgCode}'s parameters`));

      // Exported again from there (it is still frozen), and imported on a third site under its first org code.
      const again = await b.run(['space', 'export', 'moved1', '--to', second]);
      expect([again.code, again.stderr]).toEqual([0, '']);
      const siteC = await serve(c.databaseUrl, c.filesDir);
      const back = await c.run(['space', 'import', second, '--org', orgCode]);
      expect([back.code, back.stderr]).toEqual([0, '']);
      expect(back.stdout).toMatch(new RegExp(`^space ${orgCode} imported as number 10`));
      expect(await spaceContent(c.databaseUrl, c.filesDir, 10)).toEqual(original);

      // Members sign in with their same passphrases on both sites: every note decrypts, every file is byte-identical.
      for (const [i, who] of [treasurer, member].entries()) {
        expect(await readAs(siteB.url, 'moved1', who.passphrase)).toEqual(before[i]);
        expect(await readAs(siteC.url, orgCode, who.passphrase)).toEqual(before[i]);
      }
      // The old org code means nothing on the second site.
      await expect(new IlotClient(siteB.url).signIn(orgCode, member.passphrase)).rejects.toMatchObject({ code: 'SIGNIN_FAILED' });

      // The operator unfreezes the space there, and members write again.
      const operator = await operatorClient(siteB.url, 'alice');
      await operator.call('space.setFrozen', { orgCode: 'moved1', frozen: false });
      const client = new IlotClient(siteB.url);
      await client.signIn('moved1', member.passphrase);
      await createNote(client, client.member.avatars[1]!.id, { text: 'written after the move', hashtags: [] });
      expect((await contentOf(client)).notes).toContain('written after the move');

      // The audit chains verify (the moved space's was hashed again), and each site's log tells of the move.
      for (const site of [b, c]) {
        const audit = await site.run(['audit', 'verify']);
        expect([audit.code, audit.stdout.includes('BROKEN')], audit.stdout).toEqual([0, false]);
      }
      const exports = await a.run(['audit', 'verify']);
      expect(exports.code).toBe(0);
      for (const site of [siteB, siteC]) {
        site.run.child.kill('SIGTERM');
        await site.run;
      }
    },
  );
});
