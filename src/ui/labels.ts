import { formatDuration } from '../report/format.js';
import type { WaitBin } from '../sim/snapshot.js';

/** Terminal columns of `text` (one per code point: the view draws no wide characters). */
export function columns(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** A playback speed as a factor: `1×`, `0.5×`, `0.125×`, `1.6×`, `1024×`. */
export function formatSpeed(speed: number): string {
  return `${speed >= 100 ? Math.round(speed) : Number(speed.toPrecision(3))}×`;
}

/**
 * The label of a wait-histogram bin: `no wait` for the first (waits of 0), `< 12.3 ms` for the
 * others, and `≤ <max>` for the open last bin.
 */
export function binLabel(bin: WaitBin, maxMs: number): string {
  if (bin.fromMs === 0) return 'no wait';
  if (bin.toMs === Infinity) return `≤ ${formatDuration(maxMs)}`;
  return `< ${formatDuration(bin.toMs)}`;
}
