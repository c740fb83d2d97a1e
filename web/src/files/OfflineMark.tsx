import { useTranslation } from 'react-i18next';
import type { NoteFile } from '../../../src/client/files.js';
import type { BrowserStore } from '../local/browser-store';
import { dropFileOffline, keepFileOffline } from '../local/offline-files';
import { useSession } from '../session/session';
import { Problem } from '../ui/fields';
import { useAction } from '../ui/use-action';

/** What a synced or offline session keeps of a note's files: the account's database, the ids of the files kept, how to read them again. */
export interface KeptHere {
  store: BrowserStore;
  kept: Set<string>;
  changed: () => Promise<void>;
}

/**
 * Whether a file is available offline in this browser. A synced session marks or unmarks it (its
 * ciphertext is fetched once and kept in the account's database, or dropped); an offline session
 * says whether it can be read without the network. An incognito session keeps nothing, so it
 * never shows this.
 */
export function OfflineMark({ file, here }: { file: NoteFile; here: KeptHere }) {
  const { t } = useTranslation();
  const { client } = useSession();
  const { busy, problem, run } = useAction();
  const kept = here.kept.has(file.id);
  if (client.isOffline) return <p className="muted">{t(kept ? 'files.offline' : 'files.notOffline')}</p>;
  return (
    <>
      <label className="check">
        <input
          type="checkbox"
          checked={kept}
          disabled={busy}
          onChange={(event) => {
            const keep = event.target.checked;
            void run(async () => {
              await (keep ? keepFileOffline(client, here.store, file) : dropFileOffline(here.store, file.id));
              await here.changed();
            });
          }}
        />
        <span>{t('files.offline')}</span>
      </label>
      {busy && <p className="muted">{t('files.offlineWorking')}</p>}
      <Problem text={problem} />
    </>
  );
}
