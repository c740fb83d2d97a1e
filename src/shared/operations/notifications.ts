import { Type } from '@sinclair/typebox';
import { defineContract } from './contract.js';
import { ScopedId } from '../ids.js';
import { Nullable } from '../protocol.js';

/** The restrictions a notification may carry (PRODUCT.md H); the others come from the space's state or from quotas. */
export const NotificationRestriction = () => Type.Union([Type.Literal('read-only'), Type.Literal('minimal')]);

/**
 * A notification as the account it concerns sees it: the space's (the operator's), its partition's
 * or its own. Texts are in clear, like the operator's: they must be read by every account concerned,
 * and most accounts do not hold the space key.
 */
export const NotificationView = Type.Object({
  level: Type.Union([Type.Literal('space'), Type.Literal('partition'), Type.Literal('account')]),
  text: Type.String(),
  restriction: Nullable(NotificationRestriction()),
  at: Type.Integer({ description: 'when it was posted' }),
});

/** A restriction in force for the account, and where it comes from (see domain/restrictions.ts). */
export const RestrictionView = Type.Object({
  state: Type.Union([
    Type.Literal('no-growth'),
    Type.Literal('read-only'),
    Type.Literal('minimal'),
    Type.Literal('frozen'),
    Type.Literal('closed'),
  ]),
  level: Type.Union([Type.Literal('space'), Type.Literal('partition'), Type.Literal('account')]),
});

/**
 * The treasurer or a delegate of the partition posts (text) or clears (null) the notification of a
 * partition (`accountId` null) or of one of its accounts; an A account, which has no partition, is
 * named with `partitionId` null (the treasurer only). Posting again replaces it.
 */
export const setNotification = defineContract({
  name: 'notification.set',
  summary: 'Post or clear the notification of a partition or an account, with an optional restriction',
  input: Type.Object(
    {
      partitionId: Nullable(ScopedId({ description: "the partition, or the account's partition (null: an A account)" })),
      accountId: Nullable(ScopedId({ description: 'the account; null: every account of the partition' })),
      text: Nullable(Type.String({ minLength: 1, maxLength: 2000, description: 'null: clear it' })),
      restriction: Nullable(NotificationRestriction()),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ notification: Nullable(NotificationView) }),
});

/** A notification posted in a partition, as the treasurer and its delegates see it. */
export const PostedNotification = Type.Object({
  level: Type.Union([Type.Literal('partition'), Type.Literal('account')]),
  accountId: Nullable(ScopedId({ description: 'the account (level account)' })),
  text: Type.String(),
  restriction: Nullable(NotificationRestriction()),
  at: Type.Integer({ description: 'when it was posted' }),
});

/** The treasurer or a delegate of the partition: the notification of a partition and those of its accounts. */
export const listNotifications = defineContract({
  name: 'notification.list',
  summary: 'List the notifications of a partition and of its accounts',
  input: Type.Object({ partitionId: ScopedId({ description: 'the partition' }) }, { additionalProperties: false }),
  output: Type.Object({ notifications: Type.Array(PostedNotification, { description: "the partition's first, then its accounts'" }) }),
});
