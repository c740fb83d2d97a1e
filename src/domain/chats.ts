import { sql } from 'kysely';
import { IlotError } from '../shared/errors.js';
import { chatItemMaxLength, chatTextMaxLength } from '../shared/limits.js';
import { newScopedId } from '../shared/ids.js';
import type { Tx } from '../store/database.js';
import { monthStart } from './lifetime.js';
import { addUsage, takeUsage, type QuotaUse, type UsageOwner } from './usage.js';

// Chats between two avatars. The chat belongs to both avatars' subtrees: each change takes the next
// version of the subtree of every side it changes and stamps that side, so that sync sends the
// side, with the items it may see, to the sessions of either avatar. Items are ciphertext under a
// chat key that each side holds wrapped for its avatar's ECDH key.
//
// Counting: a side not hung up is a document of its avatar's account. The server must not learn
// which account holds a secondary avatar, so only a side's own session charges its account: when
// it opens the chat or writes in it (never the other side's writes), and it releases the document
// when it hangs up or its avatar is deleted. Urgent chats count for nobody.

/** A subtree changed: what the pipeline publishes once committed. */
type Notify = (notice: { spaceId: number; subtree: string; version: number }) => void;

/** One avatar's side of a chat, with the chat's facts, whoever's it is (the caller authorizes). */
export async function findChatSide(tx: Tx, spaceId: number, chatId: string, avatarId: string) {
  const row = await tx
    .selectFrom('chat_sides')
    .innerJoin('chats', (join) => join.onRef('chats.space_id', '=', 'chat_sides.space_id').onRef('chats.id', '=', 'chat_sides.chat_id'))
    .select(['chat_sides.avatar_id', 'chat_sides.other_id', 'chat_sides.hung_up', 'chat_sides.counted', 'chats.urgent'])
    .where('chat_sides.space_id', '=', spaceId)
    .where('chat_sides.chat_id', '=', chatId)
    .where('chat_sides.avatar_id', '=', avatarId)
    .executeTakeFirst();
  return (
    row && {
      id: chatId,
      avatarId: row.avatar_id,
      otherId: row.other_id,
      hungUp: row.hung_up === 1,
      counted: row.counted === 1,
      urgent: row.urgent === 1,
    }
  );
}

export type ChatSide = NonNullable<Awaited<ReturnType<typeof findChatSide>>>;

/** An avatar's side of its chat with another, if they have one. */
async function sideWith(tx: Tx, spaceId: number, avatarId: string, otherId: string) {
  const row = await tx
    .selectFrom('chat_sides')
    .select('chat_id')
    .where('space_id', '=', spaceId)
    .where('avatar_id', '=', avatarId)
    .where('other_id', '=', otherId)
    .executeTakeFirst();
  return row && findChatSide(tx, spaceId, row.chat_id, avatarId);
}

/** The wrapped chat keys of a new chat: for the opening avatar and for the other. */
export interface ChatKeys {
  keyForMe: string;
  keyForThem: string;
}

/**
 * Opens the chat between an avatar of the member and another avatar, or finds it (one chat per
 * pair: the keys given are then ignored): the member's side is open and, unless `urgent`, counted
 * as a document of its account — unless `byOwnSession` is false (a sponsorship's acceptance opens
 * it for both sides, and each is charged once its own session acts). Returns the chat and the
 * member's wrapped key.
 */
export async function openChat(
  tx: Tx,
  context: { owner: UsageOwner; quota: QuotaUse | null; now: number; notify: Notify },
  pair: { avatarId: string; otherId: string; keys: ChatKeys; urgent: boolean; byOwnSession: boolean },
): Promise<{ chatId: string; wrappedKey: string }> {
  const { owner, now } = context;
  const spaceId = owner.spaceId;
  const side = await sideWith(tx, spaceId, pair.avatarId, pair.otherId);
  if (side) {
    const touched = new Set<string>();
    if (pair.urgent && !side.urgent) {
      // A chat that becomes urgent (a sponsorship's, say): both sides learn it at their next pull.
      await tx.updateTable('chats').set({ urgent: 1 }).where('space_id', '=', spaceId).where('id', '=', side.id).execute();
      side.urgent = true;
      touched.add(pair.avatarId).add(pair.otherId);
    }
    if (await takeUp(tx, context, side)) touched.add(pair.avatarId);
    if (touched.size > 0) await touchSides(tx, spaceId, side.id, [...touched], context.notify);
    return { chatId: side.id, wrappedKey: await wrappedKeyOf(tx, spaceId, side.id, pair.avatarId) };
  }
  const chatId = newScopedId(spaceId, 'chat');
  await tx
    .insertInto('chats')
    .values({ space_id: spaceId, id: chatId, urgent: pair.urgent ? 1 : 0, total: 0, next_seq: 1, created_at: monthStart(now) })
    .execute();
  const sideRow = (avatarId: string, otherId: string, wrappedKey: string) => ({
    space_id: spaceId,
    avatar_id: avatarId,
    other_id: otherId,
    chat_id: chatId,
    wrapped_key: wrappedKey,
    hung_up: 0,
    cleared_to: 0,
    counted: 0,
    version: 0,
  });
  await tx
    .insertInto('chat_sides')
    .values([sideRow(pair.avatarId, pair.otherId, pair.keys.keyForMe), sideRow(pair.otherId, pair.avatarId, pair.keys.keyForThem)])
    .execute();
  if (pair.byOwnSession)
    await takeUp(tx, context, {
      id: chatId,
      avatarId: pair.avatarId,
      otherId: pair.otherId,
      hungUp: false,
      counted: false,
      urgent: pair.urgent,
    });
  await touchSides(tx, spaceId, chatId, [pair.avatarId, pair.otherId], context.notify);
  return { chatId, wrappedKey: pair.keys.keyForMe };
}

