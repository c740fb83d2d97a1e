import { useTranslation } from 'react-i18next';

/**
 * The one line a screen shows offline where it left out what would write (see useReadOnly). A screen
 * whose content only the site holds (contacts, sponsorships, usage, sessions) says so in the same line.
 */
export function ReadOnlyNote({ siteOnly = false }: { siteOnly?: boolean }) {
  const { t } = useTranslation();
  return <p className="muted">{siteOnly ? `${t('modes.readOnlyHere')} ${t('modes.siteOnlyHere')}` : t('modes.readOnlyHere')}</p>;
}
