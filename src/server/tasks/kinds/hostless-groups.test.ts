import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { IlotClient } from '../../../client/client.js';
import { attachFile } from '../../../client/files.js';
import { MemoryStore } from '../../../client/local-store.js';
import { catchUp } from '../../../client/notes.js';
import { createGroupNote, groupHosting, unhostGroup } from '../../../client/group-notes.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { source } from '../../../../test/support/files.js';
import { joinGroup, newGroup } from '../../../../test/support/group-notes.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { operatorClient, refusal, withOperators } from '../../../../test/support/operators.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';
import { waitFor } from '../../../../test/support/wait.js';

const dayMs = 24 * 3600 * 1000;

describeEngines('groups.hostless', (engine) => {
  let server: TestServer;
  let alice: IlotClient;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 }, tasks: { pollSeconds: 1 } });
    alice = await operatorClient(server.url, 'alice');
  });
  afterAll(() => server.stop());

  const db = () => server.store.db;

  /** Runs the daily kind now and waits for that run to succeed. */
  async function runDaily() {
    const before = await db().selectFrom('tasks').selectAll().where('kind', '=', 'groups.hostless').executeTakeFirstOrThrow();
    await alice.call('tasks.runNow', { id: before.id });
    await waitFor(async () => {
      const row = await db().selectFrom('tasks').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
      return row.last_success_at !== null && row.last_success_at !== before.last_success_at && row.state === 'pending';
    });
  }

  /** Moves the clock of a group: it lost its host that many days ago. */
  const hostlessFor = (groupId: string, days: number) =>
    db()
      .updateTable('groups')
      .set({ hostless_since: Date.now() - days * dayMs })
      .where('id', '=', groupId)
      .execute();

  it('tells the members 10 days before, then destroys a group hostless for 90 days, its notes and files with it', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const bobAvatar = bob.client.member.avatars[0]!.id;
    const doomed = await newGroup(treasurer);
    const hosted = await newGroup(treasurer);
    const spared = await newGroup(treasurer);
    for (const g of [doomed, hosted, spared]) await joinGroup(server, g.groupId, bobAvatar, { notes: 'read' });
    const note = await createGroupNote(treasurer.client, doomed.keys, doomed.avatarId, 'soon gone');
    const file = await attachFile(treasurer.client, note.id, source('f.txt', Buffer.from('content')), { group: doomed.keys });
    await createGroupNote(treasurer.client, spared.keys, spared.avatarId, 'stays');
    await unhostGroup(treasurer.client, doomed.groupId, doomed.avatarId);
    await unhostGroup(treasurer.client, spared.groupId, spared.avatarId);
    const store = new MemoryStore();
    await catchUp(bob.client, store);
    expect((await store.known()).map((k) => k.subtree)).toContain(doomed.groupId);

    // 85 days: told, not destroyed; a hosted group is left alone whatever its past.
    await hostlessFor(doomed.groupId, 85);
    await hostlessFor(spared.groupId, 30);
    await runDaily();
    const told = await groupHosting(bob.client, doomed.groupId, bobAvatar);
    expect(told.noticedAt).not.toBeNull();
    expect((await groupHosting(bob.client, spared.groupId, bobAvatar)).noticedAt).toBeNull();

    await hostlessFor(doomed.groupId, 91);
    await runDaily();
    expect((await refusal(groupHosting(bob.client, doomed.groupId, bobAvatar))).code).toBe('GROUP_NOT_FOUND');
    expect(await groupHosting(bob.client, spared.groupId, bobAvatar)).toMatchObject({ documents: 1 });
    expect(await groupHosting(bob.client, hosted.groupId, bobAvatar)).toMatchObject({ hostAvatarId: hosted.avatarId });
    // Its notes, files and ciphertext are purged; every member's store drops the group at its next pull.
    await waitFor(async () => {
      const notes = await db().selectFrom('notes').select('id').where('subtree', '=', doomed.groupId).execute();
      const files = await db().selectFrom('files').select('id').where('subtree', '=', doomed.groupId).execute();
      return notes.length + files.length === 0;
    });
    await waitFor(() => !existsSync(join(server.config.files.dir, doomed.groupId.slice(0, 2), 'groups', doomed.groupId, file.id)));
    await catchUp(bob.client, store);
    expect((await store.known()).map((k) => k.subtree)).not.toContain(doomed.groupId);
    expect((await store.notes()).some((n) => n.subtree === doomed.groupId)).toBe(false);
  });
});