async function wrappedKeyOf(tx: Tx, spaceId: number, chatId: string, avatarId: string): Promise<string> {
  const row = await tx
    .selectFrom('chat_sides')
    .select('wrapped_key')
    .where('space_id', '=', spaceId)
    .where('chat_id', '=', chatId)
    .where('avatar_id', '=', avatarId)
    .executeTakeFirstOrThrow();
  return row.wrapped_key;
}
/**
 * The member's side acts on its chat: a hung-up side opens again, and a side of a chat that is not
 * urgent is charged to the member's account once. Returns whether the side changed.
 */
async function takeUp(tx: Tx, context: { owner: UsageOwner; quota: QuotaUse | null; now: number }, side: ChatSide): Promise<boolean> {
  const charge = !side.urgent && !side.counted;
  if (!charge && !side.hungUp) return false;
  // Of concurrent acts, one takes the side up and charges; the others find it taken.
  const changed = await tx
    .updateTable('chat_sides')
    .set(charge ? { hung_up: 0, counted: 1 } : { hung_up: 0 })
    .where('space_id', '=', context.owner.spaceId)
    .where('chat_id', '=', side.id)
    .where('avatar_id', '=', side.avatarId)
    .where((eb) => (charge ? eb('counted', '=', 0) : eb('hung_up', '=', 1)))
    .executeTakeFirst();
  if (Number(changed.numUpdatedRows) !== 1) return false;
  if (charge) await takeUsage(tx, context.owner, { documents: 1 }, context.quota, context.now);
  side.hungUp = false;
  side.counted ||= charge;
  return true;
}

/** Refuses an item whose ciphertext is longer than its declared plain length allows. */
export function checkItemSize(item: { length: number; payload: string }): void {
  if (item.length > chatTextMaxLength || item.payload.length > chatItemMaxLength(item.length))
    throw new IlotError('CHAT_ITEM_TOO_LARGE', undefined, { maxLength: chatTextMaxLength });
}

/** An item as its author's client sends it. */
export interface SealedItem {
  length: number;
  payload: string;
}

/**
 * Appends an item written by the side's avatar: the side takes the chat up again (see takeUp), the
 * oldest items go while the chat's plain text passes its cap, and both sides hear of it. Returns
 * the item's number.
 */
export async function appendItem(
  tx: Tx,
  context: { owner: UsageOwner; quota: QuotaUse | null; now: number; notify: Notify },
  side: ChatSide,
  item: SealedItem,
): Promise<number> {
  const seq = await addItem(tx, context.owner.spaceId, side.id, side.avatarId, item, context.now);
  await takeUp(tx, context, side);
  await touchSides(tx, context.owner.spaceId, side.id, [side.avatarId, side.otherId], context.notify);
  return seq;
}

/** Adds an item to a chat, dropping the oldest while the chat passes its cap; the caller stamps the sides. */
export async function addItem(tx: Tx, spaceId: number, chatId: string, author: string, item: SealedItem, now: number): Promise<number> {
  checkItemSize(item);
  // The chat's row first: appends to one chat take turns there.
  const chat = await tx
    .updateTable('chats')
    .set((eb) => ({ next_seq: eb('next_seq', '+', 1), total: eb('total', '+', item.length) }))
    .where('space_id', '=', spaceId)
    .where('id', '=', chatId)
    .returning(['next_seq', 'total'])
    .executeTakeFirstOrThrow();
  const seq = Number(chat.next_seq) - 1;
  await tx
    .insertInto('chat_items')
    .values({ space_id: spaceId, chat_id: chatId, seq, author, length: item.length, payload: item.payload, created_at: monthStart(now) })
    .execute();
  if (Number(chat.total) > chatTextMaxLength) await dropOldest(tx, spaceId, chatId, Number(chat.total) - chatTextMaxLength);
  return seq;
}

