import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { myPermissions } from '../../../src/client/permissions.js';
import { useSession } from '../session/session';
import { Problem } from '../ui/fields';
import { useLoaded } from '../ui/use-loaded';
import { Accounts } from './accounts/Accounts';
import { SpaceAudit } from './audit/SpaceAudit';
import { Licence } from './licence/Licence';
import { Notifications } from './notifications/Notifications';
import { Partitions } from './partitions/Partitions';
import { PermissionMatrix } from './permissions/PermissionMatrix';
import { Statistics } from './statistics/Statistics';
import { Tickets } from './tickets/Tickets';
import '../ui/console.css';

/** Each panel, shown to whoever holds the keys it needs to be read (and, for notifications, used). */
const panels = [
  { path: 'partitions', element: <Partitions />, needs: ['partition.read'] },
  { path: 'accounts', element: <Accounts />, needs: ['partition.read'] },
  { path: 'notifications', element: <Notifications />, needs: ['partition.read', ['notify.partition', 'notify.account']] },
  { path: 'tickets', element: <Tickets />, needs: ['tickets.record'] },
  { path: 'licence', element: <Licence />, needs: ['licence.read'] },
  { path: 'statistics', element: <Statistics />, needs: ['stats.read'] },
  { path: 'audit', element: <SpaceAudit />, needs: ['audit.read'] },
  { path: 'permissions', element: <PermissionMatrix />, needs: ['permissions.read'] },
] as const;

/** Whether the keys held open a panel: every key it needs, or one of each group of alternatives. */
const opens = (held: readonly string[], needs: readonly (string | readonly string[])[]) =>
  needs.every((need) => (typeof need === 'string' ? held.includes(need) : need.some((key) => held.includes(key))));

/**
 * The treasurer's and delegates' console, inside the member's frame. It shows the panels whose keys
 * the member holds, read from the server each time the console opens (a change of the matrix shows
 * on the next opening); the server still judges every request of a panel.
 */
export function Admin() {
  const { t } = useTranslation();
  const { account, client } = useSession();
  const load = useCallback(() => myPermissions(client), [client]);
  const { data: held, problem } = useLoaded(load);
  if (!account) return <Navigate to="/" replace />;
  const shown = held === null ? [] : panels.filter((panel) => opens(held, panel.needs));
  return (
    <div className="console admin" aria-busy={held === null && problem === null}>
      <Problem text={problem} />
      {held && shown.length === 0 && <p>{t('admin.nothing')}</p>}
      {shown.length > 0 && (
        <>
          <nav aria-label={t('admin.title')} className="tabs">
            {shown.map(({ path }) => (
              <NavLink key={path} to={`/admin/${path}`}>
                {t(`admin.tabs.${path}`)}
              </NavLink>
            ))}
          </nav>
          <Routes>
            {shown.map(({ path, element }) => (
              <Route key={path} path={path} element={element} />
            ))}
            <Route path="*" element={<Navigate to={`/admin/${shown[0]!.path}`} replace />} />
          </Routes>
        </>
      )}
    </div>
  );
}
