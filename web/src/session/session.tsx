import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { IlotClient, type SignedInAccount } from '../../../src/client/client.js';
import { MemoryStore, type LocalStore } from '../../../src/client/local-store.js';
import { deriveInWorker } from '../kdf/derive';
import { dropAllDrafts } from '../local/drafts';
import { BrowserStore } from '../local/browser-store';
import { defaultMode, type Mode } from '../modes/modes';
import { openSession } from '../modes/open-session';
import { OpenedNotes } from '../local/opened-notes';
import { mark } from '../ui/marks';

// One SDK client per tab, on this site's origin. The account's keys live in it, in memory only:
// signing out or closing the tab forgets them. What the browser keeps depends on the mode: the
// synced mode's database holds ciphertext only, and stays for the next session.

interface Session {
  client: IlotClient;
  account: SignedInAccount | undefined;
  /** Where the signed-in account's perimeter is kept between pulls (ciphertext only): IndexedDB when synced or offline, memory when incognito. */
  store: LocalStore;
  /** The signed-in account's notes, opened, kept with `store`; pulls go through it. */
  notes: OpenedNotes | undefined;
  mode: Mode;
  /** Signs in, or opens offline, in the mode given (synced unless told). */
  signIn(orgCode: string, passphrase: string, onStage: (stage: 'deriving' | 'signingIn') => void, mode?: Mode): Promise<void>;
  signOut(): Promise<void>;
  /** Shows what the SDK changed in the account it holds (an avatar created). */
  accountChanged(): void;
  /** After changePassphrase: a synced session's database moves under the new passphrase's local id, so that offline mode finds it. */
  passphraseChanged(localId: string): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [account, setAccount] = useState<SignedInAccount | undefined>();
  const [{ store, notes, mode }, setKept] = useState<{ store: LocalStore; notes?: OpenedNotes; mode: Mode }>(() => ({
    store: new MemoryStore(),
    mode: defaultMode,
  }));
  const session = useMemo<Omit<Session, 'account' | 'store' | 'notes' | 'mode'>>(() => {
    let onStage: (stage: 'deriving' | 'signingIn') => void = () => undefined;
    const client = new IlotClient(location.origin, {
      derive: async (...args) => {
        onStage('deriving');
        mark('derive-start');
        const keys = await deriveInWorker(...args);
        mark('derive-end');
        onStage('signingIn');
        return keys;
      },
    });
    let current: LocalStore | undefined;
    let currentNotes: OpenedNotes | undefined;
    /** A synced session's database follows the account (its avatars): offline mode opens it as it was last. */
    const keepAccount = async () => {
      if (current instanceof BrowserStore && client.account && !client.isOffline) await current.keep(await client.kept());
    };
    return {
      client,
      async signIn(orgCode, passphrase, stage, chosen = defaultMode) {
        onStage = stage;
        const opened = await openSession(client, orgCode, passphrase, chosen);
        current = opened.store;
        // Opening the kept notes starts at once, while the screen of the account renders.
        currentNotes = new OpenedNotes(client, opened.store);
        setKept({ store: opened.store, notes: currentNotes, mode: chosen });
        setAccount(opened.account);
      },
      async signOut() {
        dropAllDrafts();
        // What is being written to the database ends first (the notes as opened, sealed under keys that go with the sign-out).
        await currentNotes?.settled();
        await keepAccount().catch(() => undefined);
        await client.signOut();
        if (current instanceof BrowserStore) current.close();
        current = undefined;
        currentNotes = undefined;
        setKept({ store: new MemoryStore(), mode: defaultMode });
        setAccount(undefined);
      },
      accountChanged() {
        setAccount({ ...client.member });
        void keepAccount().catch(() => undefined);
      },
      async passphraseChanged(localId) {
        if (!(current instanceof BrowserStore) || client.isOffline) return;
        await currentNotes?.settled();
        const moved = await current.moveTo(localId, await client.kept());
        current = moved;
        currentNotes = new OpenedNotes(client, moved);
        const movedNotes = currentNotes;
        setKept(({ mode }) => ({ store: moved, notes: movedNotes, mode }));
      },
    };
  }, []);
  return <SessionContext.Provider value={{ ...session, account, store, notes, mode }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** How an avatar is shown: its name and the last four digits of its number. */
export const avatarLabel = (avatar: { id: string; name: string }) => `${avatar.name}#${avatar.id.slice(-4)}`;
