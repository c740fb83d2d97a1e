import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { noteTextMaxLength } from '../../../src/shared/limits.js';
import type { NoteContent } from '../../../src/client/notes.js';
import { Field } from '../ui/fields';

/** Words separated by spaces or commas, `#` optional: a note's hashtags. */
export function parseHashtags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map((h) => h.replace(/^#+/, ''))
        .filter(Boolean),
    ),
  ];
}

/** A note's text and hashtags, with a counter of characters left; `onSave` writes it. */
export function NoteEditor({
  initial,
  onSave,
  onCancel,
}: {
  initial?: NoteContent;
  onSave: (content: NoteContent) => Promise<void>;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState(initial?.text ?? '');
  const [hashtags, setHashtags] = useState((initial?.hashtags ?? []).map((h) => `#${h}`).join(' '));
  const [saving, setSaving] = useState(false);
  const length = [...text].length;
  const over = length > noteTextMaxLength;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    try {
      await onSave({ text, hashtags: parseHashtags(hashtags) });
      if (!initial) {
        setText('');
        setHashtags('');
      }
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="editor" onSubmit={(e) => void submit(e)}>
      <label htmlFor={`${id}-text`}>{t('notes.text')}</label>
      <textarea
        id={`${id}-text`}
        rows={initial ? 6 : 3}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-describedby={`${id}-count`}
      />
      <small id={`${id}-count`} className={over ? 'problem' : undefined} aria-live="polite">
        {t('notes.length', { length, max: noteTextMaxLength })}
      </small>
      <Field id={`${id}-tags`} label={t('notes.hashtags')} value={hashtags} onValue={setHashtags} placeholder="#budget #2027" />
      <div className="actions">
        <button type="submit" disabled={saving || over || text.trim() === ''}>
          {initial ? t('notes.save') : t('notes.add')}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            {t('notes.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
