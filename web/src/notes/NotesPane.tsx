import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IlotClient } from '../../../src/client/client.js';
import { createNote, deleteNote, editNote, type AlteredNote, type Note } from '../../../src/client/notes.js';
import { useReadOnly } from '../session/read-only';
import { ReadOnlyNote } from '../session/ReadOnlyNote';
import { draftOf, useDrafts } from './drafts';
import { excerpt } from './format';
import { NoteEditor } from './NoteEditor';
import { NoteFilters } from './NoteFilters';
import type { NoteActions } from './actions';
import { NoteList, TreeContext, type TreeView } from './NoteTree';
import { fold, matches, queryWords, searchable } from './search';
import { ancestors, buildTree, noteAnchor, subtree, withAncestors } from './tree';
import './notes.css';

/**
 * An avatar's notes: a new note, the search and hashtag filters, and the tree. `write` runs a
 * change, brings what it changed, and says whether it was done (a failure is told by the screen).
 */
export function NotesPane({
  client,
  avatarId,
  notes,
  altered,
  revision,
  write,
}: {
  client: IlotClient;
  avatarId: string;
  notes: readonly Note[];
  altered: readonly AlteredNote[];
  revision: number;
  write: (change: () => Promise<unknown>) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const drafts = useDrafts();
  const readOnly = useReadOnly();
  const mine = useMemo(() => notes.filter((n) => n.avatarId === avatarId), [notes, avatarId]);
  const mineAltered = useMemo(() => altered.filter((n) => n.avatarId === avatarId), [altered, avatarId]);
  const tree = useMemo(() => buildTree(mine, mineAltered), [mine, mineAltered]);

  // Open at first: the notes above an edit kept as a draft, so that it shows again.
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => {
    const open = new Set<string>();
    for (const id of drafts.found.keys()) {
      const [, noteId] = id.split(':');
      if (!id.startsWith('new:') && noteId) for (const above of ancestors(tree, noteId)) open.add(above);
    }
    return open;
  });
  const expand = useCallback((id: string | null) => {
    if (id !== null) setExpanded((open) => (open.has(id) ? open : new Set(open).add(id)));
  }, []);

  const [query, setQuery] = useState('');
  const [tags, setTags] = useState<ReadonlySet<string>>(new Set());
  const searched = useDeferredValue(query);
  // Folded on the first search, then again only for the notes that changed.
  const folded = useRef(new Map<string, { version: number; text: string }>());
  const hashtags = useMemo(() => {
    const all = new Map<string, string>();
    for (const n of mine) for (const h of n.hashtags) if (!all.has(fold(h))) all.set(fold(h), h);
    return new Map([...all].sort(([a], [b]) => a.localeCompare(b)));
  }, [mine]);
  const found = useMemo(() => {
    const words = queryWords(searched);
    if (words.length === 0 && tags.size === 0) return null;
    const textOf = (note: Note) => {
      const known = folded.current.get(note.id);
      if (known?.version === note.version) return known.text;
      const text = searchable(note);
      folded.current.set(note.id, { version: note.version, text });
      return text;
    };
    const hits = mine.filter((n) => matches(textOf(n), n, words, tags)).map((n) => n.id);
    return { count: hits.length, shown: withAncestors(tree, hits) };
  }, [searched, tags, mine, tree]);

  const [moving, setMoving] = useState<string | null>(null);
  const movingView = useMemo(() => {
    const entry = moving ? tree.byId.get(moving) : undefined;
    if (!entry?.note) return null;
    const barred = subtree(tree, entry.id);
    if (entry.parentId) barred.add(entry.parentId);
    return { id: entry.id, note: entry.note, barred };
  }, [moving, tree]);
  const latest = useRef(movingView);
  latest.current = movingView;
  // Focus follows a move: to the bar that explains it when it starts, back to the note when it ends.
  const moveBar = useRef<HTMLDivElement>(null);
  const focusNext = useRef<string | null>(null);
  const movingId = movingView?.id;
  useEffect(() => {
    if (movingId) moveBar.current?.focus();
  }, [movingId]);
  useEffect(() => {
    const note = focusNext.current && document.getElementById(noteAnchor(focusNext.current));
    if (note) {
      focusNext.current = null;
      note.focus();
    }
  });
  const endMove = useCallback(() => {
    focusNext.current = latest.current?.id ?? null;
    setMoving(null);
  }, []);

  const actions = useMemo<NoteActions>(
    () => ({
      toggle: (id) =>
        setExpanded((open) => {
          const next = new Set(open);
          if (!next.delete(id)) next.add(id);
          return next;
        }),
      async create(parentId, content) {
        const done = await write(() => createNote(client, avatarId, content, parentId));
        if (done) expand(parentId);
        return done;
      },
      edit: (note, content) => write(() => editNote(client, note.id, { ...content, createdAt: note.createdAt })),
      remove: (id) => write(() => deleteNote(client, id)),
      startMove: setMoving,
      async moveUnder(parentId) {
        const moved = latest.current;
        if (!moved) return false;
        const { note } = moved;
        const done = await write(() => editNote(client, note.id, note, parentId));
        if (done) {
          endMove();
          expand(parentId);
        }
        return done;
      },
    }),
    [client, avatarId, write, expand, endMove],
  );

  const view = useMemo<TreeView>(
    () => ({ tree, shown: found?.shown ?? null, expanded, moving: movingView, actions, readOnly, revision }),
    [tree, found, expanded, movingView, actions, readOnly, revision],
  );

  return (
    <TreeContext.Provider value={view}>
      {/* Escape ends a move from anywhere in the notes, as the bar's own button does. */}
      <div onKeyDown={(e) => e.key === 'Escape' && movingView && endMove()}>
        {readOnly ? (
          <ReadOnlyNote />
        ) : (
          <NoteEditor draftId={draftOf.newNote(avatarId)} onSave={(content) => actions.create(null, content)} />
        )}
        {tree.byId.size > 0 && (
          <NoteFilters
            query={query}
            onQuery={setQuery}
            hashtags={hashtags}
            chosen={tags}
            onToggle={(tag) =>
              setTags((chosen) => {
                const next = new Set(chosen);
                if (!next.delete(tag)) next.add(tag);
                return next;
              })
            }
          />
        )}
        {found && (
          <p className="muted" role="status">
            {t('tree.found', { count: found.count })}
          </p>
        )}
        {movingView && (
          <div className="move-bar" role="status" ref={moveBar} tabIndex={-1}>
            <p>{t('tree.moving', { note: excerpt(movingView.note.text) })}</p>
            <div className="actions">
              {movingView.note.parentId !== null && (
                <button type="button" onClick={() => void actions.moveUnder(null)}>
                  {t('tree.toTop')}
                </button>
              )}
              <button type="button" className="secondary" onClick={endMove}>
                {t('tree.cancelMove')}
              </button>
            </div>
          </div>
        )}
        {tree.byId.size === 0 && <p className="muted">{t('space.noNotes')}</p>}
        <NoteList parentId={null} />
      </div>
    </TreeContext.Provider>
  );
}
