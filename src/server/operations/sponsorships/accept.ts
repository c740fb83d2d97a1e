import { IlotError } from '../../../shared/errors.js';
import { newScopedId } from '../../../shared/ids.js';
import * as contracts from '../../../shared/operations/sponsorships.js';
import { lockRow } from '../../../store/database.js';
import { insertAccount } from '../../../domain/accounts.js';
import { insertAvatar } from '../../../domain/avatars.js';
import { addItem, openChat, touchSides } from '../../../domain/chats.js';
import { insertContactPair } from '../../../domain/contacts.js';
import { lifetimeEnd } from '../../../domain/lifetime.js';
import { checkPartitionFits, partitionRow, quotasOfAccount } from '../../../domain/partitions.js';
import { claimPrefix } from '../../../domain/phrases.js';
import { hashKey } from '../../../domain/secrets.js';
import { openSponsorship, settle } from '../../../domain/sponsorships.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * Public: accepts a sponsorship, creating in one operation the account (its key wrapped under the
 * new passphrase), its primary avatar with the agreed name, and — unless either side declined — the
 * mutual contact of sponsor and sponsored, each holding the other's card key wrapped for itself,
 * and the chat between them with their two words.
 */
export const acceptSponsorship = defineOperation({
  ...contracts.acceptSponsorship,
  access: { plane: 'public' },
  effect: 'growth',
  audit: true,
  targetsSpace: true,
  checksCredentials: true,
  async run(input, { tx, spaceId, space, now, describe, notify }) {
    const row = await openSponsorship(tx, spaceId, input.phrase, now);
    const spaceNumber = row.space_id;
    const accountId = newScopedId(spaceNumber, 'account');
    describe(row.id, { kind: row.kind, partitionId: row.partition_id });
    await settle(tx, row, { state: 'accepted', answer: null, answered_at: now, account_id: accountId });
    // Acceptances take turns on the space row, so that two cannot both pass the account count.
    await lockRow(tx, 'spaces', spaceNumber);
    const { n } = await tx
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('space_id', '=', spaceNumber)
      .executeTakeFirstOrThrow();
    if (space!.max_accounts !== null && Number(n) >= space!.max_accounts) throw new IlotError('MAX_ACCOUNTS_REACHED');
    // An O account takes its quotas from its partition: they must fit there, and an archived one takes no account.
    if (row.kind === 'O') {
      const partition = await partitionRow(tx, spaceNumber, row.partition_id!, true);
      await checkPartitionFits(tx, spaceNumber, partition, { accounts: quotasOfAccount(row) });
    }
    await claimPrefix(tx, spaceNumber, input.account.prefixId, 'passphrase', accountId);
    await insertAccount(tx, {
      space_id: spaceNumber,
      id: accountId,
      prefix_id: input.account.prefixId,
      auth_hash: hashKey(input.account.authKey),
      roles: row.delegate ? 'delegate' : '',
      wrapped_account_key: input.account.wrappedAccountKey,
      wrapped_space_key: null,
      created_at: now,
      expires_at: lifetimeEnd(now, space!.lifetime_months),
      kind: row.kind,
      partition_id: row.partition_id,
      quota_documents: row.quota_documents,
      quota_volume_bytes: row.quota_volume_bytes,
      gift_cents: row.gift_cents,
    });
    const avatarId = await insertAvatar(tx, spaceNumber, { name: row.name!, keys: input.avatar }, { primaryOf: accountId }, now);
    const contact = input.contact !== null && row.no_contact !== 1;
    if (contact) {
      const sponsorAvatar = await tx
        .selectFrom('avatars')
        .select('id')
        .where('space_id', '=', spaceNumber)
        .where('id', '=', row.sponsor_avatar!)
        .executeTakeFirst();
      if (!sponsorAvatar) throw new IlotError('SPONSORSHIP_INVALID');
      await insertContactPair(
        tx,
        spaceNumber,
        {
          a: avatarId,
          b: sponsorAvatar.id,
          cardKeyOfBForA: input.contact!.sponsorCardKeyForMe,
          cardKeyOfAForB: input.contact!.myCardKeyForSponsor,
        },
        'sponsorship',
        now,
      );
      const chat = input.contact!.chat;
      if (chat) {
        // The chat between them opens with their words: the sponsor's, then the sponsored's. It
        // counts as a document of each side once that side's own session acts on it.
        const owner = { spaceId: spaceNumber, accountId, usageKey: null };
        const { chatId } = await openChat(
          tx,
          { owner, quota: null, now, notify },
          {
            avatarId,
            otherId: sponsorAvatar.id,
            keys: { keyForMe: chat.keyForMe, keyForThem: chat.keyForSponsor },
            urgent: false,
            byOwnSession: false,
          },
        );
        const authors = [sponsorAvatar.id, avatarId];
        for (const [index, word] of chat.words.entries()) await addItem(tx, spaceNumber, chatId, authors[index]!, word, now);
        await touchSides(tx, spaceNumber, chatId, authors, notify);
      }
    }
    return { accountId, avatarId, avatarName: row.name!, contact };
  },
});
