import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes, useNavigate } from 'react-router';
import { Audit } from './audit/Audit';
import { Backups } from './backups/Backups';
import { Fleet } from './fleet/Fleet';
import { Health } from './health/Health';
import { Sessions } from './sessions/Sessions';
import { useOperator } from './session';
import { Spaces } from './spaces/Spaces';
import { Tasks } from './tasks/Tasks';
import '../ui/console.css';

const panels = [
  { path: 'spaces', element: <Spaces /> },
  { path: 'tasks', element: <Tasks /> },
  { path: 'backups', element: <Backups /> },
  { path: 'audit', element: <Audit /> },
  { path: 'health', element: <Health /> },
  { path: 'sessions', element: <Sessions /> },
  { path: 'fleet', element: <Fleet /> },
] as const;

/** The operator console: who is signed in and with which role, the panels, sign-out. */
export function Console() {
  const { t } = useTranslation();
  const { operator, signOut } = useOperator();
  const navigate = useNavigate();
  if (!operator) return <Navigate to="/" replace />;
  const observer = operator.role !== 'admin';
  return (
    <div className="console">
      <div className="who">
        <span>
          {t('operator.signedInAs', { name: operator.name })}{' '}
          <span className={`role ${observer ? 'observer' : ''}`}>{t(observer ? 'operator.observer' : 'operator.admin')}</span>
        </span>
        <nav aria-label={t('operator.title')} className="tabs">
          {panels.map(({ path }) => (
            <NavLink key={path} to={`/operator/${path}`}>
              {t(`operator.tabs.${path}`)}
            </NavLink>
          ))}
        </nav>
        <button type="button" className="secondary" onClick={() => void signOut().finally(() => navigate('/'))}>
          {t('space.signOut')}
        </button>
      </div>
      {observer && <p className="banner">{t('operator.observerNote')}</p>}
      <Routes>
        {panels.map(({ path, element }) => (
          <Route key={path} path={path} element={element} />
        ))}
        <Route path="*" element={<Navigate to="/operator/spaces" replace />} />
      </Routes>
    </div>
  );
}
