import { useTranslation } from 'react-i18next';

type Rights = { members: boolean; notes: 'none' | 'read' | 'write'; moderator: boolean; membersWaived?: boolean; notesWaived?: boolean };

/** A member's rights in words: members and chat, notes (none, read, read-write), moderator; a waived access says so. */
export function RightsText({ rights }: { rights: Rights }) {
  const { t } = useTranslation();
  const parts = [
    rights.members
      ? t('groups.rights.members') + (rights.membersWaived ? ` (${t('groups.rights.waived')})` : '')
      : t('groups.rights.noMembers'),
    t(`groups.rights.notes.${rights.notes}`) + (rights.notes !== 'none' && rights.notesWaived ? ` (${t('groups.rights.waived')})` : ''),
    ...(rights.moderator ? [t('groups.rights.moderator')] : []),
  ];
  return <span className="rights">{parts.join(' · ')}</span>;
}
