import { loadScenario } from '../../scenario/load.ts';
import { ExitCode } from '../exit-codes.ts';
import { reportError } from '../errors.ts';

/** `overlaysim validate <file...>`: checks scenarios without running them. */
export function validateCommand(files: string[], options: { set: string[] }): number {
  let worst: number = ExitCode.Ok;
  for (const file of files) {
    try {
      const { resolved } = loadScenario(file, options.set);
      const t = resolved.topology;
      process.stdout.write(`${file}: valid (${t.hosts.length} hosts, ${t.switches.length} switches, ${t.links.length} links, ${resolved.workloads.length} workloads)\n`);
    } catch (error) {
      worst = Math.max(worst, reportError(error));
    }
  }
  return worst;
}
