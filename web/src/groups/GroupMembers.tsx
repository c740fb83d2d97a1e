import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  forgetListedContact,
  inviteToGroup,
  listContactInGroup,
  setMemberRights,
  voteOnInvitation,
  withdrawInvitation,
  type Accesses,
} from '../../../src/client/groups.js';
import { contacts, type Contact } from '../../../src/client/membership.js';
import { CardView } from '../membership/CardView';
import { avatarLabel, useSession } from '../session/session';
import { useAction } from '../ui/use-action';
import { Problem } from '../ui/fields';
import type { GroupView, Roster } from './view';
import { RightsText } from './rights';

/**
 * The members as one with member access sees them (listed, invited, active, with their rights),
 * the invitations pending with the moderators who agreed, and what the member may do: list one of
 * its contacts; a moderator also invites, votes, withdraws, and grants or withdraws accesses.
 */
export function GroupMembers({
  group,
  revision,
  reload,
  roster: { members, invitations },
  nameOf,
}: GroupView & { roster: Roster; nameOf: (avatarId: string) => string }) {
  const { t } = useTranslation();
  const { client } = useSession();
  const { busy, problem, run } = useAction();
  const [mine, setMine] = useState<Contact[]>([]);
  const [chosen, setChosen] = useState('');
  const moderator = group.rights.moderator;

  useEffect(() => {
    void run(async () => setMine((await contacts(client)).filter((c) => c.avatarId === group.avatarId && !c.gone && c.name !== null)));
  }, [client, group, revision, run]);

  const act = (work: () => Promise<unknown>) => void run(async () => void (await work(), await reload()));
  const listable = mine.filter((c) => !members.some((m) => m.avatarId === c.contactId));
  const list = (event: FormEvent) => {
    event.preventDefault();
    if (chosen) act(() => listContactInGroup(client, group, chosen));
  };

  return (
    <section className="card" aria-labelledby="members-title">
      <h2 id="members-title">{t('groups.members')}</h2>
      <Problem text={problem} />
      <ul className="notes members" aria-label={t('groups.members')}>
        {members.map((m) => (
          <li key={m.avatarId} className="note">
            <strong>{avatarLabel({ id: m.avatarId, name: m.name })}</strong> <span className="badge">{t(`groups.states.${m.state}`)}</span>
            {m.avatarId === group.avatarId && <span className="tag">{t('groups.me')}</span>}
            {m.state === 'active' && (
              <p>
                <RightsText rights={m} />
              </p>
            )}
            <CardView card={m.card} who={avatarLabel({ id: m.avatarId, name: m.name })} />
            {moderator && m.state === 'listed' && (
              <>
                <AccessesForm
                  id={`invite-${m.avatarId}`}
                  label={t('groups.invite')}
                  initial={{ members: true, notes: 'read', moderator: false }}
                  withModerator
                  busy={busy}
                  onSubmit={(accesses) => act(() => inviteToGroup(client, group, m, accesses))}
                />
                <button
                  type="button"
                  className="secondary"
                  disabled={busy}
                  onClick={() => act(() => forgetListedContact(client, group, m.avatarId))}
                >
                  {t('groups.forgetContact')}
                </button>
              </>
            )}
            {moderator && m.state === 'active' && !m.moderator && (
              <>
                <AccessesForm
                  id={`rights-${m.avatarId}`}
                  label={t('groups.saveRights')}
                  initial={m}
                  busy={busy}
                  onSubmit={({ members: access, notes }) => act(() => setMemberRights(client, group, m, { members: access, notes }))}
                />
                <button
                  type="button"
                  className="secondary"
                  disabled={busy}
                  onClick={() => act(() => setMemberRights(client, group, m, { moderator: true }))}
                >
                  {t('groups.makeModerator')}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      {invitations.length > 0 && <h3>{t('groups.invitations')}</h3>}
      <ul className="notes" aria-label={t('groups.invitations')}>
        {invitations.map((i) => (
          <li key={i.avatarId} className="note">
            <strong>{nameOf(i.avatarId)}</strong> <RightsText rights={i} />
            <p className="muted">
              {t('groups.invitedBy', { name: nameOf(i.invitedBy) })}
              {i.unanimous && ` — ${t('groups.votes', { count: i.votes.length, names: i.votes.map(nameOf).join(', ') })}`}
              {i.complete ? ` — ${t('groups.complete')}` : ''}
            </p>
            {moderator && (
              <div className="actions">
                {i.unanimous && !i.complete && !i.votes.includes(group.avatarId) && (
                  <button type="button" disabled={busy} onClick={() => act(() => voteOnInvitation(client, group, i.avatarId, true))}>
                    {t('groups.voteYes')}
                  </button>
                )}
                {i.unanimous && !i.complete && (
                  <button
                    type="button"
                    className="secondary"
                    disabled={busy}
                    onClick={() => act(() => voteOnInvitation(client, group, i.avatarId, false))}
                  >
                    {t('groups.voteNo')}
                  </button>
                )}
                <button
                  type="button"
                  className="secondary"
                  disabled={busy}
                  onClick={() => act(() => withdrawInvitation(client, group, i.avatarId))}
                >
                  {t('groups.withdraw')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {listable.length > 0 && (
        <form onSubmit={list}>
          <label htmlFor="list-contact">{t('groups.listContact')}</label>
          <select id="list-contact" value={chosen} onChange={(e) => setChosen(e.target.value)} required>
            <option value="">—</option>
            {listable.map((c) => (
              <option key={c.contactId} value={c.contactId}>
                {avatarLabel({ id: c.contactId, name: c.name! })}
              </option>
            ))}
          </select>
          <button type="submit" className="secondary" disabled={busy}>
            {t('groups.list')}
          </button>
        </form>
      )}
    </section>
  );
}

/** Accesses to give: members and chat, notes, and (for an invitation) moderator power. */
function AccessesForm({
  id,
  label,
  initial,
  withModerator = false,
  busy,
  onSubmit,
}: {
  id: string;
  label: string;
  initial: Accesses;
  withModerator?: boolean;
  busy: boolean;
  onSubmit: (accesses: Accesses) => void;
}) {
  const { t } = useTranslation();
  const [accesses, setAccesses] = useState<Accesses>({ members: initial.members, notes: initial.notes, moderator: initial.moderator });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(accesses);
  };
  return (
    <form className="accesses" onSubmit={submit} aria-label={label}>
      <label className="check">
        <input type="checkbox" checked={accesses.members} onChange={(e) => setAccesses({ ...accesses, members: e.target.checked })} />{' '}
        {t('groups.rights.members')}
      </label>
      <label htmlFor={`${id}-notes`}>{t('groups.notesAccess')}</label>
      <select
        id={`${id}-notes`}
        value={accesses.notes}
        onChange={(e) => setAccesses({ ...accesses, notes: e.target.value as Accesses['notes'] })}
      >
        {(['none', 'read', 'write'] as const).map((n) => (
          <option key={n} value={n}>
            {t(`groups.rights.notes.${n}`)}
          </option>
        ))}
      </select>
      {withModerator && (
        <label className="check">
          <input type="checkbox" checked={accesses.moderator} onChange={(e) => setAccesses({ ...accesses, moderator: e.target.checked })} />{' '}
          {t('groups.rights.moderator')}
        </label>
      )}
      <button type="submit" disabled={busy}>
        {label}
      </button>
    </form>
  );
}
