import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { addContact, annotateContact, contacts, setContactPhrase, type Contact } from '../../../src/client/membership.js';
import { openChat } from '../../../src/client/chats.js';
import { useNavigate } from 'react-router';
import { useAction } from '../ui/use-action';
import { CardView } from '../membership/CardView';
import { parseHashtags } from '../notes/NoteEditor';
import { avatarLabel, useSession } from '../session/session';
import { Field, Problem } from '../ui/fields';
import { useReadOnly } from '../session/read-only';
import { ReadOnlyNote } from '../session/ReadOnlyNote';

/**
 * Contacts: an avatar's contact phrase (whoever knows it may add the avatar), adding a contact by
 * theirs, and the list, each with a private comment and hashtags, filtered by a hashtag. Offline,
 * only the site holds the list, and the rest writes.
 */
export function Contacts() {
  return useReadOnly() ? <ReadOnlyNote siteOnly /> : <OnlineContacts />;
}

function OnlineContacts() {
  const { t } = useTranslation();
  const { client, account } = useSession();
  const avatars = account?.avatars ?? [];
  const [list, setList] = useState<Contact[]>([]);
  const [mine, setMine] = useState(avatars[0]?.id ?? '');
  const [ownPhrase, setOwnPhrase] = useState('');
  const [theirPhrase, setTheirPhrase] = useState('');
  const [filter, setFilter] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { busy, problem, run } = useAction();
  const navigate = useNavigate();

  const load = useCallback(() => run(async () => setList(await contacts(client))), [client, run]);
  useEffect(() => void load(), [load]);

  const act = (work: () => Promise<unknown>, message: string) => (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    void run(async () => {
      await work();
      setDone(message);
      setList(await contacts(client));
    });
  };

  const wanted = parseHashtags(filter)[0]?.toLowerCase();
  const shown = list.filter((c) => !wanted || (c.note?.hashtags ?? []).some((h) => h.toLowerCase() === wanted));
  const labelOf = (id: string) => {
    const avatar = avatars.find((a) => a.id === id);
    return avatar ? avatarLabel(avatar) : id;
  };

  return (
    <div className="account">
      <Problem text={problem} />
      {done && <p role="status">{done}</p>}
      <section className="card" aria-labelledby="phrases-title">
        <h2 id="phrases-title">{t('contacts.phrases')}</h2>
        <label htmlFor="contacts-mine">{t('contacts.avatar')}</label>
        <select id="contacts-mine" value={mine} onChange={(e) => setMine(e.target.value)}>
          {avatars.map((a) => (
            <option key={a.id} value={a.id}>
              {avatarLabel(a)}
            </option>
          ))}
        </select>
        <form onSubmit={act(() => setContactPhrase(client, mine, ownPhrase).then(() => setOwnPhrase('')), t('contacts.phraseSet'))}>
          <Field
            id="contacts-own"
            label={t('contacts.ownPhrase')}
            value={ownPhrase}
            onValue={setOwnPhrase}
            type="password"
            autoComplete="off"
            required
          />
          <div className="actions">
            <button type="submit" disabled={busy}>
              {t('contacts.setPhrase')}
            </button>
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={act(() => setContactPhrase(client, mine, null), t('contacts.phraseErased'))}
            >
              {t('contacts.erasePhrase')}
            </button>
          </div>
        </form>
        <form onSubmit={act(() => addContact(client, mine, theirPhrase).then(() => setTheirPhrase('')), t('contacts.added'))}>
          <Field
            id="contacts-theirs"
            label={t('contacts.theirPhrase')}
            value={theirPhrase}
            onValue={setTheirPhrase}
            type="password"
            autoComplete="off"
            required
          />
          <button type="submit" disabled={busy}>
            {t('contacts.add')}
          </button>
        </form>
        {busy && <progress aria-label={t('signIn.deriving')} />}
      </section>
      <section className="card" aria-labelledby="contacts-title">
        <h2 id="contacts-title">{t('contacts.title')}</h2>
        <Field id="contacts-filter" label={t('contacts.filter')} value={filter} onValue={setFilter} placeholder="#family" />
        {shown.length === 0 && <p className="muted">{t('contacts.none')}</p>}
        <ul className="notes">
          {shown.map((c) => (
            <ContactItem
              key={`${c.avatarId}/${c.contactId}`}
              contact={c}
              of={labelOf(c.avatarId)}
              onSave={(note) => act(() => annotateContact(client, c.avatarId, c.contactId, note), t('contacts.saved'))}
              onChat={() =>
                void run(async () => {
                  const chat = await openChat(client, c.avatarId, c.contactId);
                  await navigate(`/chats?chat=${chat.chatId}`);
                })
              }
            />
          ))}
        </ul>
      </section>
    </div>
  );
}

function ContactItem({
  contact,
  of,
  onSave,
  onChat,
}: {
  contact: Contact;
  of: string;
  onSave: (note: { comment: string; hashtags: string[] }) => (event: FormEvent) => void;
  onChat: () => void;
}) {
  const { t } = useTranslation();
  const [comment, setComment] = useState(contact.note?.comment ?? '');
  const [hashtags, setHashtags] = useState((contact.note?.hashtags ?? []).map((h) => `#${h}`).join(' '));
  const name = contact.name === null ? t('contacts.gone') : avatarLabel({ id: contact.contactId, name: contact.name });
  return (
    <li className="note">
      <p>
        <strong>{name}</strong> <span className="muted">{t('contacts.of', { avatar: of })}</span>
      </p>
      <CardView card={contact.card} who={name} />
      <form onSubmit={onSave({ comment, hashtags: parseHashtags(hashtags) })}>
        <Field id={`comment-${contact.contactId}`} label={t('contacts.comment')} value={comment} onValue={setComment} />
        <Field id={`tags-${contact.contactId}`} label={t('notes.hashtags')} value={hashtags} onValue={setHashtags} />
        <div className="actions">
          <button type="submit" className="secondary">
            {t('contacts.save')}
          </button>
          {!contact.gone && (
            <button type="button" className="secondary" onClick={onChat}>
              {t('chats.open')}
            </button>
          )}
        </div>
      </form>
    </li>
  );
}
