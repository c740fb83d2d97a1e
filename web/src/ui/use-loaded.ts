import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../i18n/describe-error';

/**
 * What a panel reads from the site: loaded at once, read again on demand, and every `everyMs` while
 * shown when given (a view of what changes by itself); a failure told in words.
 */
export function useLoaded<T>(load: () => Promise<T>, everyMs?: number) {
  const { i18n } = useTranslation();
  const [data, setData] = useState<T | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      setData(await load());
      setProblem(null);
    } catch (error) {
      setProblem(describeError(error, i18n.language));
    }
  }, [load, i18n.language]);
  useEffect(() => {
    void reload();
    if (everyMs === undefined) return;
    const timer = setInterval(() => void reload(), everyMs);
    return () => clearInterval(timer);
  }, [reload, everyMs]);
  return { data, problem, reload, setData };
}
