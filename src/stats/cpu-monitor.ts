import type { CpuCore } from '../model/host/cpu-core.ts';

/** One row of cpu.csv: one core of one host. */
export interface CoreResult {
  host: string;
  core: number;
  packets: number;
  /** Time spent on packets inside the run, ns. */
  busyNs: number;
  /** Share of the run the core was busy. */
  utilisation: number;
  /** Packets dropped because the core's backlog was full. */
  backlogDrops: number;
}

/** Reports every CPU core from its own counters: packets processed, busy time and backlog drops. */
export class CpuMonitor {
  constructor(
    private readonly cores: readonly { host: string; core: number; cpu: CpuCore }[],
    private readonly durationNs: number,
  ) {}

  results(): CoreResult[] {
    return this.cores.map(({ host, core, cpu }) => {
      const busyNs = cpu.busyNsUntil(this.durationNs);
      return { host, core, packets: cpu.packets, busyNs, utilisation: busyNs / this.durationNs, backlogDrops: cpu.backlogDrops };
    });
  }
}
