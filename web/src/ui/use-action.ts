import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../i18n/describe-error';

/** Runs what a button asks for: busy meanwhile, and a failure told in words, in the page's language. */
export function useAction() {
  const { i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const run = useCallback(
    async (work: () => Promise<void>) => {
      setProblem(null);
      setBusy(true);
      try {
        await work();
      } catch (error) {
        setProblem(describeError(error, i18n.language));
      } finally {
        setBusy(false);
      }
    },
    [i18n.language],
  );
  return { busy, problem, setProblem, run };
}
