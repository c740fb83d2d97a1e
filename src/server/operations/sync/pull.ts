import type { Selectable } from 'kysely';
import * as contracts from '../../../shared/operations/sync.js';
import type { OutputOf } from '../../../shared/operations/index.js';
import type { FilesTable, GroupNoteHashtagsTable, NotesTable, TombstonesTable } from '../../../store/schema.js';
import { authorshipsIn, type StoredAuthorship } from '../../../domain/group-notes.js';
import { holdsDocuments, perimeterOf, type DocumentSubtree } from '../../../domain/perimeter.js';
import type { Tx } from '../../../store/database.js';
import { defineOperation } from '../../pipeline/operation.js';

type Pulled = OutputOf<'sync.pull'>;

/** What one batch may hold at most, in documents and in payload characters. */
const maxBytes = 4_000_000;

type Change = { version: number; size: number } & (
  | { note: Pulled['notes'][number] }
  | { file: Pulled['files'][number] }
  | { tombstone: Pulled['tombstones'][number] }
  | { chat: Pulled['chats'][number] }
  | { hashtags: Pulled['hashtags'][number] }
);

interface Rows {
  notes: Selectable<NotesTable>[];
  files: Selectable<FilesTable>[];
  tombstones: Selectable<TombstonesTable>[];
  chats: Pulled['chats'];
  group_note_hashtags: Selectable<GroupNoteHashtagsTable>[];
}

/** What sync adds to a group note: its key version and group hashtags (its authorships, once the batch is chosen). */
const groupFields = (n: Selectable<NotesTable>) =>
  n.key_version === null ? {} : { keyVersion: n.key_version, authors: [] as StoredAuthorship[], groupHashtags: n.group_hashtags };

/** Notes, files, tombstones, chat sides and hashtags of a subtree as changes, in version order. */
function changesOf(subtree: string, rows: Rows): Change[] {
  return [
    ...rows.notes.map((n) => ({
      version: n.version,
      size: n.size,
      note: {
        id: n.id,
        subtree,
        parentId: n.parent_id,
        version: n.version,
        payload: n.payload,
        createdAt: n.created_at,
        updatedAt: n.updated_at,
        ...groupFields(n),
      },
    })),
    // A file's metadata is what the answer carries; its content is downloaded apart.
    ...rows.files.map((f) => ({
      version: f.version,
      size: f.meta.length,
      file: {
        id: f.id,
        subtree,
        noteId: f.note_id,
        nameTag: f.name_tag,
        version: f.version,
        size: f.size,
        meta: f.meta,
        createdAt: f.created_at,
      },
    })),
    ...rows.tombstones.map((t) => ({ version: t.version, size: 0, tombstone: { id: t.id, subtree, version: t.version } })),
    ...rows.chats.map((chat) => ({ version: chat.version, size: chat.items.reduce((size, i) => size + i.payload.length, 0), chat })),
    ...rows.group_note_hashtags.map((h) => ({
      version: h.version,
      size: h.payload.length,
      hashtags: { id: h.id, subtree, noteId: h.note_id, version: h.version, payload: h.payload },
    })),
  ].sort((a, b) => a.version - b.version);
}

type Bounds = { after: number; limit: number } | { exactly: number };

/** A subtree to read, of the perimeter, within its bounds. */
interface Wanted {
  kind: 'avatar' | 'group';
  id: string;
  bounds: Bounds;
}

/** Subtrees read together, at most: SQLite caps the members of a compound select at 500. */
const maxSubtreesPerRead = 100;

/**
 * The rows of one table in several subtrees, each within its bounds, in one query (a UNION ALL of
 * one indexed range per subtree), by subtree.
 */
async function inSubtrees<T extends Exclude<keyof Rows, 'chats'>>(
  tx: Tx,
  spaceId: number,
  table: T,
  wanted: Wanted[],
): Promise<Map<string, Rows[T]>> {
  const bySubtree = new Map<string, Rows[T]>(wanted.map((w) => [w.id, []]));
  if (wanted.length === 0) return bySubtree;
  const range = ({ id, bounds }: Wanted) => {
    const rows = tx
      .selectFrom(table as 'notes')
      .selectAll()
      .where('space_id', '=', spaceId)
      .where('subtree', '=', id);
    return 'exactly' in bounds
      ? rows.where('version', '=', bounds.exactly)
      : rows.where('version', '>', bounds.after).orderBy('version').limit(bounds.limit);
  };
  // SQLite takes a member's ORDER BY and LIMIT only inside a subquery.
  const [first, ...rest] = wanted.map((w, i) => tx.selectFrom(range(w).as(`s${i}`)).selectAll());
  const rows = (await rest.reduce((query, next) => query.unionAll(next), first!).execute()) as Rows[T];
  for (const row of rows) (bySubtree.get(row.subtree) as (typeof row)[]).push(row);
  return bySubtree;
}

