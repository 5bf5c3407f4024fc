/**
 * One replay for the replay bench, in a process of its own: runs `npm run transform`'s main() with the
 * given arguments, then prints its own CPU time (all threads) and peak RSS as a last line
 * `BENCH {"cpuMs":…,"maxRssKb":…,"code":…}` (a process of its own, so that each case's peak RSS is its own).
 */
import process from 'node:process';
import { main } from '../transform.js';

const code = await main(process.argv.slice(2));
const cpu = process.cpuUsage();
const { maxRSS } = process.resourceUsage();
process.stdout.write(`BENCH ${JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, maxRssKb: maxRSS, code })}\n`);
