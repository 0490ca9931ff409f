import { formatDurationNs } from '../core/units.ts';
import { FlowMonitor, type FlowResult } from '../stats/flow-monitor.ts';
import { CpuMonitor, type CoreResult } from '../stats/cpu-monitor.ts';
import { LinkMonitor, type LinkResult } from '../stats/link-monitor.ts';
import { WorkloadMonitor, type WorkloadResult } from '../stats/workload-monitor.ts';
import { buildSimulation, type Simulation } from './build.ts';
import type { GossipPacket, Reachability } from '../model/gossip/transport.ts';
import { addGossipFlows, UnderlayTransport } from '../model/gossip/underlay-transport.ts';
import { GossipCluster } from '../model/gossip/cluster.ts';
import type { GossipSpec } from '../model/gossip/spec.ts';
import { GossipMonitor, type GossipResult } from '../stats/gossip-monitor.ts';
import type { ResolvedScenario } from './resolve.ts';
import { IntervalMonitor, type IntervalRow } from '../stats/interval-monitor.ts';
import { type ConnectionResult, ConnectionMonitor, type ConnectionVector } from '../stats/connection-monitor.ts';
import { type MeasureWindow, WHOLE_RUN } from '../stats/measure-window.ts';
import { RequestMonitor, type RequestResult } from '../stats/request-monitor.ts';
import { feedServiceViews } from './service-lifecycle.ts';

/** Options of one run. */
export interface RunOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Independent replication index: a different stream for every entity (default 0). */
  replication?: number;
  /** Stops simulated time earlier than the scenario's duration, ns. */
  untilNs?: number;
  /** Called every so often (at least each hundredth of simulated time) with where the run stands. */
  onProgress?: (status: RunProgress) => void;
  /** Polled between slices; returning true abandons the run (it then throws {@link RunInterrupted}). */
  shouldStop?: () => boolean;
  /**
   * Called once the simulation is built, before simulated time starts: building a large
   * topology is one long synchronous step, so a command may let Ctrl-C end the process at once
   * until then and poll {@link shouldStop} from here on.
   */
  onBuilt?: () => void;
  /** Stops the run with {@link ResourceLimitError} once it has processed this many events. */
  maxEvents?: number;
  /** Stops the run with {@link ResourceLimitError} once it holds more packets at once (default {@link MAX_PACKETS_IN_MEMORY}). */
  maxPackets?: number;
}

/** Where a run stands, for progress reports. */
export interface RunProgress {
  /** Simulated time reached, ns. */
  nowNs: number;
  /** Simulated time at which the run ends, ns. */
  endNs: number;
  eventsProcessed: number;
}

/** Everything a run measured; the report writers turn it into files. */
export interface RunResult {
  scenario: ResolvedScenario;
  seed: number;
  replication: number;
  /** Simulated time covered, ns. */
  durationNs: number;
  flows: FlowResult[];
  /** Flows grouped by workload, with delay percentiles over all their packets. */
  workloads: WorkloadResult[];
  links: LinkResult[];
  /** Per core of every host; empty with ideal hosts. */
  cores: CoreResult[];
  eventsProcessed: number;
  packetsCreated: number;
  /** Packets still inside the simulator when the run ended (queued, on a wire, in a host). */
  packetsHeldAtEnd: number;
  /** The gossip control plane's measurements, when the scenario has a `gossip:` section. */
  gossip?: GossipResult;
  /** Per TCP connection (connections.csv), when the scenario has TCP workloads. */
  connections?: ConnectionResult[];
  /** cwnd/RTT time series of connections whose workload set `vectors: true`. */
  vectors?: ConnectionVector[];
  /** Per-interval link, flow and core figures, when the scenario sets `intervals`. */
  intervals?: IntervalRow[];
  /** Request outcomes of `per-request` tcp-rpc workloads. */
  requests?: RequestResult[];
  /** Wall-clock time of build and run, ms (not deterministic; reported in run.json only). */
  wallMs: number;
}

/** Thrown when a run is abandoned through {@link RunOptions.shouldStop}. */
export class RunInterrupted extends Error {
  constructor(readonly atNs: number) {
    super(`run interrupted at simulated time ${atNs} ns`);
    this.name = 'RunInterrupted';
  }
}

