import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { groupHosting, hostGroup, unhostGroup } from '../../../src/client/group-notes.js';
import {
  acceptInvitation,
  annotateGroup,
  declineInvitation,
  groupMembers,
  leaveGroup,
  setGroupMode,
  waiveAccesses,
} from '../../../src/client/groups.js';
import type { OutputOf } from '../../../src/shared/operations/index.js';
import { parseHashtags } from '../notes/NoteEditor';
import { avatarLabel, useSession } from '../session/session';
import { useAction } from '../ui/use-action';
import { Field, Problem } from '../ui/fields';
import { GroupChat } from './GroupChat';
import { GroupMembers } from './GroupMembers';
import { GroupNotes } from './GroupNotes';
import { RightsText } from './rights';
import type { GroupView, Roster } from './view';

/**
 * A group as one of the account's avatars holds it: invited, its invitation to accept or decline;
 * active, its own note on the group, its accesses, the host, and what its accesses open (members
 * and chat, notes). What the rights do not allow is not shown: the server refuses it anyway.
 */
export function GroupPage(view: GroupView) {
  const { t } = useTranslation();
  const { group } = view;
  const members = group.rights.members && !group.rights.membersWaived;
  const notes = group.rights.notes !== 'none' && !group.rights.notesWaived;
  const { client } = useSession();
  const [roster, setRoster] = useState<Roster>({ members: [], invitations: [] });
  useEffect(() => {
    if (group.state !== 'active' || !members) return setRoster({ members: [], invitations: [] });
    // A failure shows no one: the members' section tells it when it acts.
    groupMembers(client, group).then(setRoster, () => setRoster({ members: [], invitations: [] }));
  }, [client, group, members, view.revision]);
  const nameOf = (avatarId: string) => {
    const found = roster.members.find((m) => m.avatarId === avatarId);
    return found ? avatarLabel({ id: found.avatarId, name: found.name }) : `#${avatarId.slice(-4)}`;
  };

  return (
    <>
      <section className="card group" aria-labelledby="group-title">
        <h2 id="group-title">{group.name}</h2>
        {group.card?.text && <p>{group.card.text}</p>}
        <Mode {...view} nameOf={nameOf} />
        <p>
          {t('groups.myRights')} <RightsText rights={group.rights} />
        </p>
        {group.state === 'invited' ? <Invitation {...view} /> : <Self {...view} />}
        <MyNote {...view} />
      </section>
      {group.state === 'active' && <Hosting {...view} nameOf={nameOf} />}
      {group.state === 'active' && members && <GroupMembers {...view} roster={roster} nameOf={nameOf} />}
      {group.state === 'active' && members && <GroupChat {...view} nameOf={nameOf} />}
      {group.state === 'active' && notes && <GroupNotes {...view} nameOf={nameOf} />}
    </>
  );
}

/**
 * The invitation mode. An active moderator sets unanimous mode at once; leaving it is a request
 * that switches once every moderator made it, so the requests made so far are shown.
 */
function Mode({ group, reload, nameOf }: GroupView & { nameOf: (avatarId: string) => string }) {
  const { t } = useTranslation();
  const { client } = useSession();
  const { busy, problem, run } = useAction();
  const moderator = group.state === 'active' && group.rights.moderator;
  const asked = group.simpleModeVotes.includes(group.avatarId);
  const set = (unanimous: boolean) => void run(async () => void (await setGroupMode(client, group, unanimous), await reload()));
  return (
    <div className="invitation-mode" role="group" aria-label={t('groups.mode')}>
      <p className="muted">{group.unanimous ? t('groups.modeUnanimous') : t('groups.modeSimple')}</p>
      {group.simpleModeVotes.length > 0 && (
        <p className="muted">{t('groups.simpleAsked', { names: group.simpleModeVotes.map(nameOf).join(', ') })}</p>
      )}
      <Problem text={problem} />
      {moderator && (
        <button type="button" className="secondary" disabled={busy} onClick={() => set(!group.unanimous || asked)}>
          {!group.unanimous ? t('groups.toUnanimous') : asked ? t('groups.withdrawSimple') : t('groups.askSimple')}
        </button>
      )}
    </div>
  );
}

function Invitation({ group, reload }: GroupView) {
  const { t } = useTranslation();
  const { client } = useSession();
  const { busy, problem, run } = useAction();
  return (
    <div className="invitation" role="group" aria-label={t('groups.invitation')}>
      <p>{t('groups.invitedHere')}</p>
      <Problem text={problem} />
      <div className="actions">
        <button
          type="button"
          disabled={busy}
          onClick={() => void run(async () => void (await acceptInvitation(client, group), await reload()))}
        >
          {t('groups.accept')}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={() => void run(async () => void (await declineInvitation(client, group), await reload()))}
        >
          {t('groups.decline')}
        </button>
      </div>
    </div>
  );
}

