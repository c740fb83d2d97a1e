import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  acceptInvitation,
  findGroup,
  groupMembers,
  inviteToGroup,
  listContactInGroup,
  listGroups,
  setGroupMode,
  voteOnInvitation,
} from '../../../client/groups.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { allAccesses, avatarOf, groupRows, groupWithContacts, join, memberView } from '../../../../test/support/groups.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('group.setMode', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it('one moderator sets unanimous mode; leaving it waits for every moderator, and a request can be withdrawn', async () => {
    const { treasurer, others, groupId, group } = await groupWithContacts(server.url, ['Mod', 'Bob']);
    const [mod, bob] = others as [typeof treasurer, typeof treasurer];
    const modsView = await join(treasurer, groupId, mod, { ...allAccesses, moderator: true });
    const bobsView = await join(treasurer, groupId, bob, allAccesses);

    expect(await setGroupMode(treasurer.client, await group(), true)).toMatchObject({ unanimous: true, simpleModeVotes: [] });
    expect((await findGroup(mod.client, groupId)).unanimous).toBe(true);

    // The treasurer asks for simple mode, then changes its mind, then asks again.
    expect(await setGroupMode(treasurer.client, await group(), false)).toMatchObject({
      unanimous: true,
      simpleModeVotes: [avatarOf(treasurer)],
    });
    expect((await findGroup(mod.client, groupId)).simpleModeVotes).toEqual([avatarOf(treasurer)]);
    expect((await setGroupMode(treasurer.client, await group(), true)).simpleModeVotes).toEqual([]);
    await setGroupMode(treasurer.client, await group(), false);
    // Asking twice counts once.
    expect((await setGroupMode(treasurer.client, await group(), false)).simpleModeVotes).toEqual([avatarOf(treasurer)]);
    // The other moderator asks too: the group is in simple mode, and the requests are gone.
    expect(await setGroupMode(mod.client, modsView, false)).toMatchObject({ unanimous: false, simpleModeVotes: [] });
    const rows = await groupRows(server, groupId);
    expect([rows.group[0]!.unanimous, rows.modeVotes]).toEqual([0, []]);

    // Bob is no moderator: he may change neither, and nothing is written.
    for (const unanimous of [true, false])
      expect((await refusal(setGroupMode(bob.client, bobsView, unanimous))).code).toBe('GROUP_NOT_MODERATOR');
    expect(await groupRows(server, groupId)).toEqual(rows);
  });

  it('pending invitations keep the mode they were made in', async () => {
    const { treasurer, others, groupId, group } = await groupWithContacts(server.url, ['Mod', 'Bob', 'Carol'], { unanimous: true });
    const [mod, bob, carol] = others as [typeof treasurer, typeof treasurer, typeof treasurer];
    const modsView = await join(treasurer, groupId, mod, { ...allAccesses, moderator: true });
    // Bob's invitation, made in unanimous mode, waits for Mod.
    await listContactInGroup(treasurer.client, await group(), avatarOf(bob));
    await inviteToGroup(treasurer.client, await group(), await memberView(treasurer, groupId, avatarOf(bob)), allAccesses);
    await setGroupMode(treasurer.client, await group(), false);
    await setGroupMode(mod.client, modsView, false);
    expect((await findGroup(treasurer.client, groupId)).unanimous).toBe(false);
    // Simple mode now, but Bob's invitation still needs Mod's vote.
    expect(await listGroups(bob.client)).toEqual([]);
    expect((await groupMembers(mod.client, modsView)).invitations.map((i) => [i.avatarId, i.unanimous, i.complete])).toEqual([
      [avatarOf(bob), true, false],
    ]);
    // Carol's invitation, made in simple mode, is complete at once and stays so when unanimous mode comes back.
    await listContactInGroup(treasurer.client, await group(), avatarOf(carol));
    await inviteToGroup(treasurer.client, await group(), await memberView(treasurer, groupId, avatarOf(carol)), allAccesses);
    await setGroupMode(mod.client, modsView, true);
    await acceptInvitation(carol.client, await findGroup(carol.client, groupId));
    expect((await findGroup(carol.client, groupId)).state).toBe('active');
    expect((await voteOnInvitation(mod.client, modsView, avatarOf(bob), true)).complete).toBe(true);
    expect((await findGroup(bob.client, groupId)).state).toBe('invited');
  });

  it('refuses a group of another space, writing nothing', async () => {
    const { treasurer, groupId } = await groupWithContacts(server.url, []);
    const elsewhere = await groupWithContacts(server.url, []);
    const before = await groupRows(server, elsewhere.groupId);
    expect(
      (
        await refusal(
          treasurer.client.call('group.setMode', { groupId: elsewhere.groupId, avatarId: avatarOf(treasurer), unanimous: true }),
        )
      ).code,
    ).toBe('CROSS_SPACE');
    expect(await groupRows(server, elsewhere.groupId)).toEqual(before);
    expect((await findGroup(treasurer.client, groupId)).unanimous).toBe(false);
  });
});
