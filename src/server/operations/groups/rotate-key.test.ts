import { afterAll, beforeAll, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url, unwrapKeyFrom } from '../../../shared/crypto/index.js';
import {
  avatarEcdhKey,
  findGroup,
  groupPurposes,
  leaveGroup,
  postInGroupChat,
  readGroupChat,
  rotateGroupKey,
} from '../../../client/groups.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { allAccesses, avatarOf, groupRows, groupWithContacts, join } from '../../../../test/support/groups.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('group.rotateKey, keyHolders', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it('after a departure, writes wait for a rotated key that the departed member does not hold', async () => {
    const { treasurer, others, groupId, group } = await groupWithContacts(server.url, ['Bob', 'Carol']);
    const [bob, carol] = others as [typeof treasurer, typeof treasurer];
    await join(treasurer, groupId, bob, allAccesses);
    const carolsGroup = await join(treasurer, groupId, carol, allAccesses);
    await postInGroupChat(treasurer.client, await group(), 'avant le départ');
    // Bob kept a copy of what he held: the key of version 1.
    const bobsOldCopy = (await groupRows(server, groupId)).copies.find((c) => c.avatar_id === avatarOf(bob))!;
    await leaveGroup(bob.client, await findGroup(bob.client, groupId), { forget: false });

    // A write under the old key is refused until someone rotates.
    expect(
      (await refusal(carol.client.call('group.postChat', { groupId, avatarId: avatarOf(carol), keyVersion: 1, length: 1, text: 'eA' })))
        .code,
    ).toBe('GROUP_KEY_ROTATION_DUE');
    // Carol's client rotates, then writes.
    const { group: rotated } = await postInGroupChat(carol.client, carolsGroup, 'après le départ');
    expect(rotated.keyVersion).toBe(2);

    const rows = await groupRows(server, groupId);
    expect([rows.group[0]!.key_version, rows.group[0]!.rotation_due]).toEqual([2, 0]);
    // Read from the database: every remaining member holds version 2; Bob holds no copy of it.
    expect(rows.copies.map((c) => [c.avatar_id, c.version]).sort()).toEqual(
      [
        [avatarOf(treasurer), 2],
        [avatarOf(carol), 2],
      ].sort(),
    );
    expect(rows.copies.some((c) => c.avatar_id === avatarOf(bob))).toBe(false);
    // With his old copy, Bob opens version 1 only: the new item is sealed under version 2.
    const bobsKey = await unwrapKeyFrom(
      await avatarEcdhKey(bob.client, avatarOf(bob)),
      fromBase64Url(bobsOldCopy.sealed_key),
      groupPurposes.key,
    );
    const newest = rows.chat.at(-1)!;
    expect(newest.key_version).toBe(2);
    expect(toBase64Url(bobsKey)).toBe(toBase64Url((await findGroup(carol.client, groupId)).keys.get(1)!));
    expect(toBase64Url(bobsKey)).not.toBe(toBase64Url(rotated.keys.get(2)!));
    // The remaining members read both items, the old through the chain of keys.
    expect((await readGroupChat(treasurer.client, await group())).map((i) => i.text)).toEqual(['avant le départ', 'après le départ']);
  });

  it('refuses a rotation that omits a remaining member, includes a departed one, or is stale, writing nothing', async () => {
    const { treasurer, others, groupId, group } = await groupWithContacts(server.url, ['Bob', 'Carol']);
    const [bob, carol] = others as [typeof treasurer, typeof treasurer];
    await join(treasurer, groupId, bob, allAccesses);
    await join(treasurer, groupId, carol, allAccesses);
    await leaveGroup(bob.client, await findGroup(bob.client, groupId), { forget: false });
    const before = await groupRows(server, groupId);
    const copy = (avatarId: string) => ({ avatarId, key: 'a2V5' });
    const rotation = (copies: { avatarId: string; key: string }[], version = 2) =>
      treasurer.client.call('group.rotateKey', { groupId, avatarId: avatarOf(treasurer), version, previousKey: 'a2V5', copies });
    const omitted = await refusal(rotation([copy(avatarOf(treasurer))]));
    expect([omitted.code, omitted.details]).toEqual(['GROUP_KEY_HOLDERS_MISMATCH', { missing: [avatarOf(carol)], extra: [] }]);
    const departed = await refusal(rotation([copy(avatarOf(treasurer)), copy(avatarOf(carol)), copy(avatarOf(bob))]));
    expect([departed.code, departed.details]).toEqual(['GROUP_KEY_HOLDERS_MISMATCH', { missing: [], extra: [avatarOf(bob)] }]);
    expect((await refusal(rotation([copy(avatarOf(treasurer)), copy(avatarOf(treasurer)), copy(avatarOf(carol))]))).code).toBe(
      'GROUP_KEY_HOLDERS_MISMATCH',
    );
    expect((await refusal(rotation([copy(avatarOf(treasurer)), copy(avatarOf(carol))], 3))).code).toBe('GROUP_KEY_STALE');
    expect((await refusal(rotation([copy(avatarOf(treasurer)), { avatarId: avatarOf(carol), key: '%%' }]))).code).toBe('VALIDATION_FAILED');
    // Bob, gone, may not rotate.
    expect((await refusal(rotateGroupKey(bob.client, { ...(await group()), avatarId: avatarOf(bob) }))).code).toBe('GROUP_NOT_FOUND');
    expect(await groupRows(server, groupId)).toEqual(before);
  });
});
