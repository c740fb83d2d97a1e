// `npm run bench`: runs every benchmark and prints one JSON document. Each benchmark measures its
// own baseline in the same run, so ratios hold on a noisy machine. ILOT_BENCH_QUICK=1 shortens runs.
import { benchPing } from './ping.js';

const quick = process.env.ILOT_BENCH_QUICK === '1';
const results = [await benchPing({ seconds: quick ? 2 : 10, soakRequests: quick ? 50_000 : 1_000_000 })];
console.log(JSON.stringify({ date: new Date().toISOString(), quick, results }, null, 2));
