import type { AnyOperation } from '../pipeline/operation.js';
import { ping } from './site/ping.js';
import { signIn } from './sessions/sign-in.js';
import { signOut } from './sessions/sign-out.js';
import { presentAvatars } from './sessions/present-avatars.js';
import { listOperatorSessions } from './sessions/list-operator-sessions.js';
import { revokeOperatorSession } from './sessions/revoke-operator-session.js';
import { openSpace } from './spaces/open.js';
import { listSpaces } from './spaces/list.js';
import { showSpace } from './spaces/show.js';
import { setQuotas } from './spaces/set-quotas.js';
import { setNotification } from './spaces/set-notification.js';
import { postNotification } from './notifications/set.js';
import { listNotifications } from './notifications/list.js';
import { setSigninBan } from './spaces/set-signin-ban.js';
import { setReadOnly } from './spaces/set-read-only.js';
import { setFrozen } from './spaces/set-frozen.js';
import { closeSpace } from './spaces/close.js';
import { viewTreasurerSponsorship } from './sponsorships/view-treasurer.js';
import { createTreasurer } from './accounts/create-treasurer.js';
import { querySiteAudit, querySpaceAudit } from './audit/query.js';
import { showLicence, showSpaceLicence } from './reporting/licence.js';
import { listStatistics } from './reporting/statistics.js';
import { setSpaceOptions } from './spaces/set-options.js';
import { listPartitions } from './spaces/list-partitions.js';
import { createPartition } from './partitions/create.js';
import { renamePartition } from './partitions/rename.js';
import { setPartitionArchived } from './partitions/set-archived.js';
import { setPartitionQuotas } from './partitions/set-quotas.js';
import { setAShare } from './partitions/set-a-share.js';
import { partitionOverview } from './partitions/overview.js';
import { partitionAccounts } from './partitions/accounts.js';
import { setDelegate } from './partitions/set-delegate.js';
import { setAccountQuotas } from './accounts/set-quotas.js';
import { agreeToSwitch } from './accounts/agree-to-switch.js';
import { switchToA } from './accounts/switch-to-a.js';
import { switchToO } from './accounts/switch-to-o.js';
import { createSponsorship } from './sponsorships/create.js';
import { listSponsorships } from './sponsorships/list.js';
import { extendSponsorship } from './sponsorships/extend.js';
import { cancelSponsorship } from './sponsorships/cancel.js';
import { viewSponsorship } from './sponsorships/view.js';
import { acceptSponsorship } from './sponsorships/accept.js';
import { refuseSponsorship } from './sponsorships/refuse.js';
import { showAccount } from './accounts/show.js';
import { changePassphrase } from './accounts/change-passphrase.js';
import { deleteAccount } from './accounts/delete.js';
import { listAccountSessions } from './accounts/list-sessions.js';
import { revokeAccountSession } from './accounts/revoke-session.js';
import { showConsumption } from './accounts/consumption.js';
import { showCosts } from './costs/show.js';
import { showSpaceCosts } from './costs/space.js';
import { setConsumptionLimit } from './costs/set-limit.js';
import { setOwnQuotas } from './costs/set-own-quotas.js';
import { giveToAccount } from './costs/gift.js';
import { recordTicket, redeemTicket, spendCredit, ticketStatus } from './costs/tickets.js';
import { createAvatar } from './avatars/create.js';
import { deleteAvatar } from './avatars/delete.js';
import { listAvatars } from './avatars/list.js';
import { setCard } from './avatars/set-card.js';
import { setContactPhrase } from './avatars/set-contact-phrase.js';
import { lookupContact } from './contacts/lookup.js';
import { addContact } from './contacts/add.js';
import { annotateContact } from './contacts/annotate.js';
import { listContacts } from './contacts/list.js';
import { openChat } from './chats/open.js';
import { appendChatItem } from './chats/append.js';
import { deleteChatItem } from './chats/delete-item.js';
import { hangUpChat } from './chats/hang-up.js';
import { listUrgentCorrespondents } from './chats/urgent-correspondents.js';
import { openUrgentChat } from './chats/open-urgent.js';
import { appendUrgentItem } from './chats/append-urgent.js';
import { setUrgentAlert } from './chats/set-urgent-alert.js';
import { createNote } from './notes/create.js';
import { editNote } from './notes/edit.js';
import { deleteNote } from './notes/delete.js';
import { reserveFile } from './files/reserve.js';
import { validateFile } from './files/validate.js';
import { deleteFile } from './files/delete.js';
import { keepRevision } from './files/keep-revision.js';
import { pullChanges } from './sync/pull.js';
import { listTasks } from './tasks/list.js';
import { runTaskNow } from './tasks/run-now.js';
import { retryTask } from './tasks/retry.js';
import { cancelTask } from './tasks/cancel.js';
import { pauseTaskKind } from './tasks/pause.js';
import { resumeTaskKind } from './tasks/resume.js';
import { keyDerivation } from './spaces/key-derivation.js';
import { listBackups } from './backup/list.js';
import { createGroup } from './groups/create.js';
import { listGroups } from './groups/list.js';
import { listMembers } from './groups/members.js';
import { keyHolders } from './groups/key-holders.js';
import { listContact } from './groups/list-contact.js';
import { invite } from './groups/invite.js';
import { vote } from './groups/vote.js';
import { setMode } from './groups/set-mode.js';
import { withdrawInvitation } from './groups/withdraw-invitation.js';
import { accept } from './groups/accept.js';
import { decline } from './groups/decline.js';
import { setRights } from './groups/set-rights.js';
import { waive } from './groups/waive.js';
import { leave } from './groups/leave.js';
import { forget } from './groups/forget.js';
import { annotate } from './groups/annotate.js';
import { rotateKey } from './groups/rotate-key.js';
import { postChat } from './groups/post-chat.js';
import { readChat } from './groups/read-chat.js';
import { createGroupNote } from './group-notes/create.js';
import { editGroupNote } from './group-notes/edit.js';
import { deleteGroupNote } from './group-notes/delete.js';
import { setGroupHashtags } from './group-notes/set-group-hashtags.js';
import { setPrivateHashtags } from './group-notes/set-hashtags.js';
import { hostGroup } from './group-notes/host.js';
import { unhostGroup } from './group-notes/unhost.js';
import { showHosting } from './group-notes/hosting.js';
import { groupNoteWriters } from './group-notes/writers.js';
import { addHost } from './fleet/host-add.js';
import { renewEnrolment } from './fleet/host-enrolment.js';
import { listHosts } from './fleet/host-list.js';
import { showHost } from './fleet/host-show.js';
import { revokeHost } from './fleet/host-revoke.js';
import { addApp } from './fleet/app-add.js';
import { addAppVersion } from './fleet/app-add-version.js';
import { listApps } from './fleet/app-list.js';
import { grantPermission } from './fleet/permission-grant.js';
import { revokePermission } from './fleet/permission-revoke.js';
import { listPermissions } from './fleet/permission-list.js';
import { issueCommand } from './fleet/command-issue.js';
import { cancelCommand } from './fleet/command-cancel.js';
import { showCommand } from './fleet/command-show.js';
import { enrolAgent } from './fleet/agent-enrol.js';
import { agentExchange } from './fleet/agent-exchange.js';
import { agentRelease } from './fleet/agent-release.js';
import { startRollout } from './fleet/rollout-start.js';
import { showRollout } from './fleet/rollout-show.js';
import { listRollouts } from './fleet/rollout-list.js';
import { cancelRollout } from './fleet/rollout-cancel.js';
import { myPermissions } from './permissions/mine.js';
import { showPermissions } from './permissions/show.js';
import { setPermission } from './permissions/set.js';
import { addRole } from './permissions/add-role.js';
import { removeRole } from './permissions/remove-role.js';
import { setAccountRoles } from './permissions/set-account-roles.js';

