import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Outlet, Route, Routes, useLocation, useNavigate } from 'react-router';
import { chooseLanguage, languages, type Language } from '../i18n/setup';
import { OfflineBanner } from '../modes/ModePicker';
import { SignIn } from '../screens/SignIn';
import { Space } from '../screens/Space';
import { avatarLabel, SessionProvider, useSession } from '../session/session';
import { SpaceStatus } from '../membership/SpaceStatus';
import { OperatorProvider } from '../operator/session';

// The sign-in and the notes come with the page; the other screens load when first opened (the
// service worker keeps them all for offline mode), so that the first load carries less.
const Account = lazy(() => import('../screens/Account').then((m) => ({ default: m.Account })));
const Contacts = lazy(() => import('../screens/Contacts').then((m) => ({ default: m.Contacts })));
const Chats = lazy(() => import('../chats/Chats').then((m) => ({ default: m.Chats })));
const Groups = lazy(() => import('../groups/Groups').then((m) => ({ default: m.Groups })));
const Join = lazy(() => import('../screens/Join').then((m) => ({ default: m.Join })));
const Sponsorships = lazy(() => import('../sponsorship/Sponsorships').then((m) => ({ default: m.Sponsorships })));
// The treasurer's console is fetched only by accounts that open it.
const Admin = lazy(() => import('../admin/Admin').then((m) => ({ default: m.Admin })));
// The operator console is fetched only by those who sign in with the org code admin: members never download it.
const Console = lazy(() => import('../operator/Console').then((m) => ({ default: m.Console })));

/** The frame of every screen: the name, the language picker, then the screen the path names. */
export function App() {
  return (
    <SessionProvider>
      <OperatorProvider>
        <Header />
        <main>
          <Suspense>
            <Routes>
              <Route path="/" element={<SignIn />} />
              <Route path="/join" element={<Join />} />
              <Route path="/operator/*" element={<Console />} />
              <Route element={<SignedIn />}>
                <Route path="/space" element={<Space />} />
                <Route path="/contacts" element={<Contacts />} />
                <Route path="/chats" element={<Chats />} />
                <Route path="/groups" element={<Groups />} />
                <Route path="/account" element={<Account />} />
                <Route path="/sponsorships" element={<Sponsorships />} />
                <Route path="/admin/*" element={<Admin />} />
              </Route>
              <Route path="*" element={<Navigate to="/" replace />} />
            </Routes>
          </Suspense>
        </main>
      </OperatorProvider>
    </SessionProvider>
  );
}

/** The frame of a signed-in account's screens: who, the screens, sign-out. */
function SignedIn() {
  const { t } = useTranslation();
  const { account, signOut, mode } = useSession();
  const urgent = new URLSearchParams(useLocation().search).has('urgent');
  const navigate = useNavigate();
  if (!account) return <Navigate to="/" replace />;
  const primary = account.avatars[0];
  return (
    <>
      <div className="who">
        <span>{t('space.signedInAs', { avatar: primary ? avatarLabel(primary) : '' })}</span>
        <nav aria-label={t('app.name')} className="tabs">
          <NavLink to="/space">{t('space.notesTab')}</NavLink>
          <NavLink to="/contacts">{t('space.contactsTab')}</NavLink>
          {/* One route with or without `?urgent`: each tab is current for its own. */}
          <NavLink
            to="/chats"
            className={({ isActive }) => (isActive && !urgent ? 'active' : '')}
            aria-current={urgent ? false : undefined}
          >
            {t('chats.tab')}
          </NavLink>
          <NavLink
            to="/chats?urgent"
            className={({ isActive }) => (isActive && urgent ? 'urgent active' : 'urgent')}
            aria-current={urgent ? undefined : false}
          >
            {t('chats.urgentEntry')}
          </NavLink>
          <NavLink to="/groups">{t('groups.tab')}</NavLink>
          <NavLink to="/sponsorships">{t('membership.tab')}</NavLink>
          <NavLink to="/account">{t('space.accountTab')}</NavLink>
          {/* Offered to every role beyond member (custom roles may hold administrative keys); the server judges each request. */}
          {account.roles.some((role) => role !== 'member') && <NavLink to="/admin">{t('admin.tab')}</NavLink>}
        </nav>
        <button type="button" className="secondary" onClick={() => void signOut().then(() => navigate('/'))}>
          {t('space.signOut')}
        </button>
      </div>
      <SpaceStatus />
      {mode === 'offline' && <OfflineBanner />}
      <Outlet />
    </>
  );
}

function Header() {
  const { t, i18n } = useTranslation();
  return (
    <header className="bar">
      <span className="brand">{t('app.name')}</span>
      <label className="language">
        <span>{t('app.language')}</span>
        <select value={i18n.language} onChange={(e) => chooseLanguage(e.target.value as Language)}>
          {languages.map((l) => (
            <option key={l} value={l}>
              {l === 'fr' ? 'Français' : 'English'}
            </option>
          ))}
        </select>
      </label>
    </header>
  );
}
