import { useSession } from './session';

/**
 * Whether the session only reads (offline mode): the screens then leave out what would write,
 * rather than offering it and refusing it (OFFLINE_READ_ONLY), and say why once (ReadOnlyNote).
 */
export const useReadOnly = () => useSession().mode === 'offline';
