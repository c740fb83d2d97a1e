import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { IlotClient } from '../../../src/client/client.js';
import { deriveInWorker } from '../kdf/derive';

// An operator's session is apart from a member's: a client of its own, holding only the session's
// token (operators have no keys to open), forgotten on sign-out or when the tab closes.

export interface Operator {
  name: string;
  role: string;
}

interface OperatorSession {
  client: IlotClient;
  operator: Operator | undefined;
  /** Observers see everything and change nothing: the console hides what they cannot do (the server refuses it anyway). */
  canChange: boolean;
  /** The site ended the session (revoked, expired) while the console was open: sign-in says so. */
  ended: boolean;
  signIn(passphrase: string, onStage: (stage: 'deriving' | 'signingIn') => void): Promise<void>;
  signOut(): Promise<void>;
}

const OperatorContext = createContext<OperatorSession | null>(null);

export function OperatorProvider({ children }: { children: ReactNode }) {
  const [operator, setOperator] = useState<Operator | undefined>();
  const [ended, setEnded] = useState(false);
  const session = useMemo(() => {
    let onStage: (stage: 'deriving' | 'signingIn') => void = () => undefined;
    const client = new IlotClient(location.origin, {
      derive: async (...args) => {
        onStage('deriving');
        const keys = await deriveInWorker(...args);
        onStage('signingIn');
        return keys;
      },
      onSessionEnded: () => {
        setOperator(undefined);
        setEnded(true);
      },
    });
    return {
      client,
      async signIn(passphrase: string, stage: (stage: 'deriving' | 'signingIn') => void) {
        onStage = stage;
        setEnded(false);
        try {
          setOperator(await client.signInOperator(passphrase));
        } finally {
          // Later derivations (a space's sponsorship phrase) are not the sign-in's stages.
          onStage = () => undefined;
        }
      },
      async signOut() {
        await client.signOut();
        setOperator(undefined);
      },
    };
  }, []);
  const value = { ...session, operator, ended, canChange: operator?.role === 'admin' };
  return <OperatorContext.Provider value={value}>{children}</OperatorContext.Provider>;
}

export function useOperator(): OperatorSession {
  const session = useContext(OperatorContext);
  if (!session) throw new Error('useOperator outside OperatorProvider');
  return session;
}
