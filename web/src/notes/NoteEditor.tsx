import { useDeferredValue, useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { noteTextMaxLength } from '../../../src/shared/limits.js';
import type { NoteContent } from '../../../src/client/notes.js';
import { Field } from '../ui/fields';
import { useDrafts } from './drafts';
import { Formatted } from './Formatted';

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

const tagsText = (hashtags: readonly string[]) => hashtags.map((h) => `#${h}`).join(' ');

/**
 * A note's text and hashtags, with a counter of characters left and a preview of the formatting;
 * `onSave` writes it and says whether it was written. Until then, the edit is kept as the draft
 * `draftId`, and comes back from it after a reload.
 */
export function NoteEditor({
  initial,
  draftId,
  onSave,
  onCancel,
}: {
  initial?: NoteContent;
  draftId: string;
  onSave: (content: NoteContent) => Promise<boolean>;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const drafts = useDrafts();
  const [start] = useState(() => drafts.found.get(draftId) ?? initial);
  const [text, setText] = useState(start?.text ?? '');
  const [hashtags, setHashtags] = useState(tagsText(start?.hashtags ?? []));
  const [saving, setSaving] = useState(false);
  // The preview follows typing without slowing it.
  const preview = useDeferredValue(text);
  const length = [...text].length;
  const over = length > noteTextMaxLength;

  const savedText = initial?.text ?? '';
  const savedTags = tagsText(initial?.hashtags ?? []);
  const changed = text !== savedText || hashtags !== savedTags;
  // Each change is sealed as the draft at once (a few microseconds): a reload loses nothing typed.
  const [kept, setKept] = useState(false);
  useEffect(() => {
    if (saving) return;
    if (!changed) {
      drafts.drop(draftId);
      return;
    }
    let current = true;
    void drafts.keep(draftId, { text, hashtags: parseHashtags(hashtags) }).then((stored) => current && setKept(stored));
    return () => {
      current = false;
      setKept(false);
    };
  }, [text, hashtags, changed, saving, draftId, drafts]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    try {
      if (!(await onSave({ text, hashtags: parseHashtags(hashtags) }))) return;
      drafts.drop(draftId);
      if (!initial) {
        setText('');
        setHashtags('');
      }
    } finally {
      setSaving(false);
    }
  }

  function cancel() {
    drafts.drop(draftId);
    setText(savedText);
    setHashtags(savedTags);
    onCancel?.();
  }

  return (
    <form className="editor" onSubmit={(e) => void submit(e)}>
      <label htmlFor={`${id}-text`}>{t('notes.text')}</label>
      <textarea
        id={`${id}-text`}
        rows={initial ? 6 : 3}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-describedby={`${id}-count ${id}-marks`}
      />
      <small id={`${id}-marks`}>{t('tree.marks')}</small>
      <small id={`${id}-count`} className={over ? 'problem' : undefined} aria-live="polite">
        {t('notes.length', { length, max: noteTextMaxLength })}
      </small>
      {preview.trim() !== '' && (
        <section className="preview" aria-labelledby={`${id}-preview`}>
          <h3 id={`${id}-preview`}>{t('tree.preview')}</h3>
          <Formatted text={preview} />
        </section>
      )}
      {changed && kept && <small>{t('tree.draftKept')}</small>}
      <Field id={`${id}-tags`} label={t('notes.hashtags')} value={hashtags} onValue={setHashtags} placeholder="#budget #2027" />
      <div className="actions">
        <button type="submit" disabled={saving || over || text.trim() === ''}>
          {initial ? t('notes.save') : t('notes.add')}
        </button>
        {(onCancel || changed) && (
          <button type="button" className="secondary" onClick={cancel}>
            {t('notes.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
