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

/** Watches every CPU core: packets processed, busy time and backlog drops. */
export class CpuMonitor {
  private readonly rows: CoreResult[];

  constructor(
    cores: readonly { host: string; core: number; cpu: CpuCore }[],
    private readonly durationNs: number,
  ) {
    this.rows = cores.map(({ host, core, cpu }) => {
      const row: CoreResult = { host, core, packets: 0, busyNs: 0, utilisation: 0, backlogDrops: 0 };
      cpu.served.connect((_p, nowNs, costNs) => {
        row.packets++;
        row.busyNs += Math.max(0, Math.min(costNs, this.durationNs - nowNs));
      });
      cpu.dropped.connect(() => row.backlogDrops++);
      return row;
    });
  }

  results(): CoreResult[] {
    return this.rows.map((r) => ({ ...r, utilisation: r.busyNs / this.durationNs }));
  }
}
