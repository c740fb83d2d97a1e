import type { AnyOperation } from '../pipeline/operation.js';
import { listOperatorSessions, revokeOperatorSession } from './sessions/operator-sessions.js';
import { signIn } from './sessions/sign-in.js';
import { signOut } from './sessions/sign-out.js';
import { ping } from './site/ping.js';
import { querySiteAudit } from './audit/query.js';
import { createTreasurer, viewTreasurerSponsorship } from './accounts/treasurer.js';
import { closeSpace, setFrozen, setNotification, setQuotas, setReadOnly, setSigninBan } from './spaces/govern.js';
import { openSpace } from './spaces/open.js';
import { listSpacesOperation, showSpace } from './spaces/read.js';
import { listPartitions, setSpaceOptions } from './spaces/options.js';
import { cancelSponsorship, createSponsorship, extendSponsorship, listSponsorships } from './sponsorships/sponsor.js';
import { acceptSponsorship, refuseSponsorship, viewSponsorship } from './sponsorships/join.js';
import { changePassphrase, deleteAccount, listAccountSessions, revokeAccountSession, showAccount } from './accounts/account.js';
import { showConsumption } from './accounts/consumption.js';
import { createAvatar, deleteAvatar, listAvatars, setCard, setContactPhrase } from './avatars/avatars.js';
import { addContact, annotateContact, listContacts, lookupContact } from './contacts/contacts.js';
import { createNote } from './notes/create.js';
import { editNote } from './notes/edit.js';
import { deleteNote } from './notes/delete.js';
import { pullChanges } from './sync/pull.js';
import { reserveFile } from './files/reserve.js';
import { validateFile } from './files/validate.js';
import { deleteFile } from './files/delete.js';
import { keepRevision } from './files/keep-revision.js';
import { cancelTask, listTasks, pauseTaskKind, resumeTaskKind, retryTask, runTaskNow } from './tasks/tasks.js';

/** Every operation the server exposes at POST /api/ops/<name> (file transfers have their own routes: file-routes.ts). */
export const operations: AnyOperation[] = [
  ping,
  signIn,
  signOut,
  listOperatorSessions,
  revokeOperatorSession,
  openSpace,
  listSpacesOperation,
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
