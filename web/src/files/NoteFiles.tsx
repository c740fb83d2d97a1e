import { useCallback, useEffect, useMemo, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { attachFile, noteFiles, type NoteFile } from '../../../src/client/files.js';
import { catchUp } from '../../../src/client/notes.js';
import { BrowserStore } from '../local/browser-store';
import { filesKeptOffline } from '../local/offline-files';
import { useSession } from '../session/session';
import { Problem } from '../ui/fields';
import { useAction } from '../ui/use-action';
import { FileItem } from './FileItem';
import { useFilesReadOnly, type GroupFiles } from './group-files';
import { readableOf, thumbnailOf } from './file-bytes';
import './files.css';

/**
 * The files of a note: attached by the picker or by dropping them, sent in chunks with a progress
 * bar (a network failure is resumed by the SDK; one it cannot get over leaves a button to send the
 * rest again), listed by name with their revisions. `changed` is anything that changes when the
 * account's perimeter does, so that the list follows what other sessions do. A group note's files
 * (`group`) are opened and sealed with the group's keys, and count against the group's host.
 */
export function NoteFiles({ noteId, changed, group }: { noteId: string; changed: unknown; group?: GroupFiles }) {
  const { t } = useTranslation();
  const { client, store } = useSession();
  const { busy, problem, run } = useAction();
  const readOnly = useFilesReadOnly(group);
  const [files, setFiles] = useState<NoteFile[]>([]);
  const [keep, setKeep] = useState<'all' | 'latest'>('all');
  const [progress, setProgress] = useState<{ name: string; sent: number; total: number } | null>(null);
  const [unsent, setUnsent] = useState<File[]>([]);
  const [dropping, setDropping] = useState(false);

  const [kept, setKept] = useState<Set<string>>(new Set());
  const reloadKept = useCallback(async () => {
    if (store instanceof BrowserStore) setKept(await filesKeptOffline(store));
  }, [store]);
  const reload = useCallback(async () => {
    const found = await noteFiles(client, store, noteId, group?.keys);
    if (found.length > 0) await reloadKept();
    setFiles(found);
  }, [client, store, noteId, group, reloadKept]);
  // Incognito keeps nothing: no file is offered to be kept.
  const offline = useMemo(
    () => (store instanceof BrowserStore ? { store, kept, changed: reloadKept } : undefined),
    [store, kept, reloadKept],
  );
  useEffect(() => void run(reload), [run, reload, changed]);
  const pulled = async () => {
    await catchUp(client, store);
    await reload();
  };

  const attach = (picked: File[]) =>
    void run(async () => {
      let sent = 0;
      const sealing = group && (await group.sealing());
      try {
        for (const file of picked) {
          const thumbnail = await thumbnailOf(file);
          const onProgress = (done: number, total: number) => setProgress({ name: file.name, sent: done, total });
          await attachFile(client, noteId, readableOf(file), {
            keep,
            onProgress,
            ...(thumbnail ? { thumbnail } : {}),
            ...(sealing ? { group: sealing } : {}),
          });
          sent++;
        }
      } finally {
        // What failed and what came after it can be sent again; what went through shows.
        setUnsent(picked.slice(sent));
        setProgress(null);
        await pulled();
      }
    });

  const dropped = (event: DragEvent) => {
    event.preventDefault();
    setDropping(false);
    if (!busy && event.dataTransfer.files.length > 0) attach([...event.dataTransfer.files]);
  };
  const byName = [...new Set(files.map((f) => f.name))].map((name) => files.filter((f) => f.name === name));
  const input = `attach-${noteId}`;
  return (
    <section className="note-files" aria-label={t('files.title')}>
      {byName.length > 0 && (
        <ul className="files">
          {byName.map((revisions) => (
            <FileItem key={revisions[0]!.name} revisions={revisions} onChanged={pulled} offline={offline} group={group} />
          ))}
        </ul>
      )}
      {!readOnly && (
        <div
          className={dropping ? 'file-drop dropping' : 'file-drop'}
          onDragOver={(event) => {
            event.preventDefault();
            setDropping(true);
          }}
          onDragLeave={() => setDropping(false)}
          onDrop={dropped}
        >
          {/* The input is hidden but focusable; its label is the visible button, in the page's language. */}
          <input
            id={input}
            className="file-input"
            type="file"
            multiple
            disabled={busy}
            onChange={(event) => {
              const picked = [...(event.target.files ?? [])];
              event.target.value = '';
              if (picked.length > 0) attach(picked);
            }}
          />
          <label htmlFor={input} className="file-pick">
            {t('files.attach')}
          </label>
          <span className="muted">{t('files.drop')}</span>
          <label htmlFor={`keep-${noteId}`} className="file-keep">
            {t('files.keep')}
          </label>
          <select id={`keep-${noteId}`} value={keep} onChange={(event) => setKeep(event.target.value as 'all' | 'latest')}>
            <option value="all">{t('files.keepAll')}</option>
            <option value="latest">{t('files.keepLatest')}</option>
          </select>
        </div>
      )}
      {progress && (
        <div className="progress">
          <label htmlFor={`${input}-progress`}>
            {t('files.sending', { name: progress.name, percent: Math.floor((100 * progress.sent) / progress.total) })}
          </label>
          <progress id={`${input}-progress`} value={progress.sent} max={progress.total} />
        </div>
      )}
      <Problem text={problem} />
      {unsent.length > 0 && !busy && (
        <button type="button" className="secondary" onClick={() => attach(unsent)}>
          {t('files.retry', { count: unsent.length })}
        </button>
      )}
    </section>
  );
}
