import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  createGroupNote,
  deleteGroupNote,
  editGroupNote,
  groupNoteWriters,
  readGroupNotes,
  setGroupHashtags,
  setMyHashtags,
  type GroupKeys,
  type SharedNote,
} from '../../../src/client/group-notes.js';
import { rotateGroupKey, type Group } from '../../../src/client/groups.js';
import { catchUp } from '../../../src/client/notes.js';
import type { GroupFiles } from '../files/group-files';
import { NoteFiles } from '../files/NoteFiles';
import { parseHashtags } from '../notes/NoteEditor';
import { useSession } from '../session/session';
import { useAction } from '../ui/use-action';
import { Field, Problem } from '../ui/fields';
import type { GroupView } from './view';

const keysOf = (group: Group): GroupKeys => ({
  groupId: group.groupId,
  current: { version: group.keyVersion, key: group.keys.get(group.keyVersion)! },
  byVersion: group.keys,
});

/**
 * The group's notes as the local store holds them (the sync brings them with notes access and
 * resets them when it is lost), as a tree. Writing needs read-write access, group hashtags a
 * moderator; every member with notes access keeps its own hashtags on each note. Each writing is
 * checked against its writer's signing key (this session's own avatars' as it holds them, the
 * others' as the site gives them): one that does not check is shown as such, never trusted. Files
 * attach to each note as to a personal note, under the group's keys.
 */
export function GroupNotes({ group, revision, reload, nameOf }: GroupView & { nameOf: (avatarId: string) => string }) {
  const { t } = useTranslation();
  const { client, store, notes: opened } = useSession();
  const local = opened ?? store;
  const { busy, problem, run } = useAction();
  const [notes, setNotes] = useState<SharedNote[]>([]);
  const [text, setText] = useState('');
  const [hashtag, setHashtag] = useState('');
  const writer = group.rights.notes === 'write';

  useEffect(() => {
    const mine = new Map(client.member.avatars.map((a) => [a.id, a.signingPublicKey]));
    void run(async () => {
      // Without the co-members' keys (the site unreachable), their writings show as not verified.
      const writers = await groupNoteWriters(client, group.groupId, group.avatarId).catch(() => new Map<string, string>());
      setNotes(
        await readGroupNotes(client, local, {
          keysOf: (id) => (id === group.groupId ? keysOf(group) : undefined),
          signingKeyOf: (id) => mine.get(id) ?? writers.get(id),
          groupId: group.groupId,
        }),
      );
    });
  }, [client, local, group, revision, run]);

  const files = useMemo<GroupFiles>(
    () => ({
      keys: keysOf(group),
      writable: writer,
      sealing: async () => {
        if (!group.rotationDue) return keysOf(group);
        const rotated = await rotateGroupKey(client, group);
        await reload();
        return keysOf(rotated);
      },
    }),
    [client, group, writer, reload],
  );

  /**
   * A write under the current key (rotated first when due, unless it seals nothing under the group
   * key), then the notes pulled at once (the live channel would bring them a moment later).
   */
  const write = (change: (keys: GroupKeys) => Promise<unknown>, sealsUnderGroupKey = true) =>
    run(async () => {
      const current = sealsUnderGroupKey && group.rotationDue ? await rotateGroupKey(client, group) : group;
      await change(keysOf(current));
      await catchUp(client, local);
      await reload();
    });

  const create = (event: FormEvent) => {
    event.preventDefault();
    void write(async (keys) => {
      await createGroupNote(client, keys, group.avatarId, text);
      setText('');
    });
  };

  const wanted = parseHashtags(hashtag)[0]?.toLowerCase();
  const shown = notes.filter((n) => !wanted || [...n.groupHashtags, ...n.myHashtags].some((h) => h.toLowerCase() === wanted));
  const ids = new Set(shown.map((n) => n.id));
  // A note whose parent is filtered out shows at the root.
  const childrenOf = (parentId: string | null) =>
    shown.filter((n) => (parentId === null ? n.parentId === null || !ids.has(n.parentId) : n.parentId === parentId));

  const renderTree = (parentId: string | null) => {
    const children = childrenOf(parentId);
    return children.length === 0 ? null : (
      <ul className="notes tree">
        {children.map((n) => (
          <li key={n.id} className="note">
            <SharedNoteView note={n} group={group} busy={busy} nameOf={nameOf} write={write} />
            <NoteFiles noteId={n.id} changed={revision} group={files} />
            {renderTree(n.id)}
          </li>
        ))}
      </ul>
    );
  };

  return (
    <section className="card" aria-labelledby="group-notes-title">
      <h2 id="group-notes-title">{t('groups.notes')}</h2>
      <Problem text={problem} />
      <Field id="group-notes-filter" label={t('groups.notesFilter')} value={hashtag} onValue={setHashtag} placeholder="#budget" />
      {shown.length === 0 && <p className="muted">{t('groups.noNotes')}</p>}
      <div aria-label={t('groups.notes')} role="region">
        {renderTree(null)}
      </div>
      {writer && (
        <form onSubmit={create}>
          <label htmlFor="group-note-text">{t('groups.newNote')}</label>
          <textarea id="group-note-text" rows={3} value={text} onChange={(e) => setText(e.target.value)} required />
          <button type="submit" disabled={busy}>
            {t('groups.addNote')}
          </button>
        </form>
      )}
    </section>
  );
}

