import { Type } from '@sinclair/typebox';
import { IlotError } from '../../../shared/errors.js';
import { ScopedId } from '../../../shared/ids.js';
import { AvatarKeys, AvatarName, Bytes, Nullable, PhraseKeys, cardMaxLength } from '../../../shared/protocol.js';
import { insertAvatar, ownAvatar } from '../../../domain/accounts.js';
import { claimPrefix, releasePrefix } from '../../../domain/phrases.js';
import { hashKey } from '../../../domain/secrets.js';
import { addUsage } from '../../../domain/versions.js';
import { defineOperation } from '../../pipeline/operation.js';
import { abandonUploads } from '../../../domain/files.js';

const AvatarRef = { avatarId: ScopedId({ description: 'an avatar of this account' }) };

/** Creates a secondary avatar: its number is drawn by the server, its name is chosen once and for all. */
export const createAvatar = defineOperation({
  name: 'avatar.create',
  summary: 'Create a secondary avatar',
  access: { plane: 'member' },
  effect: 'growth',
  input: Type.Object({ name: AvatarName(), keys: AvatarKeys() }, { additionalProperties: false }),
  output: Type.Object({ id: Type.String(), name: Type.String() }),
  async run(input, { tx, member, now, notify }) {
    const id = await insertAvatar(tx, member.spaceId, member.accountId, input.name, input.keys, false, now);
    notify({ spaceId: member.spaceId, subtree: member.accountId });
    return { id, name: input.name };
  },
});

/**
 * Deletes a secondary avatar of the account: it disappears at once (with its contact phrase); its
 * data and the contacts' side are purged later by the task engine.
 */
export const deleteAvatar = defineOperation({
  name: 'avatar.delete',
  summary: 'Delete a secondary avatar',
  access: { plane: 'member' },
  effect: 'write',
  input: Type.Object(AvatarRef, { additionalProperties: false }),
  output: Type.Object({ ok: Type.Boolean() }),
  async run(input, { tx, member, now, defer, notify }) {
    const avatar = await ownAvatar(tx, member, input.avatarId);
    if (avatar.is_primary === 1) throw new IlotError('AVATAR_PRIMARY');
    if (avatar.contact_prefix_id) await releasePrefix(tx, member.spaceId, avatar.contact_prefix_id);
    // Its notes and files are purged later, but stop counting against the account now.
    const { n } = await tx.selectFrom('notes').select((eb) => eb.fn.countAll<number>().as('n')).where('space_id', '=', member.spaceId).where('subtree', '=', avatar.id).executeTakeFirstOrThrow();
    const { bytes } = await tx.selectFrom('files').select((eb) => eb.fn.sum<number | null>('size').as('bytes')).where('space_id', '=', member.spaceId).where('subtree', '=', avatar.id).executeTakeFirstOrThrow();
    if (Number(n) > 0 || Number(bytes) > 0) await addUsage(tx, member.spaceId, member.accountId, { documents: -Number(n), volumeBytes: -Number(bytes) });
    await abandonUploads(tx, member.spaceId, await tx.selectFrom('uploads').selectAll().where('space_id', '=', member.spaceId).where('subtree', '=', avatar.id).execute(), now);
    await tx.deleteFrom('avatars').where('space_id', '=', member.spaceId).where('id', '=', avatar.id).execute();
    await defer({ kind: 'purge.avatar', spaceId: member.spaceId, target: avatar.id });
    notify({ spaceId: member.spaceId, subtree: member.accountId });
    return { ok: true };
  },
});

/** Sets (or erases, with null) an avatar's card, encrypted by its owner under the card key. */
export const setCard = defineOperation({
  name: 'avatar.setCard',
  summary: "Set or erase an avatar's card",
  access: { plane: 'member' },
  effect: 'write',
  // The schema bounds the request; the card's own limit gets its own code below.
  input: Type.Object({ ...AvatarRef, card: Nullable(Bytes(2 * cardMaxLength, 'the card encrypted under the card key')) }, { additionalProperties: false }),
  output: Type.Object({ ok: Type.Boolean() }),
  async run(input, { tx, member }) {
    if (input.card !== null && input.card.length > cardMaxLength) throw new IlotError('CARD_TOO_LARGE', undefined, { maxLength: cardMaxLength });
    const avatar = await ownAvatar(tx, member, input.avatarId);
    await tx.updateTable('avatars').set({ card: input.card }).where('space_id', '=', member.spaceId).where('id', '=', avatar.id).execute();
    return { ok: true };
  },
});

/**
 * Sets, changes or erases (null) an avatar's contact phrase: its prefix is claimed in the space,
 * and the card key is left wrapped under the phrase's wrap key for whoever knows the phrase.
 */
export const setContactPhrase = defineOperation({
  name: 'avatar.setContactPhrase',
  summary: "Set, change or erase an avatar's contact phrase",
  access: { plane: 'member' },
  effect: 'write',
  input: Type.Object(
    {
      ...AvatarRef,
      phrase: Nullable(
        Type.Object(
          { ...PhraseKeys('keys of the contact phrase').properties, wrappedCardKey: Bytes(200, 'the card key wrapped under the phrase wrap key') },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ ok: Type.Boolean() }),
  async run(input, { tx, member }) {
    const avatar = await ownAvatar(tx, member, input.avatarId);
    if (avatar.contact_prefix_id) await releasePrefix(tx, member.spaceId, avatar.contact_prefix_id);
    if (input.phrase) await claimPrefix(tx, member.spaceId, input.phrase.prefixId, 'contact', avatar.id);
    await tx
      .updateTable('avatars')
      .set({
        contact_prefix_id: input.phrase?.prefixId ?? null,
        contact_auth_hash: input.phrase ? hashKey(input.phrase.authKey) : null,
        contact_card_key: input.phrase?.wrappedCardKey ?? null,
      })
      .where('space_id', '=', member.spaceId)
      .where('id', '=', avatar.id)
      .execute();
    return { ok: true };
  },
});

/** The account's own avatars with their cards (encrypted) and whether each has a contact phrase. */
export const listAvatars = defineOperation({
  name: 'avatar.list',
  summary: "List this account's avatars",
  access: { plane: 'member' },
  effect: 'read',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({
    avatars: Type.Array(
      Type.Object({ id: Type.String(), name: Type.String(), primary: Type.Boolean(), wrappedCardKey: Nullable(Type.String()), card: Nullable(Type.String()), hasContactPhrase: Type.Boolean() }),
    ),
  }),
  async run(_input, { tx, member }) {
    const rows = await tx
      .selectFrom('avatars')
      .select(['id', 'name', 'is_primary', 'wrapped_card_key', 'card', 'contact_prefix_id', 'created_at'])
      .where('space_id', '=', member.spaceId)
      .where('account_id', '=', member.accountId)
      .orderBy('created_at')
      .execute();
    return {
      avatars: rows.map((r) => ({ id: r.id, name: r.name, primary: r.is_primary === 1, wrappedCardKey: r.wrapped_card_key, card: r.card, hasContactPhrase: r.contact_prefix_id !== null })),
    };
  },
});
