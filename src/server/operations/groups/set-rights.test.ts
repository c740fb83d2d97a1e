import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  findGroup,
  forgetListedContact,
  groupMembers,
  listContactInGroup,
  readGroupChat,
  setMemberRights,
  waiveAccesses,
} from '../../../client/groups.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { allAccesses, avatarOf, groupRows, groupWithContacts, join, memberView } from '../../../../test/support/groups.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('group.setRights, waive, listContact, forget', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it('lets moderators grant and withdraw accesses and grant moderator power, never over another moderator', async () => {
    const { treasurer, others, groupId, group } = await groupWithContacts(server.url, ['Mod', 'Bob']);
    const [mod, bob] = others as [typeof treasurer, typeof treasurer];
    await join(treasurer, groupId, mod, { ...allAccesses, moderator: true });
    await join(treasurer, groupId, bob, { members: true, notes: 'read', moderator: false });
    const bobAsMember = () => memberView(treasurer, groupId, avatarOf(bob));

    await setMemberRights(treasurer.client, await group(), await bobAsMember(), { notes: 'write' });
    expect((await findGroup(bob.client, groupId)).rights.notes).toBe('write');
    await setMemberRights(treasurer.client, await group(), await bobAsMember(), { members: false });
    const stripped = await findGroup(bob.client, groupId);
    expect([stripped.state, stripped.rights.members]).toEqual(['active', false]);
    // Without access to members, Bob neither sees them nor reads the chat.
    expect((await refusal(groupMembers(bob.client, stripped))).code).toBe('GROUP_MEMBERS_ACCESS_REQUIRED');
    expect((await refusal(readGroupChat(bob.client, stripped))).code).toBe('GROUP_MEMBERS_ACCESS_REQUIRED');

    // Moderator power is granted, then no moderator changes Bob's rights but Bob.
    await setMemberRights(treasurer.client, await group(), await bobAsMember(), { moderator: true });
    const before = await groupRows(server, groupId);
    const modsGroup = await findGroup(mod.client, groupId);
    expect((await refusal(setMemberRights(mod.client, modsGroup, await bobAsMember(), { notes: 'none' }))).code).toBe(
      'GROUP_MODERATOR_PROTECTED',
    );
    // Power is never withdrawn: the schema knows only `true`.
    expect(
      (
        await refusal(
          mod.client.call('group.setRights', { groupId, avatarId: avatarOf(mod), memberId: avatarOf(bob), moderator: false as never }),
        )
      ).code,
    ).toBe('VALIDATION_FAILED');
    expect(await groupRows(server, groupId)).toEqual(before);
    // A moderator changes its own rights.
    await setMemberRights(mod.client, modsGroup, await memberView(mod, groupId, avatarOf(mod)), { notes: 'read' });
    expect((await findGroup(mod.client, groupId)).rights.notes).toBe('read');
  });

  it('refuses rights from non-moderators, over listed contacts, and over avatars outside the group, writing nothing', async () => {
    const { treasurer, others, groupId, group } = await groupWithContacts(server.url, ['Bob', 'Carol', 'Outsider']);
    const [bob, carol, outsider] = others as [typeof treasurer, typeof treasurer, typeof treasurer];
    const bobsGroup = await join(treasurer, groupId, bob, allAccesses);
    await listContactInGroup(treasurer.client, await group(), avatarOf(carol));
    const carolListed = await memberView(treasurer, groupId, avatarOf(carol));
    const before = await groupRows(server, groupId);
    expect((await refusal(setMemberRights(bob.client, bobsGroup, carolListed, { notes: 'read' }))).code).toBe('GROUP_NOT_MODERATOR');
    expect((await refusal(setMemberRights(treasurer.client, await group(), carolListed, { notes: 'read' }))).code).toBe(
      'GROUP_MEMBER_NOT_ACTIVE',
    );
    expect(
      (await refusal(setMemberRights(treasurer.client, await group(), { ...carolListed, avatarId: avatarOf(outsider) }, { notes: 'read' })))
        .code,
    ).toBe('GROUP_MEMBER_NOT_FOUND');
    // An active member is never expelled: forgetting is for listed contacts.
    expect((await refusal(forgetListedContact(treasurer.client, await group(), avatarOf(bob)))).code).toBe('GROUP_MEMBER_NOT_LISTED');
    // Listing needs the contact to be one of the lister's, not already known.
    expect((await refusal(listContactInGroup(bob.client, bobsGroup, avatarOf(carol)))).code).toBe('CONTACT_NOT_FOUND');
    expect((await refusal(listContactInGroup(treasurer.client, await group(), avatarOf(carol)))).code).toBe('GROUP_MEMBER_EXISTS');
    expect(await groupRows(server, groupId)).toEqual(before);
  });

  it('lets a member waive and resume its own accesses, keeping them and the key', async () => {
    const { treasurer, others, groupId } = await groupWithContacts(server.url, ['Bob']);
    const [bob] = others as [typeof treasurer];
    const bobsGroup = await join(treasurer, groupId, bob, allAccesses);
    await waiveAccesses(bob.client, bobsGroup, { members: true, notes: true });
    const waived = await findGroup(bob.client, groupId);
    expect([waived.rights.members, waived.rights.membersWaived, waived.rights.notesWaived]).toEqual([true, true, true]);
    expect((await refusal(readGroupChat(bob.client, waived))).code).toBe('GROUP_MEMBERS_ACCESS_REQUIRED');
    expect((await groupRows(server, groupId)).group[0]!.rotation_due).toBe(0);
    await waiveAccesses(bob.client, waived, { members: false });
    expect(await readGroupChat(bob.client, await findGroup(bob.client, groupId))).toEqual([]);
  });

  it('lets a moderator forget a listed contact, who may be listed again', async () => {
    const { treasurer, others, groupId, group } = await groupWithContacts(server.url, ['Carol']);
    const [carol] = others as [typeof treasurer];
    await listContactInGroup(treasurer.client, await group(), avatarOf(carol));
    await forgetListedContact(treasurer.client, await group(), avatarOf(carol));
    const { members } = await groupMembers(treasurer.client, await group());
    expect(members.map((m) => m.avatarId)).toEqual([avatarOf(treasurer)]);
    await listContactInGroup(treasurer.client, await group(), avatarOf(carol));
    expect((await memberView(treasurer, groupId, avatarOf(carol))).state).toBe('listed');
  });
});
