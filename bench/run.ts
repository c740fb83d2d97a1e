// `npm run bench`: runs every benchmark and prints one JSON document. Each benchmark measures its
// own baseline in the same run, so ratios hold on a noisy machine. ILOT_BENCH_QUICK=1 shortens runs;
// ILOT_BENCH_ONLY=ping,kdf,identity,accounts,avatars,tasks,sync,chats,live,groups,group-notes,files,backup,malformed,web,export,permissions,fleet,fleet-rollout,fleet-real-rollout,reporting picks some;
// ILOT_BENCH_BASE=<a built checkout of an earlier commit> gives `avatars` its before-and-after.
import { benchAccounts } from './accounts.js';
import { benchAvatars } from './avatars.js';
import { benchBackup } from './backup.js';
import { benchChats } from './chats.js';
import { benchCosts } from './costs.js';
import { benchExport } from './export.js';
import { benchFiles } from './files.js';
import { benchGroupNotes } from './group-notes.js';
import { benchGroups } from './groups.js';
import { benchFleet, benchFleetRollout } from './fleet.js';
import { benchFleetRealRollout } from './fleet-real-rollout.js';
import { benchIdentity } from './identity.js';
import { benchKdf } from './kdf.js';
import { benchLive } from './live.js';
import { benchMalformed } from './malformed.js';
import { benchPermissions } from './permissions.js';
import { benchPing } from './ping.js';
import { benchReporting } from './reporting.js';
import { benchSync } from './sync.js';
import { benchTasks } from './tasks.js';
import { benchWeb } from './web.js';

const quick = process.env.ILOT_BENCH_QUICK === '1';
const only = process.env.ILOT_BENCH_ONLY?.split(',');
const benchmarks: [string, () => Promise<unknown>][] = [
  ['ping', () => benchPing({ seconds: quick ? 2 : 10, soakRequests: quick ? 50_000 : 1_000_000 })],
  ['kdf', benchKdf],
  ['identity', benchIdentity],
  ['accounts', benchAccounts],
  ['avatars', benchAvatars],
  ['tasks', benchTasks],
  ['sync', benchSync],
  ['chats', benchChats],
  ['live', benchLive],
  ['group-notes', benchGroupNotes],
  ['files', benchFiles],
  ['backup', benchBackup],
  ['web', benchWeb],
  ['malformed', () => benchMalformed({ requests: quick ? 5_000 : 50_000, rounds: 5, quietSeconds: quick ? 10 : 60 })],
  ['export', benchExport],
  ['permissions', () => benchPermissions({ rounds: quick ? 3 : 7, requests: quick ? 500 : 2000 })],
  ['groups', benchGroups],
  ['fleet', benchFleet],
  ['fleet-rollout', benchFleetRollout],
  ['fleet-real-rollout', benchFleetRealRollout],
  ['reporting', benchReporting],
  ['costs', benchCosts],
];
const results = [];
for (const [name, run] of benchmarks) if (!only || only.includes(name)) results.push(await run());
console.log(JSON.stringify({ date: new Date().toISOString(), quick, results }, null, 2));
