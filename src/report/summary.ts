import type { RunResult } from '../scenario/run.ts';
import type { DelaySummary } from '../stats/delay-recorder.ts';
import type { TcpWorkloadResult } from '../stats/connection-monitor.ts';
import { ratio } from './tables.ts';
import { type GossipSummary, gossipSummary } from './gossip-report.ts';
import { type IngressSummary, ingressSummary } from './ingress-summary.ts';

/** Headline numbers of a run (summary.json). Deterministic: no wall-clock data. */
export interface Summary {
  scenario: string;
  /** The variant this run is, for a scenario with variants; absent otherwise. */
  variant?: string;
  description: string;
  seed: number;
  replication: number;
  durationNs: number;
  /** Exact counts, useful as regression signals. */
  engine: { eventsProcessed: number; packetsCreated: number };
  totals: {
    txPackets: number;
    rxPackets: number;
    lostPackets: number;
    lossRatio: number;
    /** Sum of the flows' goodput, bit/s. */
    goodputBps: number;
    /** Packet-weighted mean one-way delay over all flows, ns. */
    delayMeanNs: number;
    /** The largest per-flow p99 one-way delay, ns. */
    worstFlowDelayP99Ns: number;
    /** Utilisation of the busiest link direction, and its name. */
    busiestLink: string;
    busiestLinkUtilisation: number;
    drops: number;
    /** CPU time of all cores divided by the run time: how many cores the traffic keeps busy. */
    cpuCoresUsed: number;
    /** Busiest core's utilisation, and its name (host/core). */
    busiestCore: string;
    busiestCoreUtilisation: number;
    /** CPU seconds spent per GB (1e9 bytes) of delivered payload; 0 when nothing was delivered. */
    cpuSecondsPerGB: number;
  };
  /** Per workload, over all its flows. */
  workloads: {
    workload: string;
    flows: number;
    goodputBps: number;
    lossRatio: number;
    delay: DelaySummary;
    rtt?: DelaySummary;
    /** TCP workloads: connections, retransmissions, timeouts, completion times, request latency. */
    tcp?: TcpWorkloadResult;
    /** Workloads from an external client to a published port: the routing mesh's spread and extra hop. */
    ingress?: IngressSummary;
  }[];
  /** The gossip control plane, when the scenario has one. */
  gossip?: GossipSummary;
}

/** Builds the summary of a run. */
export function summarise(result: RunResult): Summary {
  let tx = 0;
  let rx = 0;
  let lost = 0;
  let goodput = 0;
  let delaySum = 0;
  let worstP99 = 0;
  for (const f of result.flows) {
    tx += f.txPackets;
    rx += f.rxPackets;
    lost += f.lostPackets;
    goodput += f.goodputBps;
    delaySum += f.delay.meanNs * f.delay.count;
    worstP99 = Math.max(worstP99, f.delay.p99Ns);
  }
  let busiest = result.links[0];
  let drops = 0;
  for (const l of result.links) {
    if (busiest === undefined || l.utilisation > busiest.utilisation) busiest = l;
    for (const n of Object.values(l.drops)) drops += n;
  }
  let busyNs = 0;
  let busiestCore = result.cores[0];
  for (const c of result.cores) {
    busyNs += c.busyNs;
    if (busiestCore === undefined || c.utilisation > busiestCore.utilisation) busiestCore = c;
  }
  const deliveredGB = result.flows.reduce((a, f) => a + f.rxPayloadBytes, 0) / 1e9;
  return {
    scenario: result.scenario.name,
    description: result.scenario.description,
    seed: result.seed,
    replication: result.replication,
    durationNs: result.durationNs,
    engine: { eventsProcessed: result.eventsProcessed, packetsCreated: result.packetsCreated },
    totals: {
      txPackets: tx,
      rxPackets: rx,
      lostPackets: lost,
      lossRatio: rx + lost === 0 ? 0 : ratio(lost / (rx + lost)),
      goodputBps: goodput,
      delayMeanNs: rx === 0 ? 0 : Math.round(delaySum / rx),
      worstFlowDelayP99Ns: worstP99,
      busiestLink: busiest?.link ?? '',
      busiestLinkUtilisation: ratio(busiest?.utilisation ?? 0),
      drops,
      cpuCoresUsed: ratio(busyNs / result.durationNs),
      busiestCore: busiestCore ? `${busiestCore.host}/cpu${busiestCore.core}` : '',
      busiestCoreUtilisation: ratio(busiestCore?.utilisation ?? 0),
      cpuSecondsPerGB: deliveredGB === 0 ? 0 : ratio(busyNs / 1e9 / deliveredGB),
    },
    workloads: result.workloads.map((w) => {
      const ingress = ingressSummary(result, w.workload);
      return {
        workload: w.workload,
        flows: w.flows,
        goodputBps: w.goodputBps,
        lossRatio: ratio(w.lossRatio),
        delay: w.delay,
        ...(w.rtt ? { rtt: w.rtt } : {}),
        ...(w.tcp ? { tcp: w.tcp } : {}),
        ...(ingress ? { ingress } : {}),
      };
    }),
    ...(result.gossip ? { gossip: gossipSummary(result.gossip) } : {}),
  };
}