/** The changes of several subtrees within their bounds, read table by table: a handful of queries, whatever their number. */
async function fetchRows(tx: Tx, spaceId: number, wanted: Wanted[]): Promise<Map<string, Rows>> {
  // One after the other: a transaction's statements share one connection.
  const notes = await inSubtrees(tx, spaceId, 'notes', wanted);
  const files = await inSubtrees(tx, spaceId, 'files', wanted);
  const tombstones = await inSubtrees(tx, spaceId, 'tombstones', wanted);
  // Members' own hashtags on group notes, and chat sides, are documents of their avatars only.
  const avatars = wanted.filter((w) => w.kind === 'avatar');
  const hashtags = await inSubtrees(tx, spaceId, 'group_note_hashtags', avatars);
  const chats = new Map<string, Pulled['chats']>();
  for (const { id, bounds } of avatars) chats.set(id, await chatsOf(tx, spaceId, id, bounds, false));
  return new Map(
    wanted.map(({ id }) => [
      id,
      {
        notes: notes.get(id)!,
        files: files.get(id)!,
        tombstones: tombstones.get(id)!,
        chats: chats.get(id) ?? [],
        group_note_hashtags: hashtags.get(id) ?? [],
      },
    ]),
  );
}

/** The chat sides of an avatar changed within the bounds (its urgent chats only, if asked), each with the items it sees. */
async function chatsOf(tx: Tx, spaceId: number, subtree: string, bounds: Bounds, urgentOnly: boolean): Promise<Pulled['chats']> {
  const query = tx
    .selectFrom('chat_sides')
    .innerJoin('chats', (join) => join.onRef('chats.space_id', '=', 'chat_sides.space_id').onRef('chats.id', '=', 'chat_sides.chat_id'))
    .leftJoin('avatars', (join) =>
      join.onRef('avatars.space_id', '=', 'chat_sides.space_id').onRef('avatars.id', '=', 'chat_sides.other_id'),
    )
    .select([
      'chat_sides.chat_id',
      'chat_sides.other_id',
      'chat_sides.wrapped_key',
      'chat_sides.hung_up',
      'chat_sides.cleared_to',
      'chat_sides.version',
      'chats.urgent',
      'avatars.name',
    ])
    .where('chat_sides.space_id', '=', spaceId)
    .where('chat_sides.avatar_id', '=', subtree)
    .$if(urgentOnly, (q) => q.where('chats.urgent', '=', 1));
  const sides = await (
    'exactly' in bounds
      ? query.where('chat_sides.version', '=', bounds.exactly)
      : query.where('chat_sides.version', '>', bounds.after).orderBy('chat_sides.version').limit(bounds.limit)
  ).execute();
  if (sides.length === 0) return [];
  const items = await tx
    .selectFrom('chat_items')
    .select(['chat_id', 'seq', 'author', 'length', 'payload', 'created_at'])
    .where('space_id', '=', spaceId)
    .where(
      'chat_id',
      'in',
      sides.map((s) => s.chat_id),
    )
    .orderBy('seq')
    .execute();
  return sides.map((side) => ({
    id: side.chat_id,
    subtree,
    otherId: side.other_id,
    otherName: side.name,
    urgent: side.urgent === 1,
    wrappedKey: side.wrapped_key,
    hungUp: side.hung_up === 1,
    version: Number(side.version),
    items: items
      .filter((i) => i.chat_id === side.chat_id && i.seq > side.cleared_to)
      .map((i) => ({ seq: i.seq, author: i.author, length: i.length, payload: i.payload, createdAt: Number(i.created_at) })),
  }));
}

/**
 * Catch-up: the client says which version of each subtree it knows; the answer holds the newer
 * documents (notes, files' metadata, chat sides with their items) and tombstones of the subtrees of the session's perimeter that
 * hold documents, in version order, up to a bounded batch that ends on a version boundary, and the
 * version the client reached in each subtree. The client asks again while `more` is true. A subtree it no longer has in its perimeter,
 * or one it must rebuild (it knew a version older than purged tombstones, or newer than the
 * server's), is listed in `reset`. The subtrees behind are read together, as many at once as the
 * batch may hold, so that a member of many groups catches up in a few queries. Under minimal access
 * the answer holds the urgent chats changed alone, and the client's versions stay where they were.
 */
