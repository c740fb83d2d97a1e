import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { IlotClient, type SignedInAccount } from '../../../src/client/client.js';
import { MemoryStore, type LocalStore } from '../../../src/client/local-store.js';
import { deriveInWorker } from '../kdf/derive';
import { dropAllDrafts } from '../notes/drafts';

// One SDK client per tab, on this site's origin. The account's keys live in it, in memory only:
// signing out or closing the tab forgets them.

interface Session {
  client: IlotClient;
  account: SignedInAccount | undefined;
  /** Where the signed-in account's perimeter is kept between pulls (ciphertext only). */
  store: LocalStore;
  signIn(orgCode: string, passphrase: string, onStage: (stage: 'deriving' | 'signingIn') => void): Promise<void>;
  signOut(): Promise<void>;
  /** Shows what the SDK changed in the account it holds (an avatar created). */
  accountChanged(): void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [account, setAccount] = useState<SignedInAccount | undefined>();
  const [store, setStore] = useState<LocalStore>(() => new MemoryStore());
  const session = useMemo<Omit<Session, 'account' | 'store'>>(() => {
    let onStage: (stage: 'deriving' | 'signingIn') => void = () => undefined;
    const client = new IlotClient(location.origin, {
      derive: async (...args) => {
        onStage('deriving');
        const keys = await deriveInWorker(...args);
        onStage('signingIn');
        return keys;
      },
    });
    return {
      client,
      async signIn(orgCode, passphrase, stage) {
        onStage = stage;
        const signedIn = await client.signIn(orgCode, passphrase);
        setStore(new MemoryStore());
        setAccount(signedIn);
      },
      async signOut() {
        dropAllDrafts();
        await client.signOut();
        setAccount(undefined);
      },
      accountChanged() {
        setAccount({ ...client.member });
      },
    };
  }, []);
  return <SessionContext.Provider value={{ ...session, account, store }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** How an avatar is shown: its name and the last four digits of its number. */
export const avatarLabel = (avatar: { id: string; name: string }) => `${avatar.name}#${avatar.id.slice(-4)}`;
