import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { LiveSync } from '../../../src/client/live.js';
import { createAvatar } from '../../../src/client/membership.js';
import { catchUp, createNote, deleteNote, editNote, readNotes, type Note, type NoteContent } from '../../../src/client/notes.js';
import { describeError } from '../i18n/describe-error';
import { NoteEditor } from '../notes/NoteEditor';
import { NoteItem } from '../notes/NoteItem';
import { avatarLabel, useSession } from '../session/session';
import { Field, Problem } from '../ui/fields';

/**
 * The signed-in account: its avatars and, for the one chosen, its notes. The account's perimeter
 * is fetched and decrypted here, kept in memory only, and kept current by the live channel: what
 * other sessions and members change shows without a reload.
 */
export function Space() {
  const { t, i18n } = useTranslation();
  const { client, account, store, signOut, accountChanged } = useSession();
  const navigate = useNavigate();
  const avatars = account?.avatars ?? [];
  const [chosen, setChosen] = useState(avatars[0]?.id);
  const [notes, setNotes] = useState<Note[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const language = useRef(i18n.language);
  language.current = i18n.language;

  const refresh = useCallback(async () => {
    setNotes(await readNotes(client, store));
  }, [client, store]);
  const fail = useCallback((error: unknown) => setProblem(describeError(error, language.current)), []);

  useEffect(() => {
    // Offline, what the browser kept is read as it is: nothing is pulled.
    if (client.isOffline) {
      refresh().catch(fail);
      return;
    }
    const live = new LiveSync(client, store, {
      onChange: () => void refresh().catch(fail),
      onEnded: () => void signOut().finally(() => navigate('/')),
    });
    live.start().then(refresh).catch(fail);
    return () => live.stop();
  }, [client, store, refresh, fail, signOut, navigate]);

  /** A write, then what it changed pulled at once (the live channel would bring it too, a moment later). */
  const write = (change: () => Promise<unknown>) => async () => {
    setProblem(null);
    try {
      await change();
      await catchUp(client, store);
      await refresh();
    } catch (error) {
      fail(error);
    }
  };

  const [avatarName, setAvatarName] = useState('');
  async function newAvatar(event: FormEvent) {
    event.preventDefault();
    await write(async () => {
      const created = await createAvatar(client, avatarName.trim());
      setAvatarName('');
      accountChanged();
      setChosen(created.id);
    })();
  }

  const shown = (notes ?? []).filter((n) => n.avatarId === chosen).sort((a, b) => b.updatedAt - a.updatedAt);
  return (
    <div className="space">
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
        <form onSubmit={(e) => void newAvatar(e)}>
          <Field id="new-avatar" label={t('space.newAvatar')} value={avatarName} onValue={setAvatarName} maxLength={40} required />
          <button type="submit" className="secondary">
            {t('space.createAvatar')}
          </button>
        </form>
      </nav>
      <section className="card" aria-labelledby="notes-title" aria-busy={notes === null}>
        <h2 id="notes-title">{t('space.notes')}</h2>
        <Problem text={problem} />
        {chosen && <NoteEditor onSave={(content: NoteContent) => write(() => createNote(client, chosen, content))()} />}
        {notes === null && !problem && <p className="muted">{t('space.loading')}</p>}
        {notes !== null && shown.length === 0 && <p className="muted">{t('space.noNotes')}</p>}
        <ul className="notes">
          {shown.map((n) => (
            <NoteItem
              key={n.id}
              note={n}
              onEdit={(content) => write(() => editNote(client, n.id, { ...content, createdAt: n.createdAt }))()}
              onDelete={write(() => deleteNote(client, n.id))}
            />
          ))}
        </ul>
      </section>
    </div>
  );
}
