import { useCallback, useEffect, useState } from 'react';
import { avatars } from '../../../src/client/membership.js';
import type { Card } from '../../../src/client/sealing.js';
import { useSession } from '../session/session';

/** The cards of the account's own avatars, opened, by avatar id; read again when the avatars change. */
export function useOwnCards() {
  const { client, account } = useSession();
  const [cards, setCards] = useState<ReadonlyMap<string, Card | null>>(new Map());
  const count = account?.avatars.length ?? 0;
  const reload = useCallback(async () => {
    if (count === 0) return;
    setCards(new Map((await avatars(client)).map((a) => [a.id, a.card])));
  }, [client, count]);
  useEffect(() => void reload().catch(() => undefined), [reload]);
  return { of: (avatarId: string) => cards.get(avatarId) ?? null, reload };
}
