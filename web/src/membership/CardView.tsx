import { useTranslation } from 'react-i18next';
import type { Card } from '../../../src/client/sealing.js';
import { photoUrl } from './thumbnail';
import './membership.css';

/** An avatar's card: its photo and its text, the text always shown as text. Nothing for no card. */
export function CardView({ card, who }: { card: Card | null; who: string }) {
  const { t } = useTranslation();
  if (!card || (!card.photo && !card.text)) return null;
  return (
    <div className="avatar-card">
      {card.photo && <img src={photoUrl(card.photo)} alt={t('membership.photoAlt', { avatar: who })} />}
      {card.text && <p>{card.text}</p>}
    </div>
  );
}