/** Deletes the oldest items of a chat until at least `excess` characters are gone: those up to the first whose running total reaches it. */
async function dropOldest(tx: Tx, spaceId: number, chatId: string, excess: number): Promise<void> {
  const dropped = await tx
    .deleteFrom('chat_items')
    .where('space_id', '=', spaceId)
    .where('chat_id', '=', chatId)
    .where(
      'seq',
      '<=',
      sql<number>`(select min(seq) from (select seq, sum(length) over (order by seq) as running from chat_items
        where space_id = ${spaceId} and chat_id = ${chatId}) as items where running >= ${excess})`,
    )
    .returning('length')
    .execute();
  await tx
    .updateTable('chats')
    .set((eb) => ({
      total: eb(
        'total',
        '-',
        dropped.reduce((sum, item) => sum + item.length, 0),
      ),
    }))
    .where('space_id', '=', spaceId)
    .where('id', '=', chatId)
    .execute();
}

/** Deletes an item its author wrote; both sides hear of it. */
export async function deleteItem(tx: Tx, spaceId: number, side: ChatSide, seq: number, notify: Notify): Promise<void> {
  const item = await tx
    .selectFrom('chat_items')
    .select(['author', 'length'])
    .where('space_id', '=', spaceId)
    .where('chat_id', '=', side.id)
    .where('seq', '=', seq)
    .executeTakeFirst();
  if (!item) throw new IlotError('CHAT_ITEM_NOT_FOUND');
  if (item.author !== side.avatarId) throw new IlotError('CHAT_ITEM_NOT_YOURS');
  // Of concurrent deletions, one deletes the item and takes its length off the total.
  const deleted = await tx
    .deleteFrom('chat_items')
    .where('space_id', '=', spaceId)
    .where('chat_id', '=', side.id)
    .where('seq', '=', seq)
    .executeTakeFirst();
  if (Number(deleted.numDeletedRows) !== 1) throw new IlotError('CHAT_ITEM_NOT_FOUND');
  await tx
    .updateTable('chats')
    .set((eb) => ({ total: eb('total', '-', item.length) }))
    .where('space_id', '=', spaceId)
    .where('id', '=', side.id)
    .execute();
  await touchSides(tx, spaceId, side.id, [side.avatarId, side.otherId], notify);
}

/** Hangs up the member's side: it no longer sees the items so far, and its document is released. */
export async function hangUp(tx: Tx, context: { owner: UsageOwner; now: number; notify: Notify }, side: ChatSide): Promise<void> {
  const spaceId = context.owner.spaceId;
  const { next_seq } = await tx
    .selectFrom('chats')
    .select('next_seq')
    .where('space_id', '=', spaceId)
    .where('id', '=', side.id)
    .executeTakeFirstOrThrow();
  // Of concurrent hang-ups, one releases the document.
  const released = await tx
    .updateTable('chat_sides')
    .set({ hung_up: 1, counted: 0, cleared_to: Number(next_seq) - 1 })
    .where('space_id', '=', spaceId)
    .where('chat_id', '=', side.id)
    .where('avatar_id', '=', side.avatarId)
    .where('counted', '=', 1)
    .executeTakeFirst();
  if (Number(released.numUpdatedRows) === 1) await addUsage(tx, context.owner, { documents: -1 }, context.now);
  else
    await tx
      .updateTable('chat_sides')
      .set({ hung_up: 1, cleared_to: Number(next_seq) - 1 })
      .where('space_id', '=', spaceId)
      .where('chat_id', '=', side.id)
      .where('avatar_id', '=', side.avatarId)
      .execute();
  await touchSides(tx, spaceId, side.id, [side.avatarId], context.notify);
}

/**
 * Stamps the named sides of a chat (those that still exist) with the next version of their
 * avatar's subtree, taken in the order of their ids so that two writers never wait on each other
 * in a cycle, and announces each: two statements, whatever the number of sides.
 */
