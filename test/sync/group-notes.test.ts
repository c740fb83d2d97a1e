import { WebSocket } from 'ws';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../src/client/client.js';
import { LiveSync } from '../../src/client/live.js';
import { MemoryStore } from '../../src/client/local-store.js';
import { createGroupNote, editGroupNote, readGroupNotes } from '../../src/client/group-notes.js';
import { describeEngines, describePostgres, tempDir } from '../support/engines.js';
import { joinGroup, newGroup, reading, setNotesAccess } from '../support/group-notes.js';
import { spaceWithTreasurer, sponsored, type Member } from '../support/members.js';
import { withOperators } from '../support/operators.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { waitFor } from '../support/wait.js';

/** Another session of a member's account, signed in anew. */
async function otherSession(url: string, member: Member): Promise<IlotClient> {
  const client = new IlotClient(url);
  await client.signIn(member.orgCode, member.passphrase);
  return client;
}

/** A session kept current by the live channel, with the subtrees it heard of. */
async function listening(client: IlotClient) {
  const store = new MemoryStore();
  const heard: string[][] = [];
  const live = new LiveSync(client, store, { WebSocket: WebSocket as never, onChange: (s) => heard.push(s) });
  await live.start();
  return { client, store, heard, live };
}

describeEngines('group notes: sync and live', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it('brings a joining member’s sessions every note at once, edits live, and resets them all when it loses access', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const bobAvatar = bob.client.member.avatars[0]!.id;
    const { groupId, keys, avatarId } = await newGroup(treasurer, { maxDocuments: 100 });
    const notes = [];
    for (let i = 0; i < 30; i++) notes.push(await createGroupNote(treasurer.client, keys, avatarId, `note ${i}`));
    const sessions = [await listening(bob.client), await listening(await otherSession(server.url, bob))];
    const groupNotesIn = async (s: (typeof sessions)[number]) => readGroupNotes(s.client, s.store, reading(keys, treasurer));
    try {
      expect(await groupNotesIn(sessions[0]!)).toEqual([]);
      await joinGroup(server, groupId, bobAvatar, { notes: 'read' });
      for (const s of sessions)
        await waitFor(async () => (await groupNotesIn(s)).length === 30, { what: 'the group’s notes, all at once' });

      await editGroupNote(treasurer.client, keys, avatarId, notes[7]!, 'note 7, edited');
      for (const s of sessions)
        await waitFor(async () => (await groupNotesIn(s)).some((n) => n.text === 'note 7, edited'), { what: 'the edit, live' });
      expect(sessions[0]!.heard.flat()).toContain(groupId);

      await setNotesAccess(server, groupId, bobAvatar, 'none');
      for (const s of sessions)
        await waitFor(async () => (await s.store.notes()).length === 0 && !(await s.store.known()).some((k) => k.subtree === groupId), {
          what: 'the group reset in every session',
        });
    } finally {
      for (const s of sessions) s.live.stop();
    }
  });
});

// Several nodes share one site only on PostgreSQL.
describePostgres('group notes: two nodes', (engine) => {
  it('tells a member’s session on one node of an edit made on the other, and of its joining', { timeout: 60_000 }, async () => {
    const url = await engine.freshUrl();
    const files = join(tempDir(), 'files');
    const config = { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 }, database: { url }, files: { dir: files } };
    const [a, b] = [await startTestServer(engine, config), await startTestServer(engine, config)];
    try {
      const treasurer = await spaceWithTreasurer(a.url);
      const bob = await sponsored(treasurer, 'Bob');
      const bobAvatar = bob.client.member.avatars[0]!.id;
      const { groupId, keys, avatarId } = await newGroup(treasurer);
      const note = await createGroupNote(treasurer.client, keys, avatarId, 'on node A');
      const session = await listening(await otherSession(b.url, bob));
      try {
        // Joined through node A: node B's connection reads its perimeter again.
        await joinGroup(a, groupId, bobAvatar, { notes: 'read' });
        await waitFor(async () => (await session.store.notes()).length === 1, { what: 'node B bringing the group' });
        await editGroupNote(treasurer.client, keys, avatarId, note, 'edited on node A');
        await waitFor(
          async () => (await readGroupNotes(session.client, session.store, reading(keys, treasurer)))[0]?.text === 'edited on node A',
          {
            what: 'node B telling of the edit on node A',
          },
        );
      } finally {
        session.live.stop();
      }
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
