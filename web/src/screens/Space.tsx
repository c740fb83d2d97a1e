import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { MemoryStore } from '../../../src/client/local-store.js';
import { catchUp, readNotes, type Note } from '../../../src/client/notes.js';
import { describeError } from '../i18n/describe-error';
import { avatarLabel, useSession } from '../session/session';

/** The signed-in account: its avatars and, for the one chosen, its notes (fetched and decrypted here). */
export function Space() {
  const { t, i18n } = useTranslation();
  const { client, account, signOut } = useSession();
  const navigate = useNavigate();
  const avatars = account?.avatars ?? [];
  const [chosen, setChosen] = useState(avatars[0]?.id);
  const [notes, setNotes] = useState<Note[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    const store = new MemoryStore();
    catchUp(client, store)
      .then(() => readNotes(client, store))
      .then((read) => current && setNotes(read))
      .catch((error: unknown) => current && setProblem(describeError(error, i18n.language)));
    return () => {
      current = false;
    };
  }, [client, i18n.language]);

  const shown = (notes ?? []).filter((n) => n.avatarId === chosen).sort((a, b) => b.updatedAt - a.updatedAt);
  return (
    <div className="space">
      <div className="who">
        <span>{t('space.signedInAs', { avatar: avatars[0] ? avatarLabel(avatars[0]) : '' })}</span>
        <button type="button" className="secondary" onClick={() => void signOut().then(() => navigate('/'))}>
          {t('space.signOut')}
        </button>
      </div>
      <nav className="card" aria-labelledby="avatars-title">
        <h2 id="avatars-title">{t('space.avatars')}</h2>
        <ul className="avatars">
          {avatars.map((a, i) => (
            <li key={a.id}>
              <button type="button" aria-pressed={a.id === chosen} onClick={() => setChosen(a.id)}>
                {avatarLabel(a)}
                {i === 0 && <span className="tag">{t('space.primary')}</span>}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <section className="card" aria-labelledby="notes-title" aria-busy={notes === null}>
        <h2 id="notes-title">{t('space.notes')}</h2>
        {problem && (
          <p className="problem" role="alert">
            {problem}
          </p>
        )}
        {notes === null && !problem && <p className="muted">{t('space.loading')}</p>}
        {notes !== null && shown.length === 0 && <p className="muted">{t('space.noNotes')}</p>}
        <ul className="notes">
          {shown.map((n) => (
            <li key={n.id} className="note">
              <p>{n.text}</p>
              {n.hashtags.length > 0 && <p className="hashtags">{n.hashtags.map((h) => `#${h}`).join(' ')}</p>}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
