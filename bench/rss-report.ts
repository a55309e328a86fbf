/** Preloaded with -r into a benchmarked process: prints its peak RSS on exit, for the bench to read. */
import * as fs from 'node:fs';

process.on('exit', () => {
  fs.writeSync(2, `\nBENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
});
