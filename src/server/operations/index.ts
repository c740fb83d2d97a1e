import type { AnyOperation } from '../pipeline/operation.js';
import { listOperatorSessions } from './sessions/list-operator-sessions.js';
import { revokeOperatorSession } from './sessions/revoke-operator-session.js';
import { signIn } from './sessions/sign-in.js';
import { signOut } from './sessions/sign-out.js';
import { ping } from './site/ping.js';
import { querySiteAudit } from './audit/query.js';
import { createTreasurer } from './accounts/create-treasurer.js';
import { viewTreasurerSponsorship } from './sponsorships/view-treasurer.js';
import { closeSpace, setFrozen, setNotification, setQuotas, setReadOnly, setSigninBan } from './spaces/govern.js';
import { openSpace } from './spaces/open.js';
import { listSpacesOperation, showSpace } from './spaces/read.js';
import { listPartitions, setSpaceOptions } from './spaces/options.js';
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
import { createAvatar } from './avatars/create.js';
import { deleteAvatar } from './avatars/delete.js';
import { listAvatars } from './avatars/list.js';
import { setCard } from './avatars/set-card.js';
import { setContactPhrase } from './avatars/set-contact-phrase.js';
import { lookupContact } from './contacts/lookup.js';
import { addContact } from './contacts/add.js';
import { annotateContact } from './contacts/annotate.js';
import { listContacts } from './contacts/list.js';
import { createNote, deleteNote, editNote } from './notes/notes.js';
import { pullChanges } from './sync/pull.js';
import { deleteFile, keepRevision, reserveFile, validateFile } from './files/files.js';
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
