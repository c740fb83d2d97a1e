import { describe, expect, it } from 'vitest';
import type { Note } from '../../src/client/notes.js';
import { matches, queryWords, searchable } from '../../web/src/notes/search.js';
import { ancestors, buildTree, subtree, withAncestors } from '../../web/src/notes/tree.js';

// The notes screen's tree and search, apart from the browser: what it shows for a given set of notes.

const note = (id: string, parentId: string | null, text = id, hashtags: string[] = [], createdAt = 0): Note => ({
  id,
  avatarId: 'avatar',
  parentId,
  version: 1,
  text,
  hashtags,
  createdAt,
  updatedAt: createdAt,
});

describe('notes tree', () => {
  it('puts each note under its parent, newest first, a note whose parent is unknown at the top, an altered note at its place', () => {
    const tree = buildTree(
      [note('a', null, 'a', [], 1), note('b', null, 'b', [], 2), note('a1', 'a'), note('lost', 'gone')],
      [{ id: 'x', avatarId: 'avatar', parentId: 'a', version: 3 }],
    );
    expect(tree.children.get(null)!.map((e) => e.id)).toEqual(['b', 'a', 'lost']);
    expect(tree.children.get('a')!.map((e) => [e.id, e.note === null])).toEqual([
      ['x', true],
      ['a1', false],
    ]);
  });

  it('finds ancestors, subtrees and matches with their ancestors among 10,000 notes', () => {
    // A chain 0 → 1 → … → 99, and 9,900 notes hanging from it.
    const notes = Array.from({ length: 10_000 }, (_, i) => note(`n${i}`, i === 0 ? null : `n${i < 100 ? i - 1 : i % 100}`));
    const tree = buildTree(notes, []);
    expect(ancestors(tree, 'n5')).toEqual(['n4', 'n3', 'n2', 'n1', 'n0']);
    // n98 and n99, and the 99 notes hanging from each.
    expect(subtree(tree, 'n98').size).toBe(2 + 2 * 99);
    expect(subtree(tree, 'n0').size).toBe(10_000);
    const shown = withAncestors(tree, ['n150', 'n250']);
    expect([...shown].sort()).toEqual([...['n150', 'n250'], ...Array.from({ length: 51 }, (_, i) => `n${i}`)].sort());
  });

  it('searches text and hashtags whatever the case and accents, and keeps the notes with every hashtag asked', () => {
    const meeting = note('m', null, 'Réunion du **Comité**', ['Fête', 'bureau']);
    const words = (q: string) => matches(searchable(meeting), meeting, queryWords(q), new Set());
    expect(words('reunion COMITE')).toBe(true);
    expect(words('#fete')).toBe(true);
    expect(words('reunion budget')).toBe(false);
    const tagged = (...tags: string[]) => matches(searchable(meeting), meeting, [], new Set(tags));
    expect(tagged('fete', 'bureau')).toBe(true);
    expect(tagged('fete', 'finance')).toBe(false);
  });
});
