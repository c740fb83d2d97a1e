import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { postInGroupChat, readGroupChat, type GroupChatItem } from '../../../src/client/groups.js';
import { groupChatItemMaxLength } from '../../../src/shared/limits.js';
import { useSession } from '../session/session';
import { useAction } from '../ui/use-action';
import { Problem } from '../ui/fields';
import type { GroupView } from './view';

/** The group chat, read again with every change told; items of at most 300 characters, the oldest dropped first by the server. */
export function GroupChat({ group, revision, reload, nameOf }: GroupView & { nameOf: (avatarId: string) => string }) {
  const { t, i18n } = useTranslation();
  const { client } = useSession();
  const { busy, problem, run } = useAction();
  const [items, setItems] = useState<GroupChatItem[]>([]);
  const [text, setText] = useState('');
  useEffect(() => {
    void run(async () => setItems(await readGroupChat(client, group)));
  }, [client, group, revision, run]);
  const send = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await postInGroupChat(client, group, text);
      setText('');
      await reload();
    });
  };
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });
  return (
    <section className="card" aria-labelledby="group-chat-title">
      <h2 id="group-chat-title">{t('groups.chat')}</h2>
      <Problem text={problem} />
      <ol className="chat" aria-label={t('groups.chatItems')}>
        {items.map((item) => (
          <li key={item.seq} className={item.authorId === group.avatarId ? 'mine' : 'theirs'}>
            <p>{item.text}</p>
            <span className="muted">
              {nameOf(item.authorId)} · {time.format(item.at)}
            </span>
          </li>
        ))}
      </ol>
      <form onSubmit={send}>
        <label htmlFor="group-chat-text">{t('groups.chatWrite')}</label>
        <textarea
          id="group-chat-text"
          rows={2}
          maxLength={groupChatItemMaxLength}
          value={text}
          onChange={(e) => setText(e.target.value)}
          required
        />
        <button type="submit" disabled={busy}>
          {t('chats.send')}
        </button>
      </form>
    </section>
  );
}
