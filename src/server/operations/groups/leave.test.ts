import { afterAll, beforeAll, expect, it } from 'vitest';
import { annotateGroup, findGroup, leaveGroup, listContactInGroup, listGroups } from '../../../client/groups.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { usageOf } from '../../../../test/support/members.js';
import { allAccesses, avatarOf, groupRows, groupWithContacts, join, memberView } from '../../../../test/support/groups.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';
import { waitFor } from '../../../../test/support/wait.js';

describeEngines('group.leave, annotate, and the purge of abandoned groups', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it('steps back to listed contact, or is forgotten and cannot be listed again', async () => {
    const { treasurer, others, groupId, group } = await groupWithContacts(server.url, ['Bob', 'Carol']);
    const [bob, carol] = others as [typeof treasurer, typeof treasurer];
    const documents = (await usageOf(server, bob.client)).documents;
    await leaveGroup(bob.client, await join(treasurer, groupId, bob, allAccesses), { forget: false });
    expect(await listGroups(bob.client)).toEqual([]);
    expect((await memberView(treasurer, groupId, avatarOf(bob))).state).toBe('listed');
    expect((await usageOf(server, bob.client)).documents).toBe(documents);

    await leaveGroup(carol.client, await join(treasurer, groupId, carol, allAccesses), { forget: true });
    const rows = await groupRows(server, groupId);
    expect(rows.members.find((m) => m.avatar_id === avatarOf(carol))?.state).toBe('forgotten');
    expect(rows.copies.map((c) => c.avatar_id)).toEqual([avatarOf(treasurer)]);
    expect(rows.group[0]!.rotation_due).toBe(1);
    expect((await refusal(listContactInGroup(treasurer.client, await group(), avatarOf(carol)))).code).toBe('GROUP_MEMBER_FORGOTTEN');
    // Gone, Carol may not act in the group any more.
    expect((await refusal(leaveGroup(carol.client, { ...(await group()), avatarId: avatarOf(carol) }, { forget: true }))).code).toBe(
      'GROUP_NOT_FOUND',
    );
  });

  it('keeps a private comment per member, seen by nobody else', async () => {
    const { treasurer, others, groupId } = await groupWithContacts(server.url, ['Bob']);
    const [bob] = others as [typeof treasurer];
    await annotateGroup(bob.client, await join(treasurer, groupId, bob, allAccesses), { comment: 'le mardi', hashtags: ['chant'] });
    expect((await findGroup(bob.client, groupId)).note).toEqual({ comment: 'le mardi', hashtags: ['chant'] });
    expect((await findGroup(treasurer.client, groupId)).note).toBeNull();
    const stored = (await groupRows(server, groupId)).members.find((m) => m.avatar_id === avatarOf(bob))!.note!;
    expect(stored).not.toContain('mardi');
  });

  it('purges a group once its last active member left', async () => {
    const { treasurer, others, groupId, group } = await groupWithContacts(server.url, ['Bob']);
    const [bob] = others as [typeof treasurer];
    await join(treasurer, groupId, bob, allAccesses);
    await leaveGroup(treasurer.client, await group(), { forget: false });
    // One active member remains: nothing is purged.
    expect((await groupRows(server, groupId)).group).toHaveLength(1);
    await leaveGroup(bob.client, await findGroup(bob.client, groupId), { forget: true });
    await waitFor(
      async () => {
        const task = await server.store.db
          .selectFrom('tasks')
          .select(['state', 'last_error'])
          .where('target', '=', groupId)
          .executeTakeFirst();
        if (task?.last_error) throw new Error(task.last_error);
        return (await groupRows(server, groupId)).version.length === 0;
      },
      { what: 'the group purged', timeoutMs: 100_000 },
    );
    const rows = await groupRows(server, groupId);
    expect(rows).toEqual({
      group: [],
      members: [],
      invitations: [],
      votes: [],
      modeVotes: [],
      keys: [],
      copies: [],
      chat: [],
      version: [],
    });
  }, 120_000);
});
