import { describe, expect, it } from 'vitest';
import { newScopedId } from '../shared/ids.js';
import { rekeyId, rekeyName, rekeyRow } from './tables.js';

describe('re-keying to another space number', () => {
  it('changes the space number of the ids of the space, and nothing else', () => {
    const avatar = newScopedId(10, 'avatar');
    const note = newScopedId(10, 'note');
    const other = newScopedId(12, 'note');
    expect(rekeyId(avatar, 10, 37)).toBe(`37${avatar.slice(2)}`);
    expect(rekeyId(other, 10, 37)).toBe(other);
    expect(rekeyId('Default', 10, 37)).toBe('Default');
    expect(rekeyId('1000', 10, 37)).toBe('1000');
    expect(rekeyName(`avatars/${avatar}/${note}`, 10, 37)).toBe(`avatars/37${avatar.slice(2)}/37${note.slice(2)}`);
    expect(rekeyRow('notes', { space_id: 10, id: note, subtree: avatar, parent_id: null, payload: note, size: 3 }, 10, 37)).toEqual({
      space_id: 37,
      id: `37${note.slice(2)}`,
      subtree: `37${avatar.slice(2)}`,
      parent_id: null,
      // Content is never touched, whatever it looks like.
      payload: note,
      size: 3,
    });
    expect(rekeyRow('spaces', { id: 10, org_code: 'asso' }, 10, 37)).toEqual({ id: 37, org_code: 'asso' });
  });
});
