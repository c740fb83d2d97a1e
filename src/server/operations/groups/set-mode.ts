import * as contracts from '../../../shared/operations/groups.js';
import { actingIn, groupChanged, moderatorsOf, requireModerator, simpleModeVotesOf } from '../../../domain/groups.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * A moderator switches the invitation mode. Unanimous mode only adds a veto, so one moderator sets
 * it. Leaving it removes every moderator's veto, so it waits until each active moderator asked:
 * otherwise one moderator could switch to simple mode, invite alone and switch back. Pending
 * invitations keep the mode they were made in: an invitation the invitee already sees does not
 * vanish, and one still waiting for votes is not completed behind a moderator's back.
 */
export const setMode = defineOperation({
  ...contracts.setMode,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member, notify }) {
    const { spaceId } = member;
    const { groupId, avatarId } = input;
    const { group, me } = await actingIn(tx, member, groupId, avatarId, 'act');
    requireModerator(me);
    const votes = tx.deleteFrom('group_mode_votes').where('space_id', '=', spaceId).where('group_id', '=', groupId);
    if (input.unanimous) {
      // Setting unanimous mode, or withdrawing one's request to leave it.
      if (group.unanimous === 0)
        await tx.updateTable('groups').set({ unanimous: 1 }).where('space_id', '=', spaceId).where('id', '=', groupId).execute();
      else await votes.where('moderator_id', '=', avatarId).execute();
    } else if (group.unanimous === 1) {
      await tx
        .insertInto('group_mode_votes')
        .values({ space_id: spaceId, group_id: groupId, moderator_id: avatarId })
        .onConflict((c) => c.doNothing())
        .execute();
      const asked = await simpleModeVotesOf(tx, spaceId, groupId);
      if ((await moderatorsOf(tx, spaceId, groupId)).every((m) => asked.includes(m))) {
        await tx.updateTable('groups').set({ unanimous: 0 }).where('space_id', '=', spaceId).where('id', '=', groupId).execute();
        await votes.execute();
      }
    }
    const version = await groupChanged(tx, spaceId, groupId, notify);
    const now = await tx
      .selectFrom('groups')
      .select('unanimous')
      .where('space_id', '=', spaceId)
      .where('id', '=', groupId)
      .executeTakeFirstOrThrow();
    const unanimous = now.unanimous === 1;
    return { version, unanimous, simpleModeVotes: unanimous ? await simpleModeVotesOf(tx, spaceId, groupId) : [] };
  },
});
