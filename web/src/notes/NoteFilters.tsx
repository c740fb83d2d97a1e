import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../ui/fields';

/** The search box and the hashtags to filter by (folded hashtag → as first written). */
export function NoteFilters({
  query,
  onQuery,
  hashtags,
  chosen,
  onToggle,
}: {
  query: string;
  onQuery: (query: string) => void;
  hashtags: ReadonlyMap<string, string>;
  chosen: ReadonlySet<string>;
  onToggle: (tag: string) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="filters" role="search">
      <Field id={`${id}-search`} type="search" label={t('tree.search')} value={query} onValue={onQuery} autoComplete="off" />
      {hashtags.size > 0 && (
        <div role="group" aria-labelledby={`${id}-tags`} className="tag-filters">
          <span id={`${id}-tags`} className="label">
            {t('tree.tagged')}
          </span>
          {[...hashtags].map(([tag, shown]) => (
            <button key={tag} type="button" className="secondary" aria-pressed={chosen.has(tag)} onClick={() => onToggle(tag)}>
              #{shown}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