/** Raised when a run exceeds `--max-events` or the ceiling on packets held in memory. */
export class ResourceLimitError extends Error {
  override name = 'ResourceLimitError';
}

/**
 * Most packets a run may hold at once (queued, on the wire, waiting for a core or for
 * reassembly), about 1 GB at some 240 bytes a packet: an overloaded link with a huge queue
 * limit would otherwise grow until Node runs out of memory.
 */
export const MAX_PACKETS_IN_MEMORY = 4_000_000;
/** Heap bytes of one packet object, measured with Node 20. */
const PACKET_BYTES = 243;

/** Progress is reported after each hundredth of simulated time (and each chunk of events). */
const SLICES = 100;
/** Interruption is checked at least this often, in events, so Ctrl-C is quick on heavy runs. */
const CHUNK_EVENTS = 200_000;

/**
 * Builds and runs one scenario. Between slices of simulated time it yields to Node's event
 * loop, so signals (Ctrl-C) and progress output are handled while a long run goes on.
 */
export async function runScenario(scenario: ResolvedScenario, options: RunOptions = {}): Promise<RunResult> {
  const started = performance.now();
  const seed = options.seed ?? scenario.seed;
  const replication = options.replication ?? 0;
  const durationNs = Math.min(options.untilNs ?? scenario.durationNs, scenario.durationNs);
  const sim = buildSimulation(scenario, seed, replication);
  // Gossip over the underlay adds one flow per host, which the monitors must see from the start.
  const makeUnderlay = scenario.gossip?.transport.kind === 'underlay' ? gossipUnderlay(sim, scenario, durationNs, scenario.gossip) : undefined;
  const windowOf = measureWindows(scenario);
  const flowMonitor = new FlowMonitor(sim.ctx, sim.hostFraming, sim.ctx.flows.map((f) => windowOf(f.workload)));
  const linkMonitor = new LinkMonitor(sim.links, durationNs, scenario.measure, sim.ctx.scheduler);
  const cpuMonitor = new CpuMonitor(sim.cores, durationNs);
  const workloadMonitor = new WorkloadMonitor(sim.ctx, flowMonitor);
  const connectionMonitor =
    sim.connections.length > 0
      ? new ConnectionMonitor(
          sim.connections,
          sim.connections.map((c) => windowOf(c.connection.workload)),
          sim.ctx.scheduler,
          durationNs,
        )
      : undefined;
  const cluster = scenario.gossip ? new GossipCluster(sim.ctx, sim.hosts.map((h) => h.name), scenario.gossip, makeUnderlay) : undefined;
  const gossipMonitor = cluster ? new GossipMonitor(cluster) : undefined;
  if (cluster) feedServiceViews(cluster, sim, scenario);
  const requestMonitor =
    sim.requestTraces.size > 0
      ? new RequestMonitor(
          sim.ctx.scheduler,
          sim.requestTraces,
          sim.connections.map((c) => c.connection),
          sim.serviceViews,
          taskNamesOf(scenario, sim),
        )
      : undefined;
  const scheduler = sim.ctx.scheduler;
  options.onBuilt?.();
  const interactive = options.shouldStop !== undefined || options.onProgress !== undefined;
  const maxEvents = options.maxEvents ?? Infinity;
  const intervalMonitor = scenario.intervalNs === undefined ? undefined : new IntervalMonitor(sim.ctx, sim.links, sim.cores);
  /** Runs the simulation up to `endNs` in chunks, checking the limits, yielding now and then when interactive. */
  const runTo = async (endNs: number) => {
    do {
      scheduler.run({ untilNs: endNs, maxEvents: Math.min(CHUNK_EVENTS, maxEvents - scheduler.eventsProcessed) });
      checkLimits(sim, maxEvents, options.maxPackets ?? MAX_PACKETS_IN_MEMORY, durationNs);
      if (interactive) {
        options.onProgress?.({ nowNs: Math.min(scheduler.nowNs, endNs), endNs: durationNs, eventsProcessed: scheduler.eventsProcessed });
        await new Promise((resolve) => setImmediate(resolve));
        if (options.shouldStop?.()) throw new RunInterrupted(scheduler.nowNs);
      }
    } while (scheduler.nowNs < endNs);
  };
  let nextSampleNs = scenario.intervalNs ?? Infinity;
  for (let slice = 1; slice <= SLICES; slice++) {
    const sliceEndNs = Math.round((durationNs * slice) / SLICES);
    // Interval ends are sampled between events, so they add none to the run.
    for (; nextSampleNs <= sliceEndNs; nextSampleNs += scenario.intervalNs ?? Infinity) {
      await runTo(nextSampleNs);
      intervalMonitor?.sample(nextSampleNs);
    }
    await runTo(sliceEndNs);
  }
  intervalMonitor?.sample(durationNs);
  for (const host of sim.hosts) host.expireFragments(durationNs);
  const flows = flowMonitor.results(durationNs);
  const workloads = workloadMonitor.results(flows);
  const connections = connectionMonitor?.results(durationNs);
  if (connectionMonitor && connections) {
    const tcp = connectionMonitor.workloadResults(connections);
    for (const w of workloads) {
      const t = tcp.get(w.workload);
      if (t) w.tcp = t;
    }
  }
  const vectors = connectionMonitor?.vectorTables() ?? [];
  return {
    scenario,
    seed,
    replication,
    durationNs,
    flows,
    workloads,
    links: linkMonitor.results(),
    cores: cpuMonitor.results(),
    eventsProcessed: scheduler.eventsProcessed,
    packetsCreated: sim.ctx.pool.created,
    packetsHeldAtEnd: sim.ctx.pool.inUse,
    ...(gossipMonitor ? { gossip: gossipMonitor.results(durationNs) } : {}),
    ...(connections ? { connections } : {}),
    ...(vectors.length > 0 ? { vectors } : {}),
    ...(intervalMonitor ? { intervals: intervalMonitor.rows } : {}),
    ...(requestMonitor ? { requests: requestMonitor.results() } : {}),
    wallMs: performance.now() - started,
  };
}

