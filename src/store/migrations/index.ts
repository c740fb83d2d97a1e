import type { Kysely } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_sessions.js';
import * as m0003 from './0003_spaces_accounts.js';
import * as m0004 from './0004_audit_chain.js';
import * as m0005 from './0005_audit_hash_function.js';
import * as m0006 from './0006_membership.js';
import * as m0007 from './0007_tasks.js';
import * as m0008 from './0008_notes.js';
import * as m0009 from './0009_files.js';
import * as m0010 from './0010_consumption.js';
import * as m0011 from './0011_unlinkable_avatars.js';
import * as m0012 from './0012_masked_usage.js';
import * as m0013 from './0013_chats.js';
import * as m0014 from './0014_groups.js';
import * as m0015 from './0015_group_notes.js';
import * as m0016 from './0016_fleet.js';
import * as m0017 from './0017_permissions.js';
import * as m0018 from './0018_partitions.js';
import * as m0020 from './0020_notifications.js';
import * as m0021 from './0021_costs.js';
import * as m0022 from './0022_reporting.js';
import * as m0023 from './0023_fleet_rollouts.js';
import * as m0024 from './0024_group_mode_votes.js';
import * as m0025 from './0025_statistics_index.js';
import * as m0026 from './0026_fleet_space_keys.js';

export interface Migration {
  name: string;
  up(db: Kysely<unknown>): Promise<void>;
}

// Forward only: append new migrations, never edit or reorder applied ones.
export const migrations: Migration[] = [
  { name: '0001_foundation', ...m0001 },
  { name: '0002_sessions', ...m0002 },
  { name: '0003_spaces_accounts', ...m0003 },
  { name: '0004_audit_chain', ...m0004 },
  { name: '0005_audit_hash_function', ...m0005 },
  { name: '0006_membership', ...m0006 },
  { name: '0007_tasks', ...m0007 },
  { name: '0008_notes', ...m0008 },
  { name: '0009_files', ...m0009 },
  { name: '0010_consumption', ...m0010 },
  { name: '0011_unlinkable_avatars', ...m0011 },
  { name: '0012_masked_usage', ...m0012 },
  { name: '0013_chats', ...m0013 },
  { name: '0014_groups', ...m0014 },
  { name: '0015_group_notes', ...m0015 },
  { name: '0016_fleet', ...m0016 },
  { name: '0017_permissions', ...m0017 },
  { name: '0018_partitions', ...m0018 },
  { name: '0020_notifications', ...m0020 },
  { name: '0021_costs', ...m0021 },
  { name: '0022_reporting', ...m0022 },
  { name: '0023_fleet_rollouts', ...m0023 },
  { name: '0024_group_mode_votes', ...m0024 },
  { name: '0025_statistics_index', ...m0025 },
  { name: '0026_fleet_space_keys', ...m0026 },
];