/** Every operation the server exposes at POST /api/ops/<name> (file transfers and CSV exports have their own routes: file-routes.ts, csv-routes.ts). */
export const operations: AnyOperation[] = [
  ping,
  signIn,
  signOut,
  presentAvatars,
  listOperatorSessions,
  revokeOperatorSession,
  openSpace,
  listSpaces,
  showSpace,
  setQuotas,
  setNotification,
  postNotification,
  listNotifications,
  setSigninBan,
  setReadOnly,
  setFrozen,
  closeSpace,
  viewTreasurerSponsorship,
  createTreasurer,
  querySiteAudit,
  querySpaceAudit,
  showLicence,
  showSpaceLicence,
  listStatistics,
  setSpaceOptions,
  listPartitions,
  createPartition,
  renamePartition,
  setPartitionArchived,
  setPartitionQuotas,
  setAShare,
  partitionOverview,
  partitionAccounts,
  setDelegate,
  setAccountQuotas,
  agreeToSwitch,
  switchToA,
  switchToO,
  createSponsorship,
  listSponsorships,
  extendSponsorship,
  cancelSponsorship,
  viewSponsorship,
  acceptSponsorship,
  refuseSponsorship,
  showAccount,
  changePassphrase,
  deleteAccount,
  listAccountSessions,
  revokeAccountSession,
  showConsumption,
  showCosts,
  showSpaceCosts,
  setConsumptionLimit,
  setOwnQuotas,
  giveToAccount,
  recordTicket,
  ticketStatus,
  redeemTicket,
  spendCredit,
  createAvatar,
  deleteAvatar,
  listAvatars,
  setCard,
  setContactPhrase,
  lookupContact,
  addContact,
  annotateContact,
  listContacts,
  openChat,
  appendChatItem,
  deleteChatItem,
  hangUpChat,
  listUrgentCorrespondents,
  openUrgentChat,
  appendUrgentItem,
  setUrgentAlert,
  createNote,
  editNote,
  deleteNote,
  reserveFile,
  validateFile,
  deleteFile,
  keepRevision,
  pullChanges,
  listTasks,
  runTaskNow,
  retryTask,
  cancelTask,
  pauseTaskKind,
  resumeTaskKind,
  keyDerivation,
  listBackups,
  createGroup,
  listGroups,
  listMembers,
  keyHolders,
  listContact,
  invite,
  vote,
  setMode,
  withdrawInvitation,
  accept,
  decline,
  setRights,
  waive,
  leave,
  forget,
  annotate,
  rotateKey,
  postChat,
  readChat,
  createGroupNote,
  editGroupNote,
  deleteGroupNote,
  setGroupHashtags,
  setPrivateHashtags,
  hostGroup,
  unhostGroup,
  showHosting,
  groupNoteWriters,
  addHost,
  renewEnrolment,
  listHosts,
  showHost,
  revokeHost,
  addApp,
  addAppVersion,
  listApps,
  grantPermission,
  revokePermission,
  listPermissions,
  issueCommand,
  cancelCommand,
  showCommand,
  enrolAgent,
  agentExchange,
  agentRelease,
  startRollout,
  showRollout,
  listRollouts,
  cancelRollout,
  showPermissions,
  myPermissions,
  setPermission,
  addRole,
  removeRole,
  setAccountRoles,
];
