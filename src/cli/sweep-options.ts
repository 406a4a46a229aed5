import { Option, type Command } from 'commander';

/** The options only `semsim sweep` has, on top of the run options. */
export function addSweepOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--vary <field=values>', 'a field and its values: capacity=10..100:10, timeout=1s..5s:1s, rate=100/s,200/s (twice for a grid)')
        .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]),
    )
    .addOption(
      new Option('--target <expr>', 'report the smallest value meeting this, e.g. "wait.p99<500ms" (repeatable)')
        .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]),
    )
    .option('--jobs <n>', 'worker threads (default: one per CPU core)');
}
