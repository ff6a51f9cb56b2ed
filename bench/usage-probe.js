// Preloaded into a measured child (node --import ./bench/usage-probe.js ...): on exit, writes its peak memory and
// CPU time to the file named by BENCH_USAGE_FILE.
import { writeFileSync } from 'node:fs';
import process from 'node:process';

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKiB: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }));
  });
}
