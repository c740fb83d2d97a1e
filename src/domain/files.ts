import type { Tx } from '../store/database.js';
import { addUsage, takeUsage, type QuotaUse, type UsageOwner } from './usage.js';
import { isGroupId } from './group-notes.js';
import { growGroup } from './hosting.js';
import { deferTasks } from './task-queue.js';
import { monthStart } from './lifetime.js';

/** An upload in progress with the avatar of its note, whoever's it is (the caller authorizes). */
export function findUpload(tx: Tx, spaceId: number, id: string) {
  return tx
    .selectFrom('uploads')
    .selectAll()
    .select('subtree as avatarId')
    .where('space_id', '=', spaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A validated file with the avatar that holds it, whoever's it is (the caller authorizes). */
export function findFile(tx: Tx, spaceId: number, id: string) {
  return tx
    .selectFrom('files')
    .selectAll()
    .select('subtree as avatarId')
    .where('space_id', '=', spaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The other revisions of a file: the files of its note with the same name tag. */
export function otherRevisions(tx: Tx, file: { space_id: number; id: string; note_id: string; name_tag: string }) {
  return tx
    .selectFrom('files')
    .select(['id', 'subtree', 'size'])
    .where('space_id', '=', file.space_id)
    .where('note_id', '=', file.note_id)
    .where('name_tag', '=', file.name_tag)
    .where('id', '<>', file.id)
    .execute();
}

/** The target of a `purge.file` task: the avatar and the file, which name its ciphertext. */
export const fileTarget = (subtree: string, id: string) => `${subtree}/${id}`;

// Ciphertext goes only once the removal has committed: the task exists if and only if it does.
async function purgeLater(tx: Tx, spaceId: number, files: { subtree: string; id: string }[], now: number): Promise<void> {
  await deferTasks(
    tx,
    files.map((f) => ({ kind: 'purge.file', spaceId, target: fileTarget(f.subtree, f.id) })),
    now,
  );
}

/**
 * Adds a volume change of files to their holders: a group's figures for files of a group's notes
 * (its host's account carries the maxima), the account's usage for the others.
 */
export async function changeVolume(
  tx: Tx,
  owner: UsageOwner,
  files: { subtree: string; size: number | string }[],
  sign: 1 | -1,
  now: number,
  quota: QuotaUse | null = null,
): Promise<void> {
  const bySubtree = new Map<string, number>();
  for (const f of files) bySubtree.set(f.subtree, (bySubtree.get(f.subtree) ?? 0) + sign * Number(f.size));
  let personal = 0;
  for (const [subtree, bytes] of bySubtree)
    if (isGroupId(subtree)) await growGroup(tx, owner.spaceId, subtree, { volumeBytes: bytes });
    else personal += bytes;
  if (personal > 0) await takeUsage(tx, owner, { volumeBytes: personal }, quota, now);
  else if (personal < 0) await addUsage(tx, owner, { volumeBytes: personal }, now);
}

const releaseVolume = (tx: Tx, owner: UsageOwner, files: { subtree: string; size: number | string }[], now: number) =>
  changeVolume(tx, owner, files, -1, now);

/**
 * Removes validated files of one account or group: a tombstone each at `version`, their volume released,
 * their ciphertext purged after commit. Only the files this call deleted count: a concurrent
 * removal of the same files releases their volume once. Returns how many it removed.
 */
export async function removeFiles(tx: Tx, owner: UsageOwner, files: { id: string }[], version: number, now: number): Promise<number> {
  if (files.length === 0) return 0;
  const { spaceId } = owner;
  const removed = await tx
    .deleteFrom('files')
    .where('space_id', '=', spaceId)
    .where(
      'id',
      'in',
      files.map((f) => f.id),
    )
    .returning(['id', 'subtree', 'size'])
    .execute();
  if (removed.length === 0) return 0;
  await tx
    .insertInto('tombstones')
    .values(removed.map((f) => ({ space_id: spaceId, subtree: f.subtree, id: f.id, version, deleted_at: monthStart(now) })))
    .execute();
  await releaseVolume(tx, owner, removed, now);
  await purgeLater(tx, spaceId, removed, now);
  return removed.length;
}

/**
 * Abandons uploads: their reservation goes and whatever was written is purged after commit (an
 * upload counts against the volume only once validated). Only the uploads this call deleted count (not those validated or abandoned
 * meanwhile). Returns how many it abandoned.
 */
export async function abandonUploads(tx: Tx, spaceId: number, uploads: { id: string }[], now: number): Promise<number> {
  if (uploads.length === 0) return 0;
  const abandoned = await tx
    .deleteFrom('uploads')
    .where('space_id', '=', spaceId)
    .where(
      'id',
      'in',
      uploads.map((u) => u.id),
    )
    .returning(['id', 'subtree'])
    .execute();
  if (abandoned.length === 0) return 0;
  await purgeLater(tx, spaceId, abandoned, now);
  return abandoned.length;
}

/** Removes the files and uploads of a deleted note; returns whether any went (their purge is then due). */
export async function removeNoteFiles(tx: Tx, owner: UsageOwner, noteId: string, version: number, now: number): Promise<boolean> {
  const ofNote = <T extends 'files' | 'uploads'>(table: T) =>
    tx
      .selectFrom(table as 'files')
      .select('id')
      .where('space_id', '=', owner.spaceId)
      .where('note_id', '=', noteId)
      .execute();
  const files = await ofNote('files');
  const uploads = await ofNote('uploads');
  await removeFiles(tx, owner, files, version, now);
  await abandonUploads(tx, owner.spaceId, uploads, now);
  return files.length + uploads.length > 0;
}
