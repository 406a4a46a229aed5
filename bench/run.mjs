// `npm run bench`: every benchmark, each in its own process. Figures only, never pass/fail.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const parts = ['engine.mjs', 'semaphore.mjs', 'live.mjs'];
for (const part of parts) {
  const started = process.hrtime.bigint();
  execFileSync(process.execPath, [fileURLToPath(new URL(part, import.meta.url))], { stdio: 'inherit' });
  console.log(`  (${part} took ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s)\n`);
}
