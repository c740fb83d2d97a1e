import type { Static } from '@sinclair/typebox';
import type { Contract } from './contract.js';
import * as accounts from './accounts.js';
import * as audit from './audit.js';
import * as avatars from './avatars.js';
import * as chats from './chats.js';
import * as contacts from './contacts.js';
import * as costs from './costs.js';
import * as files from './files.js';
import * as groups from './groups.js';
import * as notes from './notes.js';
import * as partitions from './partitions.js';
import * as notifications from './notifications.js';
import * as permissions from './permissions.js';
import * as sessions from './sessions.js';
import * as site from './site.js';
import * as spaces from './spaces.js';
import * as sponsorships from './sponsorships.js';
import * as sync from './sync.js';
import * as tasks from './tasks.js';
import * as backup from './backup.js';
import * as groupNotes from './group-notes.js';
import * as fleet from './fleet.js';
import * as reporting from './reporting.js';

export * from './contract.js';

/** Every operation contract, one module per domain. */
const byDomain = {
  accounts,
  audit,
  avatars,
  chats,
  contacts,
  costs,
  files,
  groups,
  notes,
  partitions,
  notifications,
  permissions,
  sessions,
  site,
  spaces,
  sponsorships,
  sync,
  tasks,
  backup,
  groupNotes,
  fleet,
  reporting,
};

type Exported = { [D in keyof typeof byDomain]: (typeof byDomain)[D][keyof (typeof byDomain)[D]] }[keyof typeof byDomain];
/** Any contract of the registry. */
export type AnyContract = Extract<Exported, Contract>;
/** The name of an operation the site exposes. */
export type OperationName = AnyContract['name'];
export type ContractOf<N extends OperationName> = Extract<AnyContract, { name: N }>;
export type InputOf<N extends OperationName> = Static<ContractOf<N>['input']>;
export type OutputOf<N extends OperationName> = Static<ContractOf<N>['output']>;

/** The contracts as a list (the server checks that each has exactly one operation). */
export const contracts: readonly Contract[] = Object.values(byDomain).flatMap((domain) => Object.values(domain).filter(isContract));

function isContract(value: unknown): value is Contract {
  return typeof value === 'object' && value !== null && 'name' in value && 'input' in value && 'output' in value;
}
