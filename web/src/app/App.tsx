import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import { chooseLanguage, languages, type Language } from '../i18n/setup';
import { Join } from '../screens/Join';
import { SignIn } from '../screens/SignIn';
import { Space } from '../screens/Space';
import { SessionProvider, useSession } from '../session/session';

/** The frame of every screen: the name, the language picker, then the screen the path names. */
export function App() {
  return (
    <SessionProvider>
      <Header />
      <main>
        <Routes>
          <Route path="/" element={<SignIn />} />
          <Route path="/join" element={<Join />} />
          <Route path="/space" element={<SignedIn />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </main>
    </SessionProvider>
  );
}

function SignedIn() {
  const { account } = useSession();
  return account ? <Space /> : <Navigate to="/" replace />;
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
