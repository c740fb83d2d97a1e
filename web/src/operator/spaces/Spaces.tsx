import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Problem } from '../../ui/fields';
import { formatBytes, formatNumber } from '../../ui/format';
import { useOperator } from '../session';
import { useLoaded } from '../../ui/use-loaded';
import { Gauge } from '../../ui/Gauge';
import { Govern } from './Govern';
import { OpenSpace } from './OpenSpace';
import type { SpaceView } from './space-view';

/** The spaces with their usage against their quotas and their state; one of them opened to govern it. */
export function Spaces() {
  const { t } = useTranslation();
  const { client, canChange } = useOperator();
  const load = useCallback(async () => (await client.call('space.list')).spaces, [client]);
  const { data: spaces, problem, reload, setData } = useLoaded(load);
  const [chosen, setChosen] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);
  const shown = spaces?.find((s) => s.orgCode === chosen);

  /** A space as an operation answered it, put in place without reading the list again. */
  const changed = (space: SpaceView) => setData((list) => list && list.map((s) => (s.orgCode === space.orgCode ? space : s)));

  return (
    <section className="card" aria-labelledby="spaces-title">
      <div className="panel-head">
        <h1 id="spaces-title">{t('operator.tabs.spaces')}</h1>
        <div className="actions">
          <button type="button" className="secondary" onClick={() => void reload()}>
            {t('operator.refresh')}
          </button>
          {canChange && !opening && (
            <button type="button" onClick={() => setOpening(true)}>
              {t('operator.open.button')}
            </button>
          )}
        </div>
      </div>
      {opening && <OpenSpace onClose={() => setOpening(false)} onOpened={() => void reload()} />}
      <Problem text={problem} />
      {spaces?.length === 0 && <p className="muted">{t('operator.spaces.none')}</p>}
      <ul className="rows">
        {spaces?.map((space) => (
          <li key={space.orgCode}>
            <SpaceRow space={space} />
            <button
              type="button"
              className="secondary"
              aria-expanded={chosen === space.orgCode}
              onClick={() => setChosen(chosen === space.orgCode ? null : space.orgCode)}
            >
              {t(canChange && space.closedAt === null ? 'operator.spaces.govern' : 'operator.spaces.details', { orgCode: space.orgCode })}
            </button>
            {shown === space && <Govern space={space} onChanged={changed} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

function SpaceRow({ space }: { space: SpaceView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const states = [
    space.closedAt !== null ? 'closed' : null,
    space.frozen ? 'frozen' : null,
    space.readOnly ? 'readOnly' : null,
    space.signinBanAt !== null && space.closedAt === null ? 'signinBan' : null,
  ].filter((s): s is string => s !== null);
  return (
    <div className="space-row">
      <h2>
        {space.orgCode} <small>#{space.number}</small>
      </h2>
      <p className="states">
        {(states.length ? states : ['open']).map((s) => (
          <span key={s} className={`state ${s}`}>
            {t(`operator.state.${s}`)}
          </span>
        ))}
      </p>
      <div className="gauges">
        <Gauge
          label={t('operator.spaces.accounts')}
          used={space.usage.accounts}
          quota={space.quotas.maxAccounts}
          format={(n) => formatNumber(n, lang)}
        />
        <Gauge
          label={t('operator.spaces.documents')}
          used={space.usage.documents}
          quota={space.quotas.documents}
          format={(n) => formatNumber(n, lang)}
        />
        <Gauge
          label={t('operator.spaces.volume')}
          used={space.usage.volumeBytes}
          quota={space.quotas.volumeBytes}
          format={(n) => formatBytes(n, lang)}
        />
      </div>
    </div>
  );
}
