/** One point of a latency curve: `value` ms at `percentile` (in percent, 0 < percentile < 100). */
export interface PercentilePoint {
  /** Percent in the open interval (0, 100), e.g. 99.9. */
  readonly percentile: number;
  /** Latency at that percentile, ms. */
  readonly value: number;
}

/** Matches a percentile key such as `p50` or `p99.9`; group 1 is the percent. */
export const PERCENTILE_KEY = /^p(\d+(?:\.\d+)?)$/;

/** The spec key for a percent: `p50`, `p99.9`. */
export function percentileKey(percentile: number): string {
  return `p${String(percentile)}`;
}

/** True when `percentile` is a percent strictly between 0 and 100. */
export function isPercentile(percentile: number): boolean {
  return percentile > 0 && percentile < 100;
}
