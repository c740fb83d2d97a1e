import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NoteFiles } from '../files/NoteFiles';
import { draftOf, useDrafts } from './drafts';
import { Formatted } from './Formatted';
import { NoteEditor } from './NoteEditor';
import type { MovePlace, NoteActions } from './actions';
import { noteAnchor, type Entry } from './tree';

/**
 * One note of the tree: its formatted text and hashtags, and what can be done to it (edit in place,
 * write a note under it, move it, delete it after a confirmation). A note that cannot be read is
 * shown as damaged, and can be deleted.
 */
export const NoteItem = memo(function NoteItem({
  entry,
  childCount,
  open,
  childrenId,
  place,
  actions,
  readOnly,
  revision,
}: {
  entry: Entry;
  childCount: number;
  open: boolean;
  /** The id of the list of its children, which its toggle controls. */
  childrenId: string;
  place: MovePlace;
  actions: NoteActions;
  readOnly: boolean;
  /** The perimeter's revision (ReadNotes), which the note's files follow. */
  revision: number;
}) {
  const { t } = useTranslation();
  const drafts = useDrafts();
  const note = entry.note;
  const [editing, setEditing] = useState(() => drafts.found.has(draftOf.edit(entry.id)));
  const [adding, setAdding] = useState(() => drafts.found.has(draftOf.under(entry.id)));
  const [confirming, setConfirming] = useState(false);

  const toggle = childCount > 0 && (
    <button
      type="button"
      className="toggle"
      aria-expanded={open}
      aria-controls={open ? childrenId : undefined}
      onClick={() => actions.toggle(entry.id)}
    >
      <span aria-hidden="true">{open ? '▾' : '▸'}</span> {t('tree.children', { count: childCount })}
    </button>
  );
  const remove = confirming ? (
    <>
      <button type="button" className="danger" onClick={() => void actions.remove(entry.id)}>
        {t('notes.confirmDelete')}
      </button>
      <button type="button" className="secondary" onClick={() => setConfirming(false)}>
        {t('notes.cancel')}
      </button>
    </>
  ) : (
    <button type="button" className="secondary" onClick={() => setConfirming(true)}>
      {t('notes.delete')}
    </button>
  );

  if (!note)
    return (
      <div className="note damaged" id={noteAnchor(entry.id)} tabIndex={-1}>
        <p>
          <strong>{t('tree.damaged')}</strong> {t('tree.damagedWhy')}
        </p>
        <div className="actions">
          {toggle}
          {place === 'none' && !readOnly && remove}
        </div>
      </div>
    );
  if (editing)
    return (
      <div className="note" id={noteAnchor(entry.id)} tabIndex={-1}>
        <NoteEditor
          initial={note}
          draftId={draftOf.edit(note.id)}
          onSave={async (content) => {
            const saved = await actions.edit(note, content);
            if (saved) setEditing(false);
            return saved;
          }}
          onCancel={() => setEditing(false)}
        />
      </div>
    );
  return (
    <div className={place === 'moving' ? 'note moving' : 'note'} id={noteAnchor(entry.id)} tabIndex={-1}>
      <Formatted text={note.text} />
      {note.hashtags.length > 0 && <p className="hashtags">{note.hashtags.map((h) => `#${h}`).join(' ')}</p>}
      <NoteFiles noteId={note.id} changed={revision} />
      <div className="actions">
        {toggle}
        {place === 'target' && (
          <button type="button" onClick={() => void actions.moveUnder(note.id)}>
            {t('tree.putHere')}
          </button>
        )}
        {place === 'none' && !readOnly && (
          <>
            <button type="button" className="secondary" onClick={() => setEditing(true)}>
              {t('notes.edit')}
            </button>
            <button type="button" className="secondary" aria-expanded={adding} onClick={() => setAdding(!adding)}>
              {t('tree.addUnder')}
            </button>
            <button type="button" className="secondary" onClick={() => actions.startMove(note.id)}>
              {t('tree.move')}
            </button>
            {remove}
          </>
        )}
        {place === 'moving' && <span className="tag">{t('tree.beingMoved')}</span>}
      </div>
      {adding && (
        <NoteEditor
          draftId={draftOf.under(note.id)}
          onSave={async (content) => {
            const saved = await actions.create(note.id, content);
            if (saved) setAdding(false);
            return saved;
          }}
          onCancel={() => setAdding(false)}
        />
      )}
    </div>
  );
});
