import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { LiveSync } from '../../../src/client/live.js';
import { announceSpaceChange } from '../membership/space-changes';
import { createAvatar } from '../../../src/client/membership.js';
import { catchUp, type NoteContent } from '../../../src/client/notes.js';
import { describeError } from '../i18n/describe-error';
import { CardEditor } from '../membership/CardEditor';
import { useOwnCards } from '../membership/cards';
import { photoUrl } from '../membership/thumbnail';
import { dropDraft, keepDraft, openDrafts } from '../local/drafts';
import { DraftsContext, type Drafts } from '../notes/drafts';
import { NotesPane } from '../notes/NotesPane';
import type { ReadNotes } from '../local/opened-notes';
import { useReadOnly } from '../session/read-only';
import { avatarLabel, useSession } from '../session/session';
import { markPainted } from '../ui/marks';
import { Field, Problem } from '../ui/fields';

/**
 * The signed-in account: its avatars and, for the one chosen, its notes. The account's perimeter
 * is fetched here, opened in memory only (OpenedNotes), and kept current by the live channel: what
 * other sessions and members change shows without a reload. Notes that cannot be read (altered)
 * are kept apart and shown as damaged; drafts left by a reload of the tab are opened here.
 */
export function Space() {
  const { t, i18n } = useTranslation();
  const { client, account, notes: opened, mode, signOut, accountChanged } = useSession();
  const navigate = useNavigate();
  const avatars = account?.avatars ?? [];
  const [chosen, setChosen] = useState(avatars[0]?.id);
  const [notes, setNotes] = useState<ReadNotes | null>(null);
  const [found, setFound] = useState<Map<string, NoteContent> | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const cards = useOwnCards();
  const readOnly = useReadOnly();
  const language = useRef(i18n.language);
  language.current = i18n.language;

  // The notes as opened in memory: unchanged, the same object, and nothing renders again.
  const show = useCallback(() => opened && setNotes(opened.read()), [opened]);
  const fail = useCallback((error: unknown) => setProblem(describeError(error, language.current)), []);

  useEffect(() => {
    if (!opened) return;
    // Offline, what the browser kept is read as it is: nothing is pulled.
    if (client.isOffline) {
      opened.loaded().then(show).catch(fail);
      return;
    }
    const live = new LiveSync(client, opened, {
      onChange: show,
      onEnded: () => void signOut().finally(() => navigate('/')),
      onSpaceChanged: announceSpaceChange,
    });
    // A synced store holds the perimeter as last seen: it shows while the live channel catches up.
    if (mode === 'synced') opened.loaded().then(show).catch(fail);
    live.start().then(show).catch(fail);
    return () => live.stop();
  }, [client, opened, mode, show, fail, signOut, navigate]);

  useEffect(() => {
    void openDrafts(client.member.keys.accountKey).then(setFound, () => setFound(new Map()));
  }, [client]);
  const drafts = useMemo<Drafts | null>(
    () =>
      found && {
        found,
        keep: (id, content) =>
          keepDraft(client.member.keys.accountKey, id, content).catch((error: unknown) => {
            fail(error);
            return false;
          }),
        drop(id) {
          found.delete(id);
          dropDraft(id);
        },
      },
    [found, client, fail],
  );

  const shown = notes !== null && drafts !== null;
  useEffect(() => {
    if (shown) markPainted('notes-shown');
  }, [shown]);

  /** A write, then what it changed pulled at once (the live channel would bring it too, a moment later); says whether it was done. */
  const write = useCallback(
    async (change: () => Promise<unknown>) => {
      setProblem(null);
      try {
        await change();
        await catchUp(client, opened!);
        show();
        return true;
      } catch (error) {
        fail(error);
        return false;
      }
    },
    [client, opened, show, fail],
  );

  const [avatarName, setAvatarName] = useState('');
  async function newAvatar(event: FormEvent) {
    event.preventDefault();
    await write(async () => {
      const created = await createAvatar(client, avatarName.trim());
      setAvatarName('');
      accountChanged();
      setChosen(created.id);
    });
  }

  return (
    <div className="space">
      <nav className="card" aria-labelledby="avatars-title">
        <h2 id="avatars-title">{t('space.avatars')}</h2>
        <ul className="avatars">
          {avatars.map((a, i) => (
            <li key={a.id}>
              <button type="button" aria-pressed={a.id === chosen} onClick={() => setChosen(a.id)}>
                {cards.of(a.id)?.photo && <img className="avatar-photo" src={photoUrl(cards.of(a.id)!.photo!)} alt="" />}
                {avatarLabel(a)}
                {i === 0 && <span className="tag">{t('space.primary')}</span>}
              </button>
            </li>
          ))}
        </ul>
        {chosen && (
          <CardEditor
            key={chosen}
            avatarId={chosen}
            who={avatarLabel(avatars.find((a) => a.id === chosen)!)}
            card={cards.of(chosen)}
            onSaved={cards.reload}
          />
        )}
        {!readOnly && (
          <form onSubmit={(e) => void newAvatar(e)}>
            <Field id="new-avatar" label={t('space.newAvatar')} value={avatarName} onValue={setAvatarName} maxLength={40} required />
            <button type="submit" className="secondary">
              {t('space.createAvatar')}
            </button>
          </form>
        )}
      </nav>
      <section className="card" aria-labelledby="notes-title" aria-busy={notes === null}>
        <h2 id="notes-title">{t('space.notes')}</h2>
        <Problem text={problem} />
        {notes === null && !problem && <p className="muted">{t('space.loading')}</p>}
        {chosen && notes && drafts && (
          <DraftsContext.Provider value={drafts}>
            <NotesPane
              key={chosen}
              client={client}
              avatarId={chosen}
              notes={notes.notes}
              altered={notes.altered}
              revision={notes.revision}
              write={write}
            />
          </DraftsContext.Provider>
        )}
      </section>
    </div>
  );
}