export async function touchSides(tx: Tx, spaceId: number, chatId: string, avatarIds: string[], notify: Notify): Promise<void> {
  // The WHERE also keeps SQLite from reading ON CONFLICT as a join's constraint.
  const { rows } = await sql<{ subtree: string; version: number }>`
    insert into subtree_versions (space_id, subtree, version)
    select space_id, avatar_id, 1 from chat_sides
    where space_id = ${spaceId} and chat_id = ${chatId} and avatar_id in (${sql.join(avatarIds)})
    order by avatar_id
    on conflict (space_id, subtree) do update set version = subtree_versions.version + 1
    returning subtree, version`.execute(tx);
  if (rows.length === 0) return;
  await tx
    .updateTable('chat_sides')
    .set((eb) => ({
      version: eb
        .selectFrom('subtree_versions')
        .select('subtree_versions.version')
        .whereRef('subtree_versions.space_id', '=', 'chat_sides.space_id')
        .whereRef('subtree_versions.subtree', '=', 'chat_sides.avatar_id'),
    }))
    .where('space_id', '=', spaceId)
    .where('chat_id', '=', chatId)
    .where(
      'avatar_id',
      'in',
      rows.map((r) => r.subtree),
    )
    .execute();
  for (const { subtree, version } of rows) notify({ spaceId, subtree, version: Number(version) });
}

/** How many chats an avatar's account is charged for (its sides counted): released when the avatar goes. */
export async function countedChats(tx: Tx, spaceId: number, avatarId: string): Promise<number> {
  const { n } = await tx
    .selectFrom('chat_sides')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('space_id', '=', spaceId)
    .where('avatar_id', '=', avatarId)
    .where('counted', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(n);
}

/**
 * Whether two avatars may have an urgent chat: one is the primary avatar of the space's treasurer,
 * or of a delegate of the other's partition, and the other is an account's primary avatar.
 */
export async function isUrgentPair(tx: Tx, spaceId: number, a: string, b: string): Promise<boolean> {
  const rows = await tx
    .selectFrom('avatars')
    .innerJoin('accounts', (join) =>
      join.onRef('accounts.space_id', '=', 'avatars.space_id').onRef('accounts.id', '=', 'avatars.account_id'),
    )
    .select(['avatars.id', 'accounts.roles', 'accounts.partition_id'])
    .where('avatars.space_id', '=', spaceId)
    .where('avatars.id', 'in', [a, b])
    .where('avatars.is_primary', '=', 1)
    .execute();
  if (rows.length !== 2 || a === b) return false;
  const [x, y] = rows as [(typeof rows)[number], (typeof rows)[number]];
  const answers = (helper: typeof x, member: typeof x) => {
    const roles = helper.roles.split(',');
    return (
      roles.includes('treasurer') ||
      (roles.includes('delegate') && helper.partition_id !== null && helper.partition_id === member.partition_id)
    );
  };
  return answers(x, y) || answers(y, x);
}

/** Who answers an account's urgent chats: the primary avatars of the treasurer and of its partition's delegates. */
export async function urgentCorrespondents(tx: Tx, spaceId: number, partitionId: string | null, accountId: string) {
  const rows = await tx
    .selectFrom('avatars')
    .innerJoin('accounts', (join) =>
      join.onRef('accounts.space_id', '=', 'avatars.space_id').onRef('accounts.id', '=', 'avatars.account_id'),
    )
    .select(['avatars.id', 'avatars.name', 'avatars.ecdh_public_key', 'accounts.roles', 'accounts.partition_id'])
    .where('avatars.space_id', '=', spaceId)
    .where('avatars.is_primary', '=', 1)
    .where('accounts.id', '<>', accountId)
    .where((eb) => eb.or([eb('accounts.roles', 'like', '%treasurer%'), eb('accounts.roles', 'like', '%delegate%')]))
    .orderBy('avatars.id')
    .execute();
  return rows
    .map((r) => ({ ...r, roles: r.roles.split(',') }))
    .filter(
      (r) => r.roles.includes('treasurer') || (r.roles.includes('delegate') && partitionId !== null && r.partition_id === partitionId),
    )
    .map((r) => ({
      avatarId: r.id,
      name: r.name,
      ecdhPublicKey: r.ecdh_public_key,
      role: r.roles.includes('treasurer') ? ('treasurer' as const) : ('delegate' as const),
    }));
}

/** The treasurer's alert address, when the other side of an urgent chat is the treasurer's primary avatar and it gave one. */
export async function treasurerAlertOf(tx: Tx, spaceId: number, avatarId: string) {
  const row = await tx
    .selectFrom('avatars')
    .innerJoin('accounts', (join) =>
      join.onRef('accounts.space_id', '=', 'avatars.space_id').onRef('accounts.id', '=', 'avatars.account_id'),
    )
    .select(['accounts.roles', 'accounts.alert_address', 'accounts.alert_language'])
    .where('avatars.space_id', '=', spaceId)
    .where('avatars.id', '=', avatarId)
    .where('avatars.is_primary', '=', 1)
    .executeTakeFirst();
  if (!row || !row.roles.split(',').includes('treasurer') || !row.alert_address) return null;
  return { address: row.alert_address, language: row.alert_language ?? 'en' };
}
