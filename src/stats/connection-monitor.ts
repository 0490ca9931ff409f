import type { TcpConnection } from '../model/transport/tcp-connection.ts';
import type { TcpEndpoint } from '../model/transport/tcp-endpoint.ts';
import type { Scheduler } from '../core/scheduler.ts';
import { DelayRecorder, type DelaySummary } from './delay-recorder.ts';
import { inWindow, type MeasureWindow, snapshotAt, WHOLE_RUN } from './measure-window.ts';

/** One row of connections.csv. */
export interface ConnectionResult {
  connection: string;
  workload: string;
  client: string;
  server: string;
  congestion: string;
  mssBytes: number;
  startNs: number;
  /** When the client reached ESTABLISHED, ns; −1 if it never did. */
  establishedNs: number;
  /** Application bytes delivered in order, client → server and server → client. */
  forwardBytes: number;
  reverseBytes: number;
  /**
   * Delivered bytes (both directions) × 8 per second, from the SYN to the completion of a
   * sized transfer, or else to the workload's `stop` or the end of the run, whichever is first
   * (the span flows.csv uses). With a measurement window: the bytes delivered inside it, per
   * second of the window within that span.
   */
  goodputBps: number;
  /** Segments sent again (fast retransmit, partial ACKs, timeouts), both ends. */
  retransmittedSegments: number;
  /** Retransmission timeouts with data outstanding, both ends. */
  timeouts: number;
  /** Fast recoveries entered (three duplicate ACKs), both ends. */
  fastRecoveries: number;
  /** RTT samples of both ends' estimators (those inside the measurement window, if any). */
  rtt: DelaySummary;
  /** Flow completion time of a sized transfer (SYN sent → last byte delivered), ns; −1 if none. */
  completionNs: number;
  /** Requests whose responses arrived (tcp-rpc). */
  requests: number;
}

/** A TCP workload's connections taken together (summary.json workloads[].tcp). */
export interface TcpWorkloadResult {
  connections: number;
  retransmittedSegments: number;
  timeouts: number;
  /** Sized transfers that completed, and their completion times. */
  completed: number;
  flowCompletion?: DelaySummary;
  /** tcp-rpc: request latency (issued → whole response in). */
  requestLatency?: DelaySummary;
}

/** A cwnd/RTT time series of one connection (vectors/<connection>.csv). */
export interface ConnectionVector {
  connection: string;
  columns: string[];
  rows: (string | number)[][];
}

/** Vector rows are taken at RTT samples at most this often per end, and at every loss event. */
const VECTOR_SPACING_NS = 1e6;

class ConnectionRecord {
  retransmitted = 0;
  timeouts = 0;
  recoveries = 0;
  establishedNs = -1;
  completionNs = -1;
  requests = 0;
  readonly rtt = new DelayRecorder();
  /** Bytes delivered (both directions) when the measurement window opened and closed; −1 until then. */
  deliveredAtFromBytes = 0;
  deliveredAtToBytes = -1;
}

/** Application bytes a connection has delivered in both directions. */
function deliveredBytes(c: TcpConnection): number {
  return c.server.receiver.deliveredBytes + c.client.receiver.deliveredBytes;
}

/** Subscribes to every connection's traces; builds connections.csv, the TCP workload figures and vectors. */
export class ConnectionMonitor {
  private readonly records: ConnectionRecord[] = [];
  private readonly requestLatency = new Map<string, DelayRecorder>();
  private readonly completion = new Map<string, DelayRecorder>();
  private readonly vectors: ConnectionVector[] = [];

  constructor(
    private readonly connections: readonly { connection: TcpConnection; vectors: boolean }[],
    /** Each connection's measurement window (by index), and the scheduler and run length to take its edges. */
    private readonly windows: readonly MeasureWindow[] = connections.map(() => WHOLE_RUN),
    scheduler?: Scheduler,
    durationNs = Infinity,
  ) {
    connections.forEach(({ connection: c, vectors }, i) => {
      const r = new ConnectionRecord();
      this.records.push(r);
      const window = windows[i] as MeasureWindow;
      if (scheduler) {
        snapshotAt(scheduler, window.fromNs, durationNs, () => (r.deliveredAtFromBytes = deliveredBytes(c)));
        snapshotAt(scheduler, window.toNs, durationNs, () => (r.deliveredAtToBytes = deliveredBytes(c)));
      }
      const latency = this.recorder(this.requestLatency, c.workload);
      const completion = this.recorder(this.completion, c.workload);
      for (const end of [c.client, c.server]) {
        end.traces.retransmitted.connect(() => r.retransmitted++);
        end.traces.timedOut.connect(() => r.timeouts++);
        end.traces.recoveryStarted.connect(() => r.recoveries++);
        end.traces.rttSampled.connect((rttNs, nowNs) => {
          if (inWindow(window, nowNs)) r.rtt.record(rttNs);
        });
      }
      c.client.traces.established.connect((nowNs) => (r.establishedNs = nowNs));
      c.completed.connect((nowNs) => {
        r.completionNs = nowNs - c.startNs;
        completion.record(r.completionNs);
      });
      c.requestDone.connect((latencyNs) => {
        r.requests++;
        latency.record(latencyNs);
      });
      if (vectors) this.recordVectors(c);
    });
  }

