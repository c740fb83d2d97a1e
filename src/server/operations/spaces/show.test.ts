import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { attachFile } from '../../../client/files.js';
import { createNote } from '../../../client/notes.js';
import { source } from '../../../../test/support/files.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatedSite, spaceWithTreasurer } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';

describeEngines('space.show', (engine) => {
  const site = operatedSite(engine);

  it('shows a space to observers too, counting its accounts', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url, { maxAccounts: 20 });
    const space = await site.oscar.call('space.show', { orgCode: treasurer.orgCode });
    expect(space).toMatchObject({ orgCode: treasurer.orgCode, number: 10, state: 'open', usage: { accounts: 1 } });
    expect(space.quotas.maxAccounts).toBe(20);
  });

  it('counts the documents and file volume of the whole space, uploads under way included', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const empty = await site.oscar.call('space.show', { orgCode: treasurer.orgCode });
    expect(empty.usage).toEqual({ accounts: 1, documents: 0, volumeBytes: 0 });
    const client = treasurer.client;
    const avatar = client.member.avatars[0]!.id;
    const note = await createNote(client, avatar, { text: 'one', hashtags: [] });
    await createNote(client, avatar, { text: 'two', hashtags: [] });
    const file = await attachFile(client, note.id, source('a.bin', randomBytes(5000)));
    await client.call('file.reserve', { noteId: note.id, nameTag: 'c'.repeat(43), size: 10, meta: 'bWV0YQ' });
    const stored = await site.server.store.db.selectFrom('files').select('size').where('id', '=', file.id).executeTakeFirstOrThrow();
    const { usage } = await site.oscar.call('space.show', { orgCode: treasurer.orgCode });
    expect(usage).toEqual({ accounts: 1, documents: 2, volumeBytes: stored.size + 10 });
    // Another space's figures are its own.
    const other = await spaceWithTreasurer(site.server.url);
    expect((await site.oscar.call('space.show', { orgCode: other.orgCode })).usage).toEqual({ accounts: 1, documents: 0, volumeBytes: 0 });
  });

  it('answers SPACE_NOT_FOUND for an org code no space has', async () => {
    expect((await refusal(site.oscar.call('space.show', { orgCode: 'nope' }))).code).toBe('SPACE_NOT_FOUND');
    expect((await refusal(site.oscar.call('space.show', { orgCode: 'admin' }))).code).toBe('SPACE_NOT_FOUND');
  });
});
