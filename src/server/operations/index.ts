import type { AnyOperation } from '../pipeline/operation.js';
import { listOperatorSessions, revokeOperatorSession } from './sessions/operator-sessions.js';
import { signIn } from './sessions/sign-in.js';
import { signOut } from './sessions/sign-out.js';
import { ping } from './site/ping.js';
import { querySiteAudit } from './audit/query.js';
import { createTreasurer, viewTreasurerSponsorship } from './accounts/treasurer.js';
import { openSpace } from './spaces/open.js';
import { listSpaces } from './spaces/list.js';
import { showSpace } from './spaces/show.js';
import { setQuotas } from './spaces/set-quotas.js';
import { setNotification } from './spaces/set-notification.js';
import { setSigninBan } from './spaces/set-signin-ban.js';
import { setReadOnly } from './spaces/set-read-only.js';
import { setFrozen } from './spaces/set-frozen.js';
import { closeSpace } from './spaces/close.js';
import { setSpaceOptions } from './spaces/set-options.js';
import { listPartitions } from './spaces/list-partitions.js';
import { cancelSponsorship, createSponsorship, extendSponsorship, listSponsorships } from './sponsorships/sponsor.js';
import { acceptSponsorship, refuseSponsorship, viewSponsorship } from './sponsorships/join.js';
import { changePassphrase, deleteAccount, listAccountSessions, revokeAccountSession, showAccount } from './accounts/account.js';
import { showConsumption } from './accounts/consumption.js';
import { createAvatar, deleteAvatar, listAvatars, setCard, setContactPhrase } from './avatars/avatars.js';
import { addContact, annotateContact, listContacts, lookupContact } from './contacts/contacts.js';
import { createNote, deleteNote, editNote } from './notes/notes.js';
import { pullChanges } from './sync/pull.js';
import { deleteFile, keepRevision, reserveFile, validateFile } from './files/files.js';
import { listTasks } from './tasks/list.js';
import { runTaskNow } from './tasks/run-now.js';
import { retryTask } from './tasks/retry.js';
import { cancelTask } from './tasks/cancel.js';
import { pauseTaskKind } from './tasks/pause.js';
import { resumeTaskKind } from './tasks/resume.js';

/** Every operation the server exposes at POST /api/ops/<name> (file transfers have their own routes: file-routes.ts). */
export const operations: AnyOperation[] = [
  ping,
  signIn,
  signOut,
  listOperatorSessions,
  revokeOperatorSession,
  openSpace,
  listSpaces,
  showSpace,
  setQuotas,
  setNotification,
  setSigninBan,
  setReadOnly,
  setFrozen,
  closeSpace,
  viewTreasurerSponsorship,
  createTreasurer,
  querySiteAudit,
  setSpaceOptions,
  listPartitions,
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
  createAvatar,
  deleteAvatar,
  listAvatars,
  setCard,
  setContactPhrase,
  lookupContact,
  addContact,
  annotateContact,
  listContacts,
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
];
