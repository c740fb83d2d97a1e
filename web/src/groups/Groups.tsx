import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { createGroup, listGroups, type Group } from '../../../src/client/groups.js';
import { LiveSync } from '../../../src/client/live.js';
import { announceSpaceChange } from '../membership/space-changes';
import { parseHashtags } from '../notes/NoteEditor';
import { useReadOnly } from '../session/read-only';
import { ReadOnlyNote } from '../session/ReadOnlyNote';
import { useSession } from '../session/session';
import { useAction } from '../ui/use-action';
import { Field, Problem } from '../ui/fields';
import { GroupPage } from './GroupPage';
import './groups.css';

/**
 * Groups: the list of the groups where the account's avatars are active or invited (filtered by the
 * member's own hashtags on each), the creation of one, and the group chosen (`?group=…&as=…`).
 * The live channel tells of every change (membership, rights, chat, notes): the list is read
 * again and the page with it. Offline, nothing is shown: only the site holds groups.
 */
export function Groups() {
  return useReadOnly() ? <ReadOnlyNote siteOnly /> : <OnlineGroups />;
}

function OnlineGroups() {
  const { t } = useTranslation();
  const { client, store, notes, signOut } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [groups, setGroups] = useState<Group[] | null>(null);
  // Moves on with every change the live channel tells of: the page reads what it shows again.
  const [revision, setRevision] = useState(0);
  const [filter, setFilter] = useState('');
  const [name, setName] = useState('');
  const [unanimous, setUnanimous] = useState(false);
  const { busy, problem, run } = useAction();
  const local = notes ?? store;

  const load = useCallback(
    () =>
      run(async () => {
        setGroups(await listGroups(client));
        setRevision((r) => r + 1);
      }),
    [client, run],
  );

  useEffect(() => {
    const live = new LiveSync(client, local, {
      onChange: () => void load(),
      onEnded: () => void signOut().finally(() => navigate('/')),
      onSpaceChanged: announceSpaceChange,
    });
    void live.start().then(load);
    return () => live.stop();
  }, [client, local, load, signOut, navigate]);

  const create = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const { groupId } = await createGroup(client, { name: name.trim(), unanimous });
      setName('');
      setParams({ group: groupId, as: client.member.avatars[0]!.id });
      await load();
    });
  };

  const wanted = parseHashtags(filter)[0]?.toLowerCase();
  const shown = (groups ?? []).filter((g) => !wanted || (g.note?.hashtags ?? []).some((h) => h.toLowerCase() === wanted));
  const chosen = groups?.find((g) => g.groupId === params.get('group') && g.avatarId === params.get('as'));

  return (
    <div className="account">
      <Problem text={problem} />
      <section className="card" aria-labelledby="groups-title" aria-busy={groups === null}>
        <h2 id="groups-title">{t('groups.title')}</h2>
        <Field id="groups-filter" label={t('groups.filter')} value={filter} onValue={setFilter} placeholder="#choir" />
        {groups !== null && shown.length === 0 && <p className="muted">{t('groups.none')}</p>}
        <ul className="notes" aria-label={t('groups.title')}>
          {shown.map((g) => (
            <li key={`${g.groupId}/${g.avatarId}`} className="note">
              <button
                type="button"
                className="link"
                aria-pressed={g === chosen}
                onClick={() => setParams({ group: g.groupId, as: g.avatarId })}
              >
                {g.name}
              </button>{' '}
              {g.state === 'invited' && <span className="badge">{t('groups.invited')}</span>}
              {g.note?.comment && <p className="muted">{g.note.comment}</p>}
              {(g.note?.hashtags.length ?? 0) > 0 && <p className="hashtags">{g.note!.hashtags.map((h) => `#${h}`).join(' ')}</p>}
            </li>
          ))}
        </ul>
        <form onSubmit={create}>
          <Field id="group-name" label={t('groups.newName')} value={name} onValue={setName} maxLength={100} required />
          <label className="check">
            <input type="checkbox" checked={unanimous} onChange={(e) => setUnanimous(e.target.checked)} /> {t('groups.unanimous')}
          </label>
          <button type="submit" className="secondary" disabled={busy}>
            {t('groups.create')}
          </button>
        </form>
      </section>
      {chosen && <GroupPage key={`${chosen.groupId}/${chosen.avatarId}`} group={chosen} revision={revision} reload={load} />}
    </div>
  );
}
