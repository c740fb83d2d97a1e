import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  acceptInvitation,
  declineInvitation,
  findGroup,
  groupMembers,
  inviteToGroup,
  listContactInGroup,
  listGroups,
  voteOnInvitation,
  withdrawInvitation,
} from '../../../client/groups.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { sponsored, usageOf } from '../../../../test/support/members.js';
import { allAccesses, avatarOf, groupRows, groupWithContacts, join, memberView } from '../../../../test/support/groups.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('group.invite, vote, accept, decline, withdrawInvitation', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it('invites with the accesses the invitation carries; nobody is active before accepting', async () => {
    const { treasurer, others, groupId, group } = await groupWithContacts(server.url, ['Bob']);
    const [bob] = others as [typeof treasurer];
    await listContactInGroup(treasurer.client, await group(), avatarOf(bob));
    // Listed: Bob does not know the group.
    expect(await listGroups(bob.client)).toEqual([]);
    const invited = await inviteToGroup(treasurer.client, await group(), await memberView(treasurer, groupId, avatarOf(bob)), {
      members: true,
      notes: 'read',
      moderator: false,
    });
    expect(invited.complete).toBe(true);
    const seen = await findGroup(bob.client, groupId);
    expect([seen.state, seen.name, seen.card?.text, seen.rights.notes, seen.invitedBy]).toEqual([
      'invited',
      'Chorale',
      'on chante',
      'read',
      avatarOf(treasurer),
    ]);
    const documents = (await usageOf(server, bob.client)).documents;
    await acceptInvitation(bob.client, seen);
    const active = await findGroup(bob.client, groupId);
    expect([active.state, active.rights.members, active.rights.notes, active.rights.moderator]).toEqual(['active', true, 'read', false]);
    expect((await usageOf(server, bob.client)).documents).toBe(documents + 1);
    // Co-members with access to members see each other's cards.
    const { members } = await groupMembers(bob.client, active);
    expect(members.map((m) => [m.avatarId, m.state])).toEqual(
      [
        [avatarOf(treasurer), 'active'],
        [avatarOf(bob), 'active'],
      ].sort(),
    );
  });

  it('refuses accepting twice, a withdrawn invitation, and invitations by non-moderators, writing nothing', async () => {
    const { treasurer, others, groupId, group } = await groupWithContacts(server.url, ['Bob', 'Carol']);
    const [bob, carol] = others as [typeof treasurer, typeof treasurer];
    const bobsView = await join(treasurer, groupId, bob, allAccesses);
    await listContactInGroup(treasurer.client, await group(), avatarOf(carol));
    const carolAsListed = await memberView(treasurer, groupId, avatarOf(carol));

    let before = await groupRows(server, groupId);
    // Bob, active without moderator power, may not invite.
    expect((await refusal(inviteToGroup(bob.client, bobsView, carolAsListed, allAccesses))).code).toBe('GROUP_NOT_MODERATOR');
    // Accepting twice.
    expect((await refusal(acceptInvitation(bob.client, { ...bobsView, state: 'invited' }))).code).toBe('GROUP_INVITATION_NOT_FOUND');
    // Inviting an active member, or an avatar the group does not know.
    const stranger = await sponsored(treasurer, 'Stranger');
    expect(
      (await refusal(inviteToGroup(treasurer.client, await group(), { ...carolAsListed, avatarId: avatarOf(bob) }, allAccesses))).code,
    ).toBe('GROUP_MEMBER_NOT_LISTED');
    expect(
      (await refusal(inviteToGroup(treasurer.client, await group(), { ...carolAsListed, avatarId: avatarOf(stranger) }, allAccesses))).code,
    ).toBe('GROUP_MEMBER_NOT_FOUND');
    // A malformed key.
    expect(
      (
        await refusal(
          treasurer.client.call('group.invite', {
            groupId,
            avatarId: avatarOf(treasurer),
            memberId: avatarOf(carol),
            accesses: allAccesses,
            keyVersion: 1,
            key: 'not base64url!',
          }),
        )
      ).code,
    ).toBe('VALIDATION_FAILED');
    expect(await groupRows(server, groupId)).toEqual(before);

    // Withdrawn meanwhile: Carol read the invitation, the moderator withdrew it, then she accepts.
    await inviteToGroup(treasurer.client, await group(), carolAsListed, allAccesses);
    const carolsView = await findGroup(carol.client, groupId);
    await withdrawInvitation(treasurer.client, await group(), avatarOf(carol));
    before = await groupRows(server, groupId);
    expect((await refusal(acceptInvitation(carol.client, carolsView))).code).toBe('GROUP_INVITATION_NOT_FOUND');
    expect(await groupRows(server, groupId)).toEqual(before);
    expect(before.members.find((m) => m.avatar_id === avatarOf(carol))?.state).toBe('listed');
    // She no longer holds the key, and the next write needs a rotated one.
    expect(before.copies.map((c) => c.avatar_id)).not.toContain(avatarOf(carol));
    expect(before.group[0]!.rotation_due).toBe(1);
  });

  it('declining returns the invitee to listed contact', async () => {
    const { treasurer, others, groupId, group } = await groupWithContacts(server.url, ['Bob']);
    const [bob] = others as [typeof treasurer];
    await listContactInGroup(treasurer.client, await group(), avatarOf(bob));
    await inviteToGroup(treasurer.client, await group(), await memberView(treasurer, groupId, avatarOf(bob)), allAccesses);
    await declineInvitation(bob.client, await findGroup(bob.client, groupId));
    expect(await listGroups(bob.client)).toEqual([]);
    expect((await memberView(treasurer, groupId, avatarOf(bob))).state).toBe('listed');
    expect((await refusal(declineInvitation(bob.client, { ...(await group()), avatarId: avatarOf(bob) }))).code).toBe(
      'GROUP_INVITATION_NOT_FOUND',
    );
  });

  it('in unanimous mode, waits for every moderator; one who disagrees withdraws the invitation', async () => {
    const { treasurer, others, groupId, group } = await groupWithContacts(server.url, ['Mod', 'Bob', 'Carol'], { unanimous: true });
    const [mod, bob, carol] = others as [typeof treasurer, typeof treasurer, typeof treasurer];
    // A second moderator (invited alone: it is the only moderator's vote then).
    const modsView = await join(treasurer, groupId, mod, { ...allAccesses, moderator: true });
    await listContactInGroup(treasurer.client, await group(), avatarOf(bob));
    const first = await inviteToGroup(treasurer.client, await group(), await memberView(treasurer, groupId, avatarOf(bob)), allAccesses);
    expect(first.complete).toBe(false);
    // Bob does not see it yet, and cannot accept it.
    expect(await listGroups(bob.client)).toEqual([]);
    expect(
      (await refusal(bob.client.call('group.accept', { groupId, avatarId: avatarOf(bob), keyVersion: 1, cardKey: 'a2V5' }))).code,
    ).toBe('GROUP_INVITATION_INCOMPLETE');
    const pending = (await groupMembers(mod.client, modsView)).invitations;
    expect(pending.map((i) => [i.avatarId, i.votes, i.complete])).toEqual([[avatarOf(bob), [avatarOf(treasurer)], false]]);
    expect((await voteOnInvitation(mod.client, modsView, avatarOf(bob), true)).complete).toBe(true);
    await acceptInvitation(bob.client, await findGroup(bob.client, groupId));
    expect((await findGroup(bob.client, groupId)).state).toBe('active');

    // Carol: the other moderator disagrees.
    await listContactInGroup(treasurer.client, await group(), avatarOf(carol));
    await inviteToGroup(treasurer.client, await group(), await memberView(treasurer, groupId, avatarOf(carol)), allAccesses);
    expect((await voteOnInvitation(mod.client, modsView, avatarOf(carol), false)).complete).toBe(false);
    expect(await listGroups(carol.client)).toEqual([]);
    expect((await memberView(treasurer, groupId, avatarOf(carol))).state).toBe('listed');
    expect((await refusal(voteOnInvitation(mod.client, modsView, avatarOf(carol), true))).code).toBe('GROUP_INVITATION_NOT_FOUND');
    // Bob is no moderator: he may not vote.
    expect((await refusal(voteOnInvitation(bob.client, await findGroup(bob.client, groupId), avatarOf(carol), true))).code).toBe(
      'GROUP_NOT_MODERATOR',
    );
  });

  it('refuses a group id of another space, and a group the avatar is not in', async () => {
    const { treasurer, groupId } = await groupWithContacts(server.url, []);
    const elsewhere = await groupWithContacts(server.url, []);
    const acting = { avatarId: avatarOf(treasurer), memberId: avatarOf(treasurer) };
    expect((await refusal(treasurer.client.call('group.withdrawInvitation', { groupId: elsewhere.groupId, ...acting }))).code).toBe(
      'CROSS_SPACE',
    );
    const unknown = `${groupId.slice(0, 3)}${groupId.slice(3).split('').reverse().join('')}`;
    expect((await refusal(treasurer.client.call('group.withdrawInvitation', { groupId: unknown, ...acting }))).code).toBe(
      'GROUP_NOT_FOUND',
    );
    expect(
      (await refusal(elsewhere.treasurer.client.call('group.members', { groupId: elsewhere.groupId, avatarId: avatarOf(treasurer) }))).code,
    ).toBe('CROSS_SPACE');
  });
});