export const pullChanges = defineOperation({
  ...contracts.pullChanges,
  access: { plane: 'member' },
  effect: 'read',
  restrictionClass: 'catch-up',
  async run(input, { tx, member, count, urgentOnly }) {
    const perimeter = (await perimeterOf(tx, member)).filter(holdsDocuments);
    const known = new Map(input.known.map((k) => [k.subtree, k.version]));
    const inPerimeter = new Set(perimeter.map((p) => p.id));
    const reset = input.known.filter((k) => !inPerimeter.has(k.subtree)).map((k) => k.subtree);
    // Where the client stands in each subtree: a subtree it must rebuild starts again from 0.
    const from = new Map<string, number>();
    for (const { id, version: current, tombstonesPurgedTo } of perimeter) {
      const version = known.get(id) ?? 0;
      const rebuild = version > current || (version > 0 && version < tombstonesPurgedTo);
      if (rebuild) reset.push(id);
      from.set(id, rebuild ? 0 : version);
    }
    if (urgentOnly) return urgentCatchUp(tx, member.spaceId, perimeter, from, count);
    const behind = perimeter.filter((p) => from.get(p.id)! < p.version);
    const reached: Pulled['reached'] = [];
    const changes: Change[] = [];
    // The versions of each group sent: their notes' authorships are read at the end, in one query.
    const groupRanges: { groupId: string; after: number; upTo: number }[] = [];
    let documents = input.maxDocuments ?? 2000;
    let bytes = maxBytes;
    let more = false;
    // Rows of the subtrees behind, read ahead: from the first not yet read, those whose versions
    // to come (at least as many as their documents, deletions aside) fill what the batch has left.
    const read = new Map<string, { rows: Rows; limit: number }>();
    const readAhead = async (start: number) => {
      const limit = documents + 1;
      const wanted: Wanted[] = [];
      for (let i = start, expected = 0; i < behind.length && expected < documents && wanted.length < maxSubtreesPerRead; i++) {
        const { kind, id, version } = behind[i]!;
        wanted.push({ kind, id, bounds: { after: from.get(id)!, limit } });
        expected += version - from.get(id)!;
      }
      for (const [id, rows] of await fetchRows(tx, member.spaceId, wanted)) read.set(id, { rows, limit });
    };
    for (const { kind, id: subtree, version: current } of perimeter) {
      const start = from.get(subtree)!;
      if (start === current) {
        reached.push({ subtree, version: current });
        continue;
      }
      if (documents <= 0 || bytes <= 0) {
        more = true;
        reached.push({ subtree, version: start });
        continue;
      }
      if (!read.has(subtree)) await readAhead(behind.findIndex((b) => b.id === subtree));
      const { rows: fetched, limit } = read.get(subtree)!;
      // Past the last version a truncated list reached, the other lists may hold changes it lacks.
      const truncated = [fetched.notes, fetched.files, fetched.tombstones, fetched.chats, fetched.group_note_hashtags]
        .filter((rows) => rows.length === limit)
        .map((rows) => Math.max(...rows.map((r) => r.version)));
      const safe = truncated.length ? Math.min(...truncated) : Infinity;
      let rows = changesOf(subtree, fetched).filter((c) => c.version < safe);
      // One version larger than a batch (a deleted note's many children moved up) goes whole.
      if (rows.length === 0 && safe !== Infinity)
        rows = changesOf(subtree, (await fetchRows(tx, member.spaceId, [{ kind, id: subtree, bounds: { exactly: safe } }])).get(subtree)!);
      // Whole versions only, within the budgets; the first version always goes.
      let taken = 0;
      while (taken < rows.length) {
        let end = taken;
        let size = 0;
        while (end < rows.length && rows[end]!.version === rows[taken]!.version) size += rows[end++]!.size;
        if (taken > 0 && (end - taken > documents || size > bytes)) break;
        documents -= end - taken;
        bytes -= size;
        taken = end;
      }
      changes.push(...rows.slice(0, taken));
      const finished = taken === rows.length && safe === Infinity;
      if (!finished) more = true;
      const upTo = finished ? current : rows[taken - 1]!.version;
      reached.push({ subtree, version: upTo });
      if (kind === 'group') groupRanges.push({ groupId: subtree, after: start, upTo });
    }
    const notes = changes.flatMap((c) => ('note' in c ? [c.note] : []));
    const authors = await authorshipsIn(tx, member.spaceId, groupRanges);
    for (const note of notes) if (note.authors) note.authors = authors.get(note.id) ?? [];
    // Each document sent is a read; a pull that finds nothing new still read the perimeter.
    count({ reads: Math.max(1, changes.length) });
    return {
      perimeter: perimeter.map((p) => ({ subtree: p.id, version: p.version })),
      reached,
      reset,
      notes,
      files: changes.flatMap((c) => ('file' in c ? [c.file] : [])),
      tombstones: changes.flatMap((c) => ('tombstone' in c ? [c.tombstone] : [])),
      chats: changes.flatMap((c) => ('chat' in c ? [c.chat] : [])),
      hashtags: changes.flatMap((c) => ('hashtags' in c ? [c.hashtags] : [])),
      more,
    };
  },
});

/** Urgent chats are few: the sides of an avatar changed since the client's version, at most this many. */
const maxUrgentSides = 100;

/**
 * The urgent chats of the account's avatars changed since the client's versions, and nothing else:
 * no version is reached, so that the documents withheld come once the restriction is lifted.
 */
async function urgentCatchUp(
  tx: Tx,
  spaceId: number,
  perimeter: DocumentSubtree[],
  from: Map<string, number>,
  count: (consumption: { reads: number }) => void,
): Promise<Pulled> {
  const chats: Pulled['chats'] = [];
  for (const { kind, id } of perimeter)
    if (kind === 'avatar') chats.push(...(await chatsOf(tx, spaceId, id, { after: from.get(id)!, limit: maxUrgentSides }, true)));
  count({ reads: Math.max(1, chats.length) });
  return {
    perimeter: perimeter.map((p) => ({ subtree: p.id, version: p.version })),
    reached: [],
    reset: [],
    notes: [],
    files: [],
    tombstones: [],
    chats,
    hashtags: [],
    more: false,
  };
}
