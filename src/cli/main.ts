import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ExitCode } from './exit-codes.ts';
import { helpAfter } from './help-text.ts';
import { endStartupHandler } from './interrupt.ts';
import { TOOL_VERSION } from './version.ts';
import { SCHEMA_PATH } from './schema-path.ts';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function seedOption(value: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 32 - 1) throw new InvalidArgumentError('expected an integer from 0 to 4294967295');
  return n;
}

/**
 * Parses `argv` and runs the command; resolves to the process exit code. Each command's module
 * is imported only when that command runs, so `--version`, `--help` and light commands such as
 * `validate` do not pay for loading the models, the report writers or the chart libraries.
 */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  endStartupHandler();
  const program = new Command('overlaysim')
    .description('Deterministic discrete-event simulator of container overlay networks')
    .version(TOOL_VERSION)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('run')
    .description('run a scenario (every variant) and write its results: summary.md, report.html, CSV and JSON files')
    .argument('<scenario>', 'scenario YAML file')
    .option('--seed <n>', 'override the scenario seed', seedOption)
    .option('--out <dir>', 'result folder (default results/<scenario name>)')
    .option('--set <path=value>', 'override a scenario field, e.g. underlay.hosts=50 (repeatable)', collect, [])
    .option('--until <time>', 'stop simulated time early, e.g. 2s')
    .option('--replications <n>', 'independent replications; summary.md gives mean and 95% interval (default 1, at most 1000)')
    .option('--max-events <n>', 'confirm a run predicted above the default budget of 1e9 events, and stop it at n events')
    .option('--max-packets <n>', 'most packets held in memory at once before the run stops (default 4000000, about 1 GB)')
    .option('--quiet', 'no progress or summary on stderr')
    .action(async (file: string, options) => {
      const { runCommand } = await import('./commands/run.ts');
      exitCode = await runCommand(file, options);
    });

  program
    .command('validate')
    .description('check scenario files without running them')
    .argument('<scenario...>', 'scenario YAML files')
    .option('--set <path=value>', 'override a scenario field (repeatable)', collect, [])
    .action(async (files: string[], options) => {
      const { validateCommand } = await import('./commands/validate.ts');
      exitCode = validateCommand(files, options);
    });

  program
    .command('explain')
    .description('break one packet of each workload down: fragments, headers, wire bytes, serialisation, CPU, overhead')
    .argument('<scenario>', 'scenario YAML file')
    .option('--set <path=value>', 'override a scenario field (repeatable)', collect, [])
    .action(async (file: string, options) => {
      const { explainCommand } = await import('./commands/explain.ts');
      exitCode = explainCommand(file, options);
    });

  program
    .command('calibrate')
    .description("measure this machine's AEAD speed and, as root with iproute2, its kernel veth/VXLAN path (UDP and TCP, offloads on and off with ethtool); write a CPU profile for hosts.cpu")
    .option('--out <file>', 'profile file to write', 'profiles/calibrated.json')
    .option('--repeats <n>', 'timed repeats per size and cipher', '7')
    .option('--cipher <name>', 'cipher the profile uses: aes-128-gcm or chacha20-poly1305', 'aes-128-gcm')
    .option('--base <profile>', 'built-in profile for the costs not measured', 'aesni')
    .option('--stack-repeats <n>', 'timed repeats of the kernel stack (12 cases each, at most 1 000 000 datagrams, 4 GiB or 1 s per case)', '3')
    .option('--no-stack', 'time only the ciphers, not the kernel stack')
    .action(async (options) => {
      const { calibrateCommand } = await import('./commands/calibrate.ts');
      exitCode = await calibrateCommand(options);
    });

  program
    .command('compare')
    .description('compare the headline metrics of finished runs side by side (Markdown on stdout)')
    .argument('<runDir...>', 'run folders (for a scenario with variants, variant folders)')
    .action(async (dirs: string[]) => {
      const { compareCommand } = await import('./commands/compare.ts');
      exitCode = compareCommand(dirs);
    });

  program
    .command('sweep')
    .description("run every point of the scenario's sweep grid (× variants × replications) on worker threads")
    .argument('<scenario>', 'scenario YAML file')
    .option('--jobs <n>', 'worker threads (default: the number of cores)')
    .option('--shard <k/N>', 'run only shard k of N (points with index mod N = k − 1)')
    .option('--replications <n>', 'independent replications of every run (default 1)')
    .option('--seed <n>', 'override the scenario seed', seedOption)
    .option('--set <path=value>', 'override a scenario field (repeatable)', collect, [])
    .option('--until <time>', 'stop simulated time early, e.g. 2s')
    .option('--out <dir>', 'result folder (default results/<name>/sweep)')
    .option('--max-events <n>', 'confirm runs predicted above the default budget of 1e9 events, and stop each at n events')
    .option('--max-packets <n>', 'most packets a run holds in memory at once before it stops (default 4000000)')
    .option('--quiet', 'no progress on stderr')
    .action(async (file: string, options) => {
      const { sweepCommand } = await import('./commands/sweep.ts');
      exitCode = await sweepCommand(file, options);
    });

  program
    .command('merge')
    .description('join the shard folders of a sweep into the folder an unsharded sweep writes')
    .argument('<dir...>', 'shard folders')
    .requiredOption('--out <dir>', 'merged result folder')
    .option('--quiet', 'no summary line on stderr')
    .action(async (dirs: string[], options) => {
      const { mergeCommand } = await import('./commands/merge.ts');
      exitCode = await mergeCommand(dirs, options);
    });

  program
    .command('check')
    .description('run scenarios and fail (exit 1) when a headline metric is worse than the baseline')
    .argument('<scenario...>', 'scenario YAML files')
    .requiredOption('--baseline <file>', 'baseline JSON (written by --update)')
    .option('--tolerance <share>', "allowed change before a metric counts as worse, e.g. 5% (default: the baseline's, else 5%)")
    .option('--update', 'write the current metrics as the new baseline')
    .option('--bench-json <dir>', 'also write github-action-benchmark files (smaller-is-better.json, bigger-is-better.json)')
    .action(async (files: string[], options) => {
      const { checkCommand } = await import('./commands/check.ts');
      exitCode = await checkCommand(files, options);
    });

  program
    .command('schema')
    .description('write the JSON Schema of scenario files, for editors')
    .option('--out <file>', 'output file, or - for stdout', SCHEMA_PATH)
    .action(async (options) => {
      const { schemaCommand } = await import('./commands/schema.ts');
      exitCode = schemaCommand(options);
    });

  for (const command of program.commands) command.addHelpText('after', helpAfter(command.name()));

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    throw error;
  }
  return exitCode;
}
