/**
 * Preloaded into each replay the replay bench starts (`node --import tsx --import ./replayProbe.ts
 * scripts/transform.ts …`): when the process exits it prints its own CPU time (all threads), peak RSS and
 * exit code as a last line `BENCH {"cpuMs":…,"maxRssKb":…,"code":…}`. A process per replay gives each case
 * its own peak RSS.
 */
import { writeSync } from 'node:fs';
import process from 'node:process';

process.on('exit', (code) => {
  const cpu = process.cpuUsage();
  const { maxRSS } = process.resourceUsage();
  writeSync(1, `BENCH ${JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, maxRssKb: maxRSS, code })}\n`);
});
