import { noteTextMaxLength } from '../shared/limits.js';
import type { OutputOf } from '../shared/operations/index.js';
import type { IlotClient } from './client.js';
import { IlotClientError } from './errors.js';
import type { LocalStore, StoredNote } from './local-store.js';
import { openJson, sealJson } from './sealing.js';
import { withHashtag } from './hashtags.js';

// Personal notes as a member's client handles them: text, hashtags and the times of creation and
// change are encrypted under the account key before they leave; the server sees ids, parents,
// sizes, versions and months (a finer time could line up a secondary avatar with its account).

export { noteTextMaxLength };

export interface NoteContent {
  text: string;
  hashtags: string[];
}

export interface Note extends NoteContent {
  id: string;
  avatarId: string;
  parentId: string | null;
  version: number;
  /** When it was created and last changed, as its writers' clocks said (the month only, for notes written before times were sealed). */
  createdAt: number;
  updatedAt: number;
}

/** What a note's ciphertext holds. */
interface Sealed extends NoteContent {
  createdAt?: number;
  updatedAt?: number;
}

/** Seals a note's content with its times; an edited note (content given as the `Note` read) keeps its creation time. */
async function seal(client: IlotClient, content: NoteContent & { createdAt?: number }): Promise<string> {
  // Plain text is what counts: markdown marks are part of it.
  if ([...content.text].length > noteTextMaxLength)
    throw new IlotClientError('NOTE_TOO_LARGE', `A note holds at most ${noteTextMaxLength} characters.`, 0);
  const now = Date.now();
  const sealed: Sealed = { text: content.text, hashtags: content.hashtags, createdAt: content.createdAt ?? now, updatedAt: now };
  return sealJson(client.member.keys.accountKey, sealed, 'note');
}

export async function createNote(
  client: IlotClient,
  avatarId: string,
  content: NoteContent,
  parentId: string | null = null,
): Promise<OutputOf<'note.create'>> {
  return client.call('note.create', { avatarId, parentId, payload: await seal(client, content) });
}

/** Changes a note's content (pass the `Note` read to keep its creation time) and, when `parentId` is given (null: a root), its parent. */
export async function editNote(
  client: IlotClient,
  noteId: string,
  content: NoteContent & { createdAt?: number },
  parentId?: string | null,
): Promise<OutputOf<'note.edit'>> {
  return client.call('note.edit', { noteId, payload: await seal(client, content), ...(parentId === undefined ? {} : { parentId }) });
}

export async function deleteNote(client: IlotClient, noteId: string): Promise<OutputOf<'note.delete'>> {
  return client.call('note.delete', { noteId });
}

/** Pulls until the local store is current: a fresh store gets the whole perimeter, a returning one the changes. Returns the number of pulls. */
export async function catchUp(client: IlotClient, store: LocalStore): Promise<number> {
  for (let pulls = 1; ; pulls++) {
    const answer = await client.call('sync.pull', { known: await store.known() });
    await store.apply(answer);
    if (!answer.more) return pulls;
  }
}

/** A note whose ciphertext fails to open (altered): only what the server knows of it. */
export interface AlteredNote {
  id: string;
  avatarId: string;
  parentId: string | null;
  version: number;
}

/** The notes in the local store, opened; optionally those of one avatar or carrying a hashtag. Fails on altered ciphertext. */
export async function readNotes(
  client: IlotClient,
  store: LocalStore,
  filter: { avatarId?: string; hashtag?: string } = {},
): Promise<Note[]> {
  const { notes, altered } = await readNotesAndAltered(client, store, filter);
  if (altered[0]) throw new IlotClientError('NOTE_ALTERED', `Note ${altered[0].id} cannot be decrypted: it was altered.`, 0);
  return notes;
}

/** As `readNotes`, but an altered note does not fail the read: it is returned apart, for an app to show as damaged. */
export async function readNotesAndAltered(
  client: IlotClient,
  store: LocalStore,
  filter: { avatarId?: string; hashtag?: string } = {},
): Promise<{ notes: Note[]; altered: AlteredNote[] }> {
  const opened = await openNotes(
    client,
    // Group notes are sealed under their group's key: readGroupNotes opens them.
    (await store.notes()).filter((n) => n.keyVersion === undefined && (!filter.avatarId || n.subtree === filter.avatarId)),
  );
  const notes = withHashtag(
    opened.filter((n) => 'text' in n),
    filter.hashtag,
    (n) => n.hashtags,
  ).sort(byCreation);
  return { notes, altered: opened.filter((n) => !('text' in n)) };
}

/** Opens stored notes, in their order: each is a `Note`, or an `AlteredNote` when its ciphertext fails to open. */
export function openNotes(client: IlotClient, stored: readonly StoredNote[]): Promise<(Note | AlteredNote)[]> {
  const key = client.member.keys.accountKey;
  return Promise.all(
    stored.map(async (n): Promise<Note | AlteredNote> => {
      const known = { id: n.id, avatarId: n.subtree, parentId: n.parentId, version: n.version };
      const content = await openJson<Sealed>(key, n.payload, 'note').catch(() => null);
      if (!content) return known;
      return {
        ...known,
        text: content.text,
        hashtags: content.hashtags,
        createdAt: content.createdAt ?? n.createdAt,
        updatedAt: content.updatedAt ?? n.updatedAt,
      };
    }),
  );
}

/** The order notes are read in: oldest first. */
export const byCreation = (a: Note, b: Note) => a.createdAt - b.createdAt || a.version - b.version || a.id.localeCompare(b.id);
