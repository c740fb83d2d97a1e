import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deleteFile, keepRevision, type NoteFile } from '../../../src/client/files.js';
import { useSession } from '../session/session';
import { Problem } from '../ui/fields';
import { useAction } from '../ui/use-action';
import { decryptedBlob, shownAs, sizeText } from './file-bytes';
import { useFilesReadOnly, type GroupFiles } from './group-files';
import { OfflineMark, type KeptHere } from './OfflineMark';

/** Starts the download of a decrypted file under its name; the link's URL is kept long enough for the browser to save it. */
function save(blob: Blob, name: string) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}

/**
 * One revision of a file: its size and date, shown in the page (images, PDF, audio, video) or
 * downloaded, kept as the only one, or deleted after a confirmation, and marked available offline
 * (`offline`: the database that keeps it and whether it does; none in incognito). Decrypted
 * content lives in an object URL only while it is shown. Offline, a file not kept cannot be read.
 * A group note's file opens with the group's keys; a member who only reads the notes neither keeps
 * one revision only nor deletes.
 */
export function FileRevision({
  file,
  others,
  onChanged,
  offline,
  group,
}: {
  file: NoteFile;
  others: boolean;
  onChanged: () => Promise<void>;
  offline: KeptHere | undefined;
  group: GroupFiles | undefined;
}) {
  const { t, i18n } = useTranslation();
  const { client, store } = useSession();
  const readOnly = useFilesReadOnly(group);
  const readable = !client.isOffline || offline?.kept.has(file.id) === true;
  const { busy, problem, run } = useAction();
  const [url, setUrl] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  const kind = shownAs(file.type);
  const date = new Date(file.createdAt).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  const change = (work: () => Promise<unknown>) => () =>
    void run(async () => {
      await work();
      await onChanged();
    });
  return (
    <div className="file-revision">
      <p className="muted">{t('files.details', { size: sizeText(file.size, i18n.language), date })}</p>
      <div className="actions">
        {readable &&
          kind &&
          (url ? (
            <button type="button" className="secondary" onClick={() => setUrl(null)}>
              {t('files.hide')}
            </button>
          ) : (
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() =>
                void run(async () => setUrl(URL.createObjectURL(await decryptedBlob(client, store, file, file.type, group?.keys))))
              }
            >
              {t('files.show')}
            </button>
          ))}
        {readable && (
          <button
            type="button"
            className="secondary"
            disabled={busy}
            // Saved as bytes, whatever its type: the browser never opens it as a page of this site.
            onClick={() =>
              void run(async () => save(await decryptedBlob(client, store, file, 'application/octet-stream', group?.keys), file.name))
            }
          >
            {t('files.download')}
          </button>
        )}
        {others && !readOnly && (
          <button type="button" className="secondary" disabled={busy} onClick={change(() => keepRevision(client, file.id))}>
            {t('files.keepOnly')}
          </button>
        )}
        {readOnly ? null : confirming ? (
          <>
            <button type="button" className="danger" disabled={busy} onClick={change(() => deleteFile(client, file.id))}>
              {t('files.confirmDelete')}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              {t('files.cancel')}
            </button>
          </>
        ) : (
          <button type="button" className="secondary" onClick={() => setConfirming(true)}>
            {t('files.delete')}
          </button>
        )}
      </div>
      {offline && <OfflineMark file={file} here={offline} />}
      {busy && <p className="muted">{t('files.working')}</p>}
      <Problem text={problem} />
      {url && kind === 'image' && <img className="file-shown" src={url} alt={file.name} />}
      {url && kind === 'audio' && <audio className="file-shown" controls src={url} aria-label={file.name} />}
      {url && kind === 'video' && <video className="file-shown" controls src={url} aria-label={file.name} />}
      {url && kind === 'pdf' && <iframe className="file-shown file-pdf" src={url} title={file.name} />}
    </div>
  );
}
