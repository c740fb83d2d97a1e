import { useTranslation } from 'react-i18next';

/**
 * The one line a screen shows offline where it left out what would write (see useReadOnly). A screen
 * whose content only the site holds (contacts, sponsorships, usage, sessions) says that instead.
 */
export function ReadOnlyNote({ siteOnly = false }: { siteOnly?: boolean }) {
  const { t } = useTranslation();
  return <p className="muted">{t(siteOnly ? 'modes.siteOnlyHere' : 'modes.readOnlyHere')}</p>;
}
