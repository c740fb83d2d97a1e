import type { Selectable } from 'kysely';
import * as contracts from '../../../shared/operations/sync.js';
import type { OutputOf } from '../../../shared/operations/index.js';
import type { FilesTable, GroupNoteHashtagsTable, NotesTable, TombstonesTable } from '../../../store/schema.js';
import { authorshipsOf, type StoredAuthorship } from '../../../domain/group-notes.js';
import { holdsDocuments, perimeterOf } from '../../../domain/perimeter.js';
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
  /** The authorships of the group notes fetched, by note. */
  authors: Map<string, StoredAuthorship[]>;
}

/** What sync adds to a group note: its key version, authorships and group hashtags. */
const groupFields = (n: Selectable<NotesTable>, authors: Rows['authors']) =>
  n.key_version === null ? {} : { keyVersion: n.key_version, authors: authors.get(n.id) ?? [], groupHashtags: n.group_hashtags };

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
        ...groupFields(n, rows.authors),
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

/** The chat sides of an avatar changed within the bounds, each with the items it sees. */
async function chatsOf(
  tx: Tx,
  spaceId: number,
  subtree: string,
  bounds: { after: number; limit: number } | { exactly: number },
): Promise<Pulled['chats']> {
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
    .where('chat_sides.avatar_id', '=', subtree);
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
 * server's), is listed in `reset`.
 */
export const pullChanges = defineOperation({
  ...contracts.pullChanges,
  access: { plane: 'member' },
  effect: 'read',
  async run(input, { tx, member, count }) {
    const perimeter = (await perimeterOf(tx, member)).filter(holdsDocuments);
    const known = new Map(input.known.map((k) => [k.subtree, k.version]));
    const inPerimeter = new Set(perimeter.map((p) => p.id));
    const reset = input.known.filter((k) => !inPerimeter.has(k.subtree)).map((k) => k.subtree);
    const reached: Pulled['reached'] = [];
    const changes: Change[] = [];
    let documents = input.maxDocuments ?? 2000;
    let bytes = maxBytes;
    let more = false;
    for (const { kind, id: subtree, version: current, tombstonesPurgedTo } of perimeter) {
      let from = known.get(subtree) ?? 0;
      if (from > current || (from > 0 && from < tombstonesPurgedTo)) {
        reset.push(subtree);
        from = 0;
      }
      if (from === current) {
        reached.push({ subtree, version: current });
        continue;
      }
      if (documents <= 0 || bytes <= 0) {
        more = true;
        reached.push({ subtree, version: from });
        continue;
      }
      const fetch = async (bounds: { after: number; limit: number } | { exactly: number }): Promise<Rows> => {
        const inSubtree = <T extends Exclude<keyof Rows, 'authors' | 'chats'>>(table: T) => {
          const rows = tx
            .selectFrom(table as 'notes')
            .selectAll()
            .where('space_id', '=', member.spaceId)
            .where('subtree', '=', subtree);
          return (
            'exactly' in bounds
              ? rows.where('version', '=', bounds.exactly)
              : rows.where('version', '>', bounds.after).orderBy('version').limit(bounds.limit)
          ).execute() as Promise<Rows[T]>;
        };
        // One after the other: a transaction's statements share one connection.
        const notes = await inSubtree('notes');
        return {
          notes,
          files: await inSubtree('files'),
          tombstones: await inSubtree('tombstones'),
          chats: kind === 'avatar' ? await chatsOf(tx, member.spaceId, subtree, bounds) : [],
          // Members' own hashtags on group notes are documents of their avatars only.
          group_note_hashtags: kind === 'avatar' ? await inSubtree('group_note_hashtags') : [],
          authors:
            kind === 'group'
              ? await authorshipsOf(
                  tx,
                  member.spaceId,
                  notes.map((n) => n.id),
                )
              : new Map<string, StoredAuthorship[]>(),
        };
      };
      const limit = documents + 1;
      const fetched = await fetch({ after: from, limit });
      // Past the last version a truncated list reached, the other lists may hold changes it lacks.
      const truncated = [fetched.notes, fetched.files, fetched.tombstones, fetched.chats, fetched.group_note_hashtags]
        .filter((rows) => rows.length === limit)
        .map((rows) => rows[rows.length - 1]!.version);
      const safe = truncated.length ? Math.min(...truncated) : Infinity;
      let rows = changesOf(subtree, fetched).filter((c) => c.version < safe);
      // One version larger than a batch (a deleted note's many children moved up) goes whole.
      if (rows.length === 0 && safe !== Infinity) rows = changesOf(subtree, await fetch({ exactly: safe }));
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
      reached.push({ subtree, version: finished ? current : rows[taken - 1]!.version });
    }
    // Each document sent is a read; a pull that finds nothing new still read the perimeter.
    count({ reads: Math.max(1, changes.length) });
    return {
      perimeter: perimeter.map((p) => ({ subtree: p.id, version: p.version })),
      reached,
      reset,
      notes: changes.flatMap((c) => ('note' in c ? [c.note] : [])),
      files: changes.flatMap((c) => ('file' in c ? [c.file] : [])),
      tombstones: changes.flatMap((c) => ('tombstone' in c ? [c.tombstone] : [])),
      chats: changes.flatMap((c) => ('chat' in c ? [c.chat] : [])),
      hashtags: changes.flatMap((c) => ('hashtags' in c ? [c.hashtags] : [])),
      more,
    };
  },
});
