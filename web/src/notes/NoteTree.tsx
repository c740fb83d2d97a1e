import { createContext, useContext, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MovePlace, NoteActions } from './actions';
import { NoteItem } from './NoteItem';
import type { Entry, Tree } from './tree';

/** The tree as shown now. */
export interface TreeView {
  tree: Tree;
  /** While searching or filtering: the notes that match and those above them, all open. */
  shown: ReadonlySet<string> | null;
  expanded: ReadonlySet<string>;
  /** While a note is being moved: it and its descendants, and its parent (no place for it). */
  moving: { id: string; barred: ReadonlySet<string> } | null;
  actions: NoteActions;
  /** Offline: the notes are read, nothing is offered that would change them. */
  readOnly: boolean;
  /** The perimeter's revision (ReadNotes). */
  revision: number;
}

export const TreeContext = createContext<TreeView | null>(null);

/** How many notes of one level show at first, and at each "show more": a long level costs little. */
const pageSize = 50;

/** The notes under `parentId` (the top level when null), each with its own open subtree. */
export function NoteList({ parentId, id }: { parentId: string | null; id?: string }) {
  const { t } = useTranslation();
  const view = useContext(TreeContext)!;
  const [limit, setLimit] = useState(pageSize);
  const all = view.tree.children.get(parentId) ?? [];
  const entries = view.shown ? all.filter((e) => view.shown!.has(e.id)) : all;
  return (
    <ul className="notes tree" id={id}>
      {entries.slice(0, limit).map((entry) => (
        <TreeNode key={entry.id} entry={entry} view={view} />
      ))}
      {entries.length > limit && (
        <li className="more">
          <button type="button" className="secondary" onClick={() => setLimit(limit + pageSize)}>
            {t('tree.more', { count: entries.length - limit })}
          </button>
        </li>
      )}
    </ul>
  );
}

function TreeNode({ entry, view }: { entry: Entry; view: TreeView }) {
  const childrenId = useId();
  const children = view.tree.children.get(entry.id) ?? [];
  const childCount = view.shown ? children.filter((c) => view.shown!.has(c.id)).length : children.length;
  const open = childCount > 0 && (view.shown !== null || view.expanded.has(entry.id));
  return (
    <li>
      <NoteItem
        entry={entry}
        childCount={childCount}
        open={open}
        childrenId={childrenId}
        place={placeOf(entry, view)}
        actions={view.actions}
        readOnly={view.readOnly}
        revision={view.revision}
      />
      {open && <NoteList parentId={entry.id} id={childrenId} />}
    </li>
  );
}

function placeOf(entry: Entry, view: TreeView): MovePlace {
  if (!view.moving) return 'none';
  if (entry.id === view.moving.id) return 'moving';
  return view.moving.barred.has(entry.id) || !entry.note ? 'barred' : 'target';
}
