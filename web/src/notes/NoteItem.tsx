import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Note, NoteContent } from '../../../src/client/notes.js';
import { NoteFiles } from '../files/NoteFiles';
import { NoteEditor } from './NoteEditor';

/** A note as text (never as HTML), with its hashtags; edit in place, delete after a confirmation. */
export function NoteItem({
  note,
  onEdit,
  onDelete,
}: {
  note: Note;
  onEdit: (content: NoteContent) => Promise<void>;
  onDelete: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  if (editing)
    return (
      <li className="note">
        <NoteEditor
          initial={note}
          onSave={async (content) => {
            await onEdit(content);
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      </li>
    );
  return (
    <li className="note">
      <p>{note.text}</p>
      {note.hashtags.length > 0 && <p className="hashtags">{note.hashtags.map((h) => `#${h}`).join(' ')}</p>}
      <NoteFiles noteId={note.id} changed={note} />
      <div className="actions">
        <button type="button" className="secondary" onClick={() => setEditing(true)}>
          {t('notes.edit')}
        </button>
        {confirming ? (
          <>
            <button type="button" className="danger" onClick={() => void onDelete()}>
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
        )}
      </div>
    </li>
  );
}
