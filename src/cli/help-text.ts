/** What `overlaysim <command> --help` shows after the options: one example and the exit codes. */
interface CommandHelp {
  example: string;
  exitCodes: [code: number, meaning: string][];
}

const USAGE: [number, string] = [2, 'usage error: unknown option, bad value, missing argument, unreadable file'];
const INVALID: [number, string] = [3, 'invalid scenario (file:line:col, field path, what was expected); nothing run or written'];
const INTERRUPTED: [number, string] = [130, 'interrupted by Ctrl-C; nothing written'];

const HELP: Record<string, CommandHelp> = {
  run: {
    example: 'overlaysim run scenarios/quickstart.yaml --until 500ms --set networks.appnet.encrypted=true --out /tmp/qs-enc',
    exitCodes: [[0, 'results written'], [1, 'the run failed'], [2, `${USAGE[1]}, refused --out`], INVALID, INTERRUPTED],
  },
  validate: {
    example: 'overlaysim validate scenarios/*.yaml',
    exitCodes: [[0, 'every file is valid'], USAGE, [3, 'a file is invalid (each problem on stderr as file:line:col)']],
  },
  explain: {
    example: 'overlaysim explain scenarios/quickstart.yaml --set networks.appnet.encrypted=true',
    exitCodes: [[0, 'explained'], USAGE, INVALID],
  },
  calibrate: {
    example: 'overlaysim calibrate --out profiles/calibrated.json --repeats 3 --no-stack',
    exitCodes: [[0, 'profile written'], [1, 'the profile could not be written'], USAGE],
  },
  compare: {
    example: 'overlaysim compare results/encrypted-vs-plain/overlay results/encrypted-vs-plain/encrypted',
    exitCodes: [[0, 'table printed'], [2, 'usage error, or a folder without summary.json']],
  },
  sweep: {
    example: 'overlaysim sweep scenarios/quickstart.yaml --set \'sweep={"hosts.cores": [2, 4, 8]}\' --jobs 2 --out /tmp/cores',
    exitCodes: [[0, 'results written'], [1, 'a run failed'], [2, `${USAGE[1]}, bad --jobs or --shard, refused --out`], INVALID, INTERRUPTED],
  },
  merge: {
    example: 'overlaysim merge shards/shard-1 shards/shard-2 shards/shard-3 --out sweep',
    exitCodes: [[0, 'merged folder written'], [1, 'writing failed'], [2, 'usage error, or shards that do not belong together or are incomplete']],
  },
  check: {
    example: 'overlaysim check scenarios/*.yaml --baseline bench/baseline.json --tolerance 5%',
    exitCodes: [[0, 'no metric regressed (or --update wrote the baseline)'], [1, 'a regression, a changed exact count or a missing metric'], [2, `${USAGE[1]}, missing baseline`], INVALID],
  },
  schema: {
    example: 'overlaysim schema --out -',
    exitCodes: [[0, 'schema written'], [1, 'the file could not be written'], USAGE],
  },
};

/** The help text after the options of `command`, or '' for a command without one. */
export function helpAfter(command: string): string {
  const help = HELP[command];
  if (!help) return '';
  const codes = help.exitCodes.map(([code, meaning]) => `  ${String(code).padEnd(4)}${meaning}`).join('\n');
  return `\nExample:\n  ${help.example}\n\nExit codes:\n${codes}\n`;
}
