// The live view's cost: CPU time per second of playback at 1× speed, drawing into a fake 100x30
// terminal that discards its output. Each case runs for ~5 s of wall time in a fresh process, at
// the default frame rate and at 10 fps for comparison (the cost is per frame: Ink redraws the
// whole view each time). Prints figures only, never pass/fail (target: under 10 % of one core).
import { execFileSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
const SECONDS = Number(process.env.BENCH_LIVE_SECONDS ?? 5);

if (process.argv[2] === '--child') {
  const [capacity, clients, fps] = process.argv.slice(3).map(Number);
  const { runLive } = await import('../dist/ui/live.js');
  const { parseLatency } = await import('../dist/dist/spec.js');
  const { plainModel } = await import('../dist/sim/config.js');
  let bytes = 0;
  let writes = 0;
  const stdout = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        bytes += chunk.length;
        writes++;
        done();
      },
    }),
    { isTTY: true, columns: 100, rows: 30 },
  );
  const config = {
    seed: 1,
    capacity,
    workload: { kind: 'closed', clients, think: null },
    latency: parseLatency('exp:200ms'),
    timeoutMs: Infinity,
    maxQueue: Infinity,
    requests: 1e9,
    durationMs: Infinity,
    warmupMs: 0,
    ...plainModel(),
  };
  /** Plays `config` live for `seconds` of wall time, then stops it as Ctrl-C would. */
  const play = (seconds) =>
    runLive({
      config,
      speed: 1,
      hold: false,
      color: true,
      stdout,
      stdin: undefined,
      now: () => performance.now(),
      // The default frame loop unless a rate is asked for.
      every: fps > 0 ? (_ms, fn) => {
        const timer = setInterval(fn, 1000 / fps);
        return () => clearInterval(timer);
      } : undefined,
      onInterrupt: (handler) => {
        const timer = setTimeout(handler, seconds * 1000);
        return () => clearTimeout(timer);
      },
    });
  // Warm-up: loads Ink and React and lets the JIT settle, so the figure is steady-state playback.
  await play(Number(process.env.BENCH_LIVE_WARMUP ?? 1));
  // Only now: runLive picks React's production build before React first loads, as in the CLI.
  const { FRAME_MS } = await import('../dist/ui/App.js');
  bytes = 0;
  writes = 0;
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const { sim } = await play(SECONDS);
  const cpu = process.cpuUsage(cpu0);
  const wallSec = (performance.now() - wall0) / 1000;
  const cpuSec = (cpu.user + cpu.system) / 1e6;
  process.stdout.write(JSON.stringify({ cpuSec, wallSec, events: sim.eventCount, virtualSec: sim.now / 1000, bytes, writes, frameMs: FRAME_MS }));
  process.exit(0);
}

console.log(`live view: CPU per second of playback at 1×, fake 100x30 terminal, ${SECONDS} s each`);
for (const [capacity, clients, fps] of [
  [40, 200, 0],
  [1000, 5000, 0],
  [40, 200, 10],
  [1000, 5000, 10],
]) {
  const r = JSON.parse(execFileSync(process.execPath, [self, '--child', String(capacity), String(clients), String(fps)], {
      encoding: 'utf8',
      // The child's terminal restore (cursor shown on exit) goes to stderr: keep it off this one.
      stdio: ['ignore', 'pipe', 'pipe'],
    }));
  const share = (100 * r.cpuSec) / r.wallSec;
  console.log(
    `  capacity ${String(capacity).padStart(5)} / concurrency ${String(clients).padStart(5)}, ` +
      `${fps > 0 ? `${fps} fps` : `${Math.round(1000 / r.frameMs)} fps (default)`}: `.padEnd(18) +
      `${share.toFixed(1)} % of one core  (${r.cpuSec.toFixed(2)} s CPU in ${r.wallSec.toFixed(2)} s; ` +
      `${Math.round(r.events / r.wallSec).toLocaleString('en-US')} events/s, ${Math.round(r.bytes / r.wallSec / 1024)} KiB/s to the terminal)`,
  );
}
