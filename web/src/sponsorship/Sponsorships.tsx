import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sponsorships, type SponsorshipStatus } from '../../../src/client/membership.js';
import { describeError } from '../i18n/describe-error';
import { useSession } from '../session/session';
import { Problem } from '../ui/fields';
import { useReadOnly } from '../session/read-only';
import { ReadOnlyNote } from '../session/ReadOnlyNote';
import { SponsorForm } from './SponsorForm';
import { SponsorshipList } from './SponsorshipList';
import './sponsorship.css';

/**
 * Sponsoring someone, and one's sponsorships with their state and answers (opened in the browser).
 * Offline, only the site holds the list, and sponsoring writes.
 */
export function Sponsorships() {
  return useReadOnly() ? <ReadOnlyNote siteOnly /> : <OnlineSponsorships />;
}

function OnlineSponsorships() {
  const { i18n } = useTranslation();
  const { client } = useSession();
  const [list, setList] = useState<SponsorshipStatus[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const load = useCallback(async () => setList(await sponsorships(client)), [client]);
  useEffect(() => {
    load().catch((error: unknown) => setProblem(describeError(error, i18n.language)));
  }, [load, i18n.language]);
  return (
    <div className="sponsorship">
      <Problem text={problem} />
      <SponsorForm onSponsored={load} />
      <SponsorshipList list={list} onChanged={load} />
    </div>
  );
}