  private recorder(map: Map<string, DelayRecorder>, workload: string): DelayRecorder {
    let r = map.get(workload);
    if (r === undefined) map.set(workload, (r = new DelayRecorder()));
    return r;
  }

  private recordVectors(c: TcpConnection): void {
    const v: ConnectionVector = { connection: c.name, columns: ['timeNs', 'end', 'event', 'cwndBytes', 'ssthreshBytes', 'flightBytes', 'rttSampleNs', 'srttNs', 'rtoNs'], rows: [] };
    this.vectors.push(v);
    for (const [label, end] of [['client', c.client], ['server', c.server]] as [string, TcpEndpoint][]) {
      let lastNs = -Infinity;
      const row = (nowNs: number, event: string, rttNs: number | '') => {
        const s = end.sender;
        const ssthresh = s.cc.ssthreshBytes;
        v.rows.push([nowNs, label, event, Math.round(s.cc.cwndBytes), ssthresh === Infinity ? '' : Math.round(ssthresh), s.flightBytes, rttNs, Math.round(s.rtt.srttNs), s.rtt.rtoNs]);
      };
      end.traces.rttSampled.connect((rttNs, nowNs) => {
        if (nowNs - lastNs < VECTOR_SPACING_NS) return;
        lastNs = nowNs;
        row(nowNs, 'rtt', rttNs);
      });
      end.traces.recoveryStarted.connect((nowNs) => row(nowNs, 'fast-retransmit', ''));
      end.traces.timedOut.connect((nowNs) => row(nowNs, 'timeout', ''));
    }
  }

  /** connections.csv rows at the end of a run of `durationNs`. */
  results(durationNs: number): ConnectionResult[] {
    return this.connections.map(({ connection: c }, i) => {
      const r = this.records[i] as ConnectionRecord;
      const forwardBytes = c.server.receiver.deliveredBytes;
      const reverseBytes = c.client.receiver.deliveredBytes;
      const w = this.windows[i] as MeasureWindow;
      const endNs = r.completionNs >= 0 ? c.startNs + r.completionNs : Math.min(c.forward.stopNs, durationNs);
      const activeNs = Math.min(endNs, w.toNs) - Math.max(c.startNs, w.fromNs);
      const windowBytes = (r.deliveredAtToBytes >= 0 ? r.deliveredAtToBytes : forwardBytes + reverseBytes) - r.deliveredAtFromBytes;
      return {
        connection: c.name,
        workload: c.workload,
        client: c.forward.srcName,
        server: c.forward.dstName,
        congestion: c.config.congestion,
        mssBytes: c.config.mssBytes,
        startNs: c.startNs,
        establishedNs: r.establishedNs,
        forwardBytes,
        reverseBytes,
        goodputBps: activeNs > 0 ? Math.round((windowBytes * 8e9) / activeNs) : 0,
        retransmittedSegments: r.retransmitted,
        timeouts: r.timeouts,
        fastRecoveries: r.recoveries,
        rtt: r.rtt.summary(),
        completionNs: r.completionNs,
        requests: r.requests,
      };
    });
  }

  /** Per TCP workload, in the order the workloads were declared. */
  workloadResults(connections: readonly ConnectionResult[]): Map<string, TcpWorkloadResult> {
    const out = new Map<string, TcpWorkloadResult>();
    for (const c of connections) {
      const w = out.get(c.workload) ?? { connections: 0, retransmittedSegments: 0, timeouts: 0, completed: 0 };
      w.connections++;
      w.retransmittedSegments += c.retransmittedSegments;
      w.timeouts += c.timeouts;
      if (c.completionNs >= 0) w.completed++;
      out.set(c.workload, w);
    }
    for (const [workload, w] of out) {
      const fct = this.completion.get(workload);
      if (fct && fct.count > 0) w.flowCompletion = fct.summary();
      const latency = this.requestLatency.get(workload);
      if (latency && latency.count > 0) w.requestLatency = latency.summary();
    }
    return out;
  }

  /** The time series of connections whose workload asked for them. */
  vectorTables(): ConnectionVector[] {
    return this.vectors;
  }
}