function SharedNoteView({
  note,
  group,
  busy,
  nameOf,
  write,
}: {
  note: SharedNote;
  group: Group;
  busy: boolean;
  nameOf: (avatarId: string) => string;
  write: (change: (keys: GroupKeys) => Promise<unknown>, sealsUnderGroupKey?: boolean) => Promise<void>;
}) {
  const { t } = useTranslation();
  const { client } = useSession();
  const [editing, setEditing] = useState<'text' | 'child' | 'groupTags' | 'myTags' | null>(null);
  const [value, setValue] = useState('');
  const writer = group.rights.notes === 'write';
  const open = (what: NonNullable<typeof editing>, initial: string) => {
    setEditing(what);
    setValue(initial);
  };
  const tags = (list: string[]) => list.map((h) => `#${h}`).join(' ');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const change = {
      text: (keys: GroupKeys) => editGroupNote(client, keys, group.avatarId, note, value),
      child: (keys: GroupKeys) => createGroupNote(client, keys, group.avatarId, value, note.id),
      groupTags: (keys: GroupKeys) => setGroupHashtags(client, keys, group.avatarId, note.id, parseHashtags(value)),
      myTags: () => setMyHashtags(client, group.avatarId, note.id, parseHashtags(value)),
    }[editing!];
    // The form closes once done; a refusal leaves it open, with what was typed.
    void write(async (keys) => {
      await change(keys);
      setEditing(null);
      // The member's own hashtags are sealed under its account key: no rotation for them.
    }, editing !== 'myTags');
  };
  return (
    <>
      <p>{note.text}</p>
      <Authors note={note} nameOf={nameOf} />
      {note.groupHashtags.length > 0 && (
        <p className="hashtags" aria-label={t('groups.groupHashtags')}>
          {tags(note.groupHashtags)}
        </p>
      )}
      {note.myHashtags.length > 0 && (
        <p className="hashtags mine" aria-label={t('groups.myHashtags')}>
          {tags(note.myHashtags)}
        </p>
      )}
      {editing === null ? (
        <div className="actions">
          {writer && (
            <button type="button" className="secondary" disabled={busy} onClick={() => open('text', note.text)}>
              {t('groups.edit')}
            </button>
          )}
          {writer && (
            <button type="button" className="secondary" disabled={busy} onClick={() => open('child', '')}>
              {t('groups.addUnder')}
            </button>
          )}
          {writer && (
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() => void write(() => deleteGroupNote(client, group.avatarId, note.id))}
            >
              {t('groups.delete')}
            </button>
          )}
          {group.rights.moderator && (
            <button type="button" className="secondary" disabled={busy} onClick={() => open('groupTags', tags(note.groupHashtags))}>
              {t('groups.groupHashtags')}
            </button>
          )}
          <button type="button" className="secondary" disabled={busy} onClick={() => open('myTags', tags(note.myHashtags))}>
            {t('groups.myHashtags')}
          </button>
        </div>
      ) : (
        <form onSubmit={submit}>
          {editing === 'text' || editing === 'child' ? (
            <>
              <label htmlFor={`edit-${note.id}`}>{editing === 'text' ? t('groups.edit') : t('groups.addUnder')}</label>
              <textarea id={`edit-${note.id}`} rows={3} value={value} onChange={(e) => setValue(e.target.value)} required />
            </>
          ) : (
            <Field
              id={`tags-${note.id}`}
              label={editing === 'groupTags' ? t('groups.groupHashtags') : t('groups.myHashtags')}
              value={value}
              onValue={setValue}
              placeholder="#budget"
            />
          )}
          <div className="actions">
            <button type="submit" disabled={busy}>
              {t('groups.save')}
            </button>
            <button type="button" className="secondary" onClick={() => setEditing(null)}>
              {t('groups.cancel')}
            </button>
          </div>
        </form>
      )}
    </>
  );
}

/**
 * Who wrote a note, each writer once, in the order of their first writing. A writer is verified
 * when every one of its writings checks against its signing key and, for the last writer, when the
 * text stored is the one it signed; otherwise a warning says so. A note that records no writing at
 * all carries the warning alone.
 */
function Authors({ note, nameOf }: { note: SharedNote; nameOf: (avatarId: string) => string }) {
  const { t } = useTranslation();
  const last = note.authors.at(-1);
  const writers = [...new Set(note.authors.map((a) => a.avatarId))];
  const warning = (
    <span className="badge" title={t('groups.signatureNotVerifiedWhy')}>
      {t('groups.signatureNotVerified')}
    </span>
  );
  return (
    <p className="muted authors">
      {t('groups.writtenBy')}{' '}
      {writers.length === 0
        ? warning
        : writers.map((id) => {
            const verified = note.authors.every((a) => a.avatarId !== id || a.verified) && (id !== last?.avatarId || last.current);
            return (
              <span key={id} className="author">
                {nameOf(id)}{' '}
                {verified ? (
                  <span title={t('groups.signatureChecked')} aria-label={t('groups.signatureChecked')}>
                    ✓
                  </span>
                ) : (
                  warning
                )}{' '}
              </span>
            );
          })}
    </p>
  );
}