/** The member's own accesses: waive or resume each, step back to listed contact, or ask to be forgotten. */
function Self({ group, reload }: GroupView) {
  const { t } = useTranslation();
  const { client } = useSession();
  const { busy, problem, run } = useAction();
  const act = (work: () => Promise<unknown>) => void run(async () => void (await work(), await reload()));
  const { rights } = group;
  return (
    <div className="actions" role="group" aria-label={t('groups.myAccesses')}>
      <Problem text={problem} />
      {rights.members && (
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={() => act(() => waiveAccesses(client, group, { members: !rights.membersWaived }))}
        >
          {rights.membersWaived ? t('groups.resumeMembers') : t('groups.waiveMembers')}
        </button>
      )}
      {rights.notes !== 'none' && (
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={() => act(() => waiveAccesses(client, group, { notes: !rights.notesWaived }))}
        >
          {rights.notesWaived ? t('groups.resumeNotes') : t('groups.waiveNotes')}
        </button>
      )}
      <button type="button" className="secondary" disabled={busy} onClick={() => act(() => leaveGroup(client, group, { forget: false }))}>
        {t('groups.stepBack')}
      </button>
      <button type="button" className="secondary" disabled={busy} onClick={() => act(() => leaveGroup(client, group, { forget: true }))}>
        {t('groups.forgetMe')}
      </button>
    </div>
  );
}

/** The member's private comment and hashtags on the group (sealed under its account key). */
function MyNote({ group, reload }: GroupView) {
  const { t } = useTranslation();
  const { client } = useSession();
  const { busy, problem, run } = useAction();
  const [comment, setComment] = useState(group.note?.comment ?? '');
  const [hashtags, setHashtags] = useState((group.note?.hashtags ?? []).map((h) => `#${h}`).join(' '));
  const save = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const note = { comment: comment.trim(), hashtags: parseHashtags(hashtags) };
      await annotateGroup(client, group, note.comment || note.hashtags.length ? note : null);
      await reload();
    });
  };
  return (
    <form onSubmit={save} aria-label={t('groups.myNote')}>
      <Problem text={problem} />
      <Field id="group-comment" label={t('groups.comment')} value={comment} onValue={setComment} maxLength={500} />
      <Field id="group-hashtags" label={t('groups.hashtags')} value={hashtags} onValue={setHashtags} placeholder="#choir" />
      <button type="submit" className="secondary" disabled={busy}>
        {t('groups.saveNote')}
      </button>
    </form>
  );
}

type Hosted = OutputOf<'group.hosting'>;

/** The host and the group's maxima: any active member may host a hostless group; the host sets the maxima or stops. */
function Hosting({ group, revision, reload, nameOf }: GroupView & { nameOf: (avatarId: string) => string }) {
  const { t, i18n } = useTranslation();
  const { client } = useSession();
  const { busy, problem, run } = useAction();
  const [hosting, setHosting] = useState<Hosted | null>(null);
  const [documents, setDocuments] = useState('100');
  const [megabytes, setMegabytes] = useState('10');
  useEffect(() => {
    void run(async () => {
      const found = await groupHosting(client, group.groupId, group.avatarId);
      setHosting(found);
      // Maxima never set (a new group) leave the form's proposal.
      if (found.hostAvatarId && (found.maxDocuments > 0 || found.maxVolumeBytes > 0)) {
        setDocuments(String(found.maxDocuments));
        setMegabytes(String(found.maxVolumeBytes / 1e6));
      }
    });
  }, [client, group, revision, run]);
  const mine = hosting?.hostAvatarId === group.avatarId;
  const host = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await hostGroup(client, group.groupId, group.avatarId, {
        maxDocuments: Number(documents),
        maxVolumeBytes: Math.round(Number(megabytes) * 1e6),
      });
      await reload();
    });
  };
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'long' });
  return (
    <section className="card" aria-labelledby="host-title">
      <h2 id="host-title">{t('groups.host')}</h2>
      <Problem text={problem} />
      {hosting && !hosting.hostAvatarId && (
        <p className="problem">
          {t('groups.noHost')}
          {hosting.destroyedAfter !== null && <> {t('groups.destroyedAfter', { date: date.format(hosting.destroyedAfter) })}</>}
        </p>
      )}
      {hosting?.hostAvatarId && (
        <p>
          {mine ? t('groups.hostedByMe') : t('groups.hostedBy', { name: nameOf(hosting.hostAvatarId) })}{' '}
          <span className="muted">
            {t('groups.usage', {
              documents: hosting.documents,
              maxDocuments: hosting.maxDocuments,
              megabytes: (hosting.volumeBytes / 1e6).toFixed(1),
              maxMegabytes: (hosting.maxVolumeBytes / 1e6).toFixed(1),
            })}
          </span>
        </p>
      )}
      {hosting && (!hosting.hostAvatarId || mine) && (
        <form onSubmit={host}>
          <Field
            id="host-documents"
            label={t('groups.maxDocuments')}
            value={documents}
            onValue={setDocuments}
            type="number"
            min={0}
            required
          />
          <Field
            id="host-volume"
            label={t('groups.maxMegabytes')}
            value={megabytes}
            onValue={setMegabytes}
            type="number"
            min={0}
            step="any"
            required
          />
          <div className="actions">
            <button type="submit" disabled={busy}>
              {mine ? t('groups.setMaxima') : t('groups.becomeHost')}
            </button>
            {mine && (
              <button
                type="button"
                className="secondary"
                disabled={busy}
                onClick={() => void run(async () => void (await unhostGroup(client, group.groupId, group.avatarId), await reload()))}
              >
                {t('groups.stopHosting')}
              </button>
            )}
          </div>
        </form>
      )}
    </section>
  );
}
