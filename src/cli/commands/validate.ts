import { loadScenario, loadScenarioText } from '../../scenario/load.ts';
import { ExitCode } from '../exit-codes.ts';
import { reportError, reportNotes } from '../errors.ts';

/** `overlaysim validate <file...>`: checks scenarios without running them. */
export function validateCommand(files: string[], options: { set: string[] }): number {
  let worst: number = ExitCode.Ok;
  for (const file of files) {
    try {
      const loaded = loadScenario(file, options.set);
      reportNotes(loaded.notes);
      const { resolved } = loaded;
      // Every sweep point is a scenario of its own: check each one.
      for (const point of loaded.sweep) loadScenarioText(file, loaded.source.text, options.set, point.index);
      const t = resolved.topology;
      const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
      const parts = [count(t.hosts.length, 'host'), count(t.switches.length, 'switch', 'switches'), count(t.links.length, 'link'), count(resolved.workloads.length, 'workload')];
      if (loaded.sweep.length > 0) parts.push(count(loaded.sweep.length, 'sweep point'));
      process.stdout.write(`${file}: valid (${parts.join(', ')})\n`);
    } catch (error) {
      worst = Math.max(worst, reportError(error));
    }
  }
  return worst;
}
