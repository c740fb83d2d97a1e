import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { setCard } from '../../../src/client/membership.js';
import type { Card } from '../../../src/client/sealing.js';
import { cardTextMaxLength } from '../../../src/shared/limits.js';
import { useReadOnly } from '../session/read-only';
import { useSession } from '../session/session';
import { Problem } from '../ui/fields';
import { useAction } from '../ui/use-action';
import { CardView } from './CardView';
import { cardThumbnail, photoUrl } from './thumbnail';

/** Edits one of the account's avatars' card: a photo made small in the browser, and a short text. */
export function CardEditor({
  avatarId,
  who,
  card,
  onSaved,
}: {
  avatarId: string;
  who: string;
  card: Card | null;
  onSaved: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const { client } = useSession();
  const readOnly = useReadOnly();
  const [text, setText] = useState(card?.text ?? '');
  const [photo, setPhoto] = useState<Uint8Array | null>(card?.photo ?? null);
  const [done, setDone] = useState<string | null>(null);
  const { busy, problem, setProblem, run } = useAction();
  // The card arrives (or changes) after the editor opens: what it holds becomes what is edited.
  useEffect(() => {
    setText(card?.text ?? '');
    setPhoto(card?.photo ?? null);
  }, [card]);

  const pick = (file: File | undefined) => {
    if (!file) return;
    setDone(null);
    void run(async () => {
      const thumbnail = await cardThumbnail(file);
      if (thumbnail) setPhoto(thumbnail);
      else setProblem(t('membership.photoUnreadable'));
    });
  };

  const save = (next: Card | null, message: string) =>
    void run(async () => {
      await setCard(client, avatarId, next);
      await onSaved();
      setDone(message);
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    save({ text, photo }, t('membership.cardSaved'));
  };

  return (
    <section className="card-editor" aria-labelledby={`card-${avatarId}`}>
      <h3 id={`card-${avatarId}`}>{t('membership.cardOf', { avatar: who })}</h3>
      <p className="muted">{t('membership.cardIntro')}</p>
      <CardView card={card} who={who} />
      {!readOnly && (
        <details>
          <summary>{t('membership.editCard')}</summary>
          <form onSubmit={submit}>
            <span className="photo-title">{t('membership.photo')}</span>
            <div className="photo-row">
              {photo ? (
                <img className="photo-preview" src={photoUrl(photo)} alt={t('membership.photoAlt', { avatar: who })} />
              ) : (
                <span className="muted">{t('membership.noPhoto')}</span>
              )}
              <span className="photo-pick">
                <input id={`photo-${avatarId}`} type="file" accept="image/*" onChange={(e) => pick(e.target.files?.[0])} />
                <label htmlFor={`photo-${avatarId}`}>{t('membership.choosePhoto')}</label>
              </span>
              {photo && (
                <button type="button" className="secondary" onClick={() => setPhoto(null)}>
                  {t('membership.removePhoto')}
                </button>
              )}
            </div>
            <label htmlFor={`card-text-${avatarId}`}>{t('membership.cardText')}</label>
            <textarea
              id={`card-text-${avatarId}`}
              rows={3}
              maxLength={cardTextMaxLength}
              value={text}
              onChange={(e) => setText(e.target.value)}
              aria-describedby={`card-length-${avatarId}`}
            />
            <small id={`card-length-${avatarId}`}>{t('membership.cardLength', { length: [...text].length, max: cardTextMaxLength })}</small>
            <div className="actions">
              <button type="submit" disabled={busy}>
                {t('membership.saveCard')}
              </button>
              {card && (
                <button type="button" className="secondary" disabled={busy} onClick={() => save(null, t('membership.cardErased'))}>
                  {t('membership.eraseCard')}
                </button>
              )}
            </div>
            <Problem text={problem} />
          </form>
        </details>
      )}
      {done && <p role="status">{done}</p>}
    </section>
  );
}
