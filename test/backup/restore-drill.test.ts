import { createHash, randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { IlotClient } from '../../src/client/client.js';
import { attachFile } from '../../src/client/files.js';
import { MemoryStore } from '../../src/client/local-store.js';
import { catchUp, createNote, readNotes } from '../../src/client/notes.js';
import { serve } from '../support/cli.js';
import { describeEngines } from '../support/engines.js';
import { download, source } from '../support/files.js';
import { sponsored, spaceWithTreasurer, type Member } from '../support/members.js';
import { createdName, destroySite, siteFiles } from './support.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** What a member reads through the SDK: every note's text, and every file's digest by name. */
async function contentOf(client: IlotClient) {
  const store = new MemoryStore();
  await catchUp(client, store);
  const notes = (await readNotes(client, store)).map((n) => n.text).sort();
  const files: Record<string, string> = {};
  for (const file of await store.files()) files[file.id] = sha256(await download(client, file));
  return { notes, files };
}

describeEngines('the restore drill', (engine) => {
  it(
    'fills a site, backs it up, destroys it, restores it: notes decrypt, files are identical, the audit verifies, old sessions are refused',
    { timeout: 240_000 },
    async () => {
      const site = await siteFiles(engine);
      const first = await serve(site.databaseUrl, site.filesDir);

      // Two spaces, each with a treasurer and a member; notes and files under both (one content in both spaces).
      const members: Member[] = [];
      const shared = randomBytes(50_000);
      for (let s = 0; s < 2; s++) {
        const treasurer = await spaceWithTreasurer(first.url);
        const member = await sponsored(treasurer, `member${s}`);
        for (const [i, who] of [treasurer, member].entries()) {
          const avatar = who.client.member.avatars[0]!.id;
          for (let n = 0; n < 3; n++) {
            const note = await createNote(who.client, avatar, {
              text: `space ${s}, ${i ? 'member' : 'treasurer'}, note ${n} é✓`,
              hashtags: [],
            });
            if (n === 0) await attachFile(who.client, note.id, source('shared.bin', shared));
            if (n === 1) await attachFile(who.client, note.id, source('own.bin', randomBytes(200_000 + n * 1000)));
          }
        }
        members.push(treasurer, member);
      }
      const before = await Promise.all(members.map((m) => contentOf(m.client)));
      expect(before.every((c) => c.notes.length === 3 && Object.keys(c.files).length === 2)).toBe(true);
      const oldToken = members[0]!.client.sessionToken!;

      // Backed up while the site runs.
      const created = await site.run(['backup', 'create']);
      expect([created.code, created.stderr]).toEqual([0, '']);
      expect(created.stdout).toMatch(/ok {4}test restore/);
      const name = createdName(created);

      // A restore onto the running site is refused, and changes nothing.
      const refused = await site.run(['backup', 'restore', name, '--url', first.url]);
      expect([refused.code, refused.stderr.split(':')[0]]).toEqual([1, 'BACKUP_SITE_RUNNING']);
      expect((await contentOf(members[1]!.client)).notes).toEqual(before[1]!.notes);

      first.run.child.kill('SIGTERM');
      await first.run;
      await destroySite(site);

      const restored = await site.run(['backup', 'restore', name]);
      expect([restored.code, restored.stderr]).toEqual([0, '']);
      expect(restored.stdout).toMatch(/sessions: \d+ revoked/);
      expect(restored.stdout).toMatch(/restored backup/);

      const second = await serve(site.databaseUrl, site.filesDir);
      // A session from before the backup is refused: restore revokes every session.
      const stale = await fetch(`${second.url}/api/ops/account.show`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${oldToken}` },
        body: '{}',
      });
      expect([stale.status, ((await stale.json()) as { code: string }).code]).toEqual([401, 'SESSION_INVALID']);

      for (const [i, member] of members.entries()) {
        const client = new IlotClient(second.url);
        await client.signIn(member.orgCode, member.passphrase);
        expect(await contentOf(client)).toEqual(before[i]);
      }

      const audit = await site.run(['audit', 'verify']);
      expect([audit.code, audit.stdout.includes('BROKEN')]).toEqual([0, false]);
      expect(audit.stdout).toMatch(/ok {4}space 0/);
      second.run.child.kill('SIGTERM');
      await second.run;
    },
  );
});
