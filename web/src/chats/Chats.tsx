import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import {
  deleteChatItem,
  hangUpChat,
  openUrgentChat,
  readChats,
  urgentCorrespondents,
  writeInChat,
  type Chat,
} from '../../../src/client/chats.js';
import { LiveSync } from '../../../src/client/live.js';
import { catchUp } from '../../../src/client/notes.js';
import { announceSpaceChange } from '../membership/space-changes';
import { parseHashtags } from '../notes/NoteEditor';
import { useReadOnly } from '../session/read-only';
import { ReadOnlyNote } from '../session/ReadOnlyNote';
import { avatarLabel, useSession } from '../session/session';
import { useAction } from '../ui/use-action';
import { Field, Problem } from '../ui/fields';

/**
 * Chats: the list (filtered by the hashtags kept on each chat's contact, hung-up ones hidden if
 * asked), and the chat chosen, kept current by the live channel. `?urgent` opens the urgent chat
 * with the treasurer. Offline, nothing is written: only the site holds chats' writes.
 */
export function Chats() {
  return useReadOnly() ? <ReadOnlyNote siteOnly /> : <OnlineChats />;
}

function OnlineChats() {
  const { t } = useTranslation();
  const { client, store, notes, signOut } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [chats, setChats] = useState<Chat[]>([]);
  const [filter, setFilter] = useState('');
  const [hideHungUp, setHideHungUp] = useState(true);
  const [hideUnwanted, setHideUnwanted] = useState(true);
  const { busy, problem, run } = useAction();
  const local = notes ?? store;
  const shownId = params.get('chat');
  // The urgent chat opened here: urgent at once, before the pull that says so reaches this page.
  const [urgentId, setUrgentId] = useState<string | null>(null);

  const load = useCallback(() => run(async () => setChats(await readChats(client, local))), [client, local, run]);

  useEffect(() => {
    const live = new LiveSync(client, local, {
      onChange: () => void load(),
      onEnded: () => void signOut().finally(() => navigate('/')),
      onSpaceChanged: announceSpaceChange,
    });
    void live.start().then(load);
    return () => live.stop();
  }, [client, local, load, signOut, navigate]);

  // The urgent entry: the chat with the treasurer, opened (or found) at once.
  useEffect(() => {
    if (!params.has('urgent')) return;
    void run(async () => {
      const treasurer = (await urgentCorrespondents(client)).find((c) => c.role === 'treasurer');
      if (!treasurer) return;
      const opened = await openUrgentChat(client, treasurer);
      // Pulled here, not left to the live notice: a channel still opening may have missed it.
      await catchUp(client, local);
      setChats(await readChats(client, local));
      setUrgentId(opened.chatId);
      setParams({ chat: opened.chatId });
    });
  }, [params, client, local, run, setParams]);

  const wanted = parseHashtags(filter)[0]?.toLowerCase();
  const shown = chats
    .filter((c) => !(hideHungUp && c.hungUp))
    .filter((c) => !(hideUnwanted && c.hashtags.some((h) => h.toLowerCase() === 'unwanted')))
    .filter((c) => !wanted || c.hashtags.some((h) => h.toLowerCase() === wanted));
  const found = chats.find((c) => c.chatId === shownId);
  const chosen = found && found.chatId === urgentId ? { ...found, urgent: true } : found;

  return (
    <div className="account">
      <Problem text={problem} />
      <section className="card" aria-labelledby="chats-title">
        <h2 id="chats-title">{t('chats.title')}</h2>
        <Field id="chats-filter" label={t('chats.filter')} value={filter} onValue={setFilter} placeholder="#family" />
        <label className="check">
          <input type="checkbox" checked={hideHungUp} onChange={(e) => setHideHungUp(e.target.checked)} /> {t('chats.hideHungUp')}
        </label>
        <label className="check">
          <input type="checkbox" checked={hideUnwanted} onChange={(e) => setHideUnwanted(e.target.checked)} /> {t('chats.hideUnwanted')}
        </label>
        {shown.length === 0 && <p className="muted">{t('chats.none')}</p>}
        <ul className="notes">
          {shown.map((c) => (
            <li key={`${c.avatarId}/${c.chatId}`} className="note">
              <button type="button" className="link" onClick={() => setParams({ chat: c.chatId })}>
                {c.otherName === null ? t('contacts.gone') : avatarLabel({ id: c.otherId, name: c.otherName })}
              </button>{' '}
              {c.urgent && <span className="badge">{t('chats.urgent')}</span>}
              {c.hungUp && <span className="muted"> {t('chats.hungUp')}</span>}
              {c.items.length > 0 && <span className="muted"> — {c.items[c.items.length - 1]!.text.slice(0, 60)}</span>}
            </li>
          ))}
        </ul>
      </section>
      {chosen && <ChatView chat={chosen} busy={busy} run={run} />}
    </div>
  );
}

function ChatView({ chat, busy, run }: { chat: Chat; busy: boolean; run: (work: () => Promise<void>) => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const { client } = useSession();
  const [text, setText] = useState('');
  const name = chat.otherName === null ? t('contacts.gone') : avatarLabel({ id: chat.otherId, name: chat.otherName });
  const send = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await writeInChat(client, chat, text);
      setText('');
    });
  };
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });
  return (
    <section className="card" aria-labelledby="chat-title">
      <h2 id="chat-title">
        {t('chats.with', { name })} {chat.urgent && <span className="badge">{t('chats.urgent')}</span>}
      </h2>
      <ol className="chat" aria-label={t('chats.items')}>
        {chat.items.map((item) => {
          const mine = item.author === chat.avatarId;
          return (
            <li key={item.seq} className={mine ? 'mine' : 'theirs'}>
              <p>{item.text}</p>
              <span className="muted">{time.format(item.at)}</span>
              {mine && (
                <button
                  type="button"
                  className="secondary"
                  disabled={busy}
                  onClick={() => void run(() => deleteChatItem(client, chat, item.seq))}
                >
                  {t('chats.delete')}
                </button>
              )}
            </li>
          );
        })}
      </ol>
      <form onSubmit={send}>
        <label htmlFor="chat-text">{t('chats.write')}</label>
        <textarea id="chat-text" rows={3} maxLength={5000} value={text} onChange={(e) => setText(e.target.value)} required />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t('chats.send')}
          </button>
          {!chat.hungUp && (
            <button type="button" className="secondary" disabled={busy} onClick={() => void run(() => hangUpChat(client, chat))}>
              {t('chats.hangUp')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
