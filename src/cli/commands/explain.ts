import { formatStackCosts } from '../../report/explain-costs.ts';
import { explainPacket } from '../../report/explain-packet.ts';
import { formatExplanation } from '../../report/explain-text.ts';
import { loadScenario } from '../../scenario/load.ts';
import { ExitCode } from '../exit-codes.ts';
import { reportError } from '../errors.ts';

/** Options of `overlaysim explain`. */
export interface ExplainCommandOptions {
  /** `path=value` overrides, applied before validation. */
  set: string[];
}

/**
 * `overlaysim explain <file>`: for one packet of each workload (its first sender–receiver
 * pair), prints to stdout how the sender fragments, encapsulates and frames it, what it costs
 * on the wire and in CPU, and the overhead against the payload; then the hosts' CPU cost per
 * segment, per packet and per byte for every stack. Errors as `validate`.
 */
export function explainCommand(file: string, options: ExplainCommandOptions): number {
  try {
    const { resolved } = loadScenario(file, options.set);
    const blocks = resolved.workloads.map((w) => formatExplanation(explainPacket(resolved, w)));
    if (blocks.length === 0) process.stdout.write(`${file}: no workloads to explain\n`);
    else process.stdout.write(`${blocks.join('\n')}\n${formatStackCosts(resolved.hostCpu)}`);
    return ExitCode.Ok;
  } catch (error) {
    return reportError(error);
  }
}