/** The task name of each slot of the service views. */
function taskNamesOf(scenario: ResolvedScenario, sim: Simulation): string[] {
  const names: string[] = [];
  for (const w of scenario.workloads) w.service?.backends.forEach((b, i) => (names[sim.serviceViews.slotOf(w.service!.service, i)] = b.name));
  return names;
}

/** Stops a run that reached `--max-events` or holds too many packets. */
function checkLimits(sim: Simulation, maxEvents: number, maxPackets: number, durationNs: number): void {
  const { scheduler, pool } = sim.ctx;
  if (scheduler.eventsProcessed >= maxEvents && scheduler.nowNs < durationNs) {
    throw new ResourceLimitError(`the run reached --max-events ${maxEvents} at ${formatDurationNs(scheduler.nowNs)} simulated; nothing written (raise --max-events, or shorten with --until)`);
  }
  if (pool.allocated > maxPackets) {
    throw new ResourceLimitError(
      `the run held more than ${maxPackets} packets in memory at once (--max-packets; about ${Math.round((maxPackets * PACKET_BYTES) / 1e6)} MB) at ${formatDurationNs(scheduler.nowNs)} simulated; nothing written. ` +
        'A link or core is overloaded behind a very large queue: lower the underlay queue limits (a count, bytes or both) or the offered load',
    );
  }
}

/** The measurement window of each workload by name (its own or the scenario's); the scenario's, or none, for other flows. */
function measureWindows(scenario: ResolvedScenario): (workload: string) => MeasureWindow {
  const byWorkload = new Map(scenario.workloads.map((w) => [w.name, w.measure ?? WHOLE_RUN]));
  return (workload) => byWorkload.get(workload) ?? scenario.measure ?? WHOLE_RUN;
}

/** Adds the gossip flows and returns the factory of the underlay transport for the cluster. */
function gossipUnderlay(sim: Simulation, scenario: ResolvedScenario, durationNs: number, gossip: GossipSpec) {
  const flowOfHost = addGossipFlows(sim.ctx, sim.hosts, scenario.hostCpu.cores, scenario.ipVersion, durationNs);
  return (reach: Reachability, release: (p: GossipPacket) => void) =>
    new UnderlayTransport(sim.ctx, sim.hosts, flowOfHost, reach, sim.ctx.streams.stream('gossip/transport'), release, gossip.transport.tcpRateBps, gossip.memberlist.encryptionOverheadBytes, durationNs);
}
