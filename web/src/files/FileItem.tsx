import { useTranslation } from 'react-i18next';
import type { NoteFile } from '../../../src/client/files.js';
import { FileRevision } from './FileRevision';
import type { GroupFiles } from './group-files';
import type { KeptHere } from './OfflineMark';

/** A file of a note: its latest revision with its thumbnail, and the earlier ones folded away. */
export function FileItem({
  revisions,
  onChanged,
  offline,
  group,
}: {
  revisions: NoteFile[];
  onChanged: () => Promise<void>;
  offline: KeptHere | undefined;
  group: GroupFiles | undefined;
}) {
  const { t } = useTranslation();
  const latest = revisions.at(-1)!;
  const earlier = revisions.slice(0, -1).reverse();
  return (
    <li className="file">
      <div className="file-head">
        {latest.thumbnail ? (
          <img className="file-thumbnail" src={latest.thumbnail} alt="" />
        ) : (
          <span className="file-thumbnail" aria-hidden="true" />
        )}
        <strong className="file-name">{latest.name}</strong>
      </div>
      <FileRevision file={latest} others={earlier.length > 0} onChanged={onChanged} offline={offline} group={group} />
      {earlier.length > 0 && (
        <details className="file-earlier">
          <summary>{t('files.earlier', { count: earlier.length })}</summary>
          {earlier.map((file) => (
            <FileRevision key={file.id} file={file} others onChanged={onChanged} offline={offline} group={group} />
          ))}
        </details>
      )}
    </li>
  );
}
