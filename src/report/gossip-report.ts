import { formatDurationNs } from '../core/units.ts';
import { CONVERGENCE_SHARES, CURVE_POINTS_NS, type GossipResult, type GossipTotals } from '../stats/gossip-monitor.ts';
import type { Table } from './tables.ts';

const shareName = (q: number) => `${Math.round(q * 100)}`;
const curveName = (ns: number) => (ns < 1e9 ? `${ns / 1e6}ms` : `${ns / 1e9}s`);

/** gossip.csv: one row per tracked event; empty cells mean "not reached within the run". */
export function gossipTable(g: GossipResult): Table {
  const columns = [
    'event', 'kind', 'label', 'network', 'startNs', 'shouldKnow', 'informed', 'converged',
    ...CONVERGENCE_SHARES.map((q) => `reach${shareName(q)}pctNs`),
    'firstDetectionNs',
    ...CURVE_POINTS_NS.map((t) => `informedShareAt${curveName(t)}`),
  ];
  const rows = g.events.map((e) => [
    e.event, e.kind, e.label, e.network, e.startNs, e.shouldKnow, e.informed, e.reachNs[e.reachNs.length - 1] === undefined ? 'no' : 'yes',
    ...e.reachNs.map((x) => x ?? ''),
    e.firstDetectionNs ?? '',
    ...e.curve.map((x) => x ?? ''),
  ]);
  return { columns, rows };
}

/** Headline gossip figures for summary.json. */
export interface GossipSummary {
  events: number;
  converged: number;
  /** Labels of events some host that should know never learned (first 20). */
  notConverged: string[];
  /** Over table events that converged: median and worst time to 99 % and 100 % of the network, ns. */
  tableReach99MedianNs: number;
  tableReach100MedianNs: number;
  tableReach100MaxNs: number;
  /** Over crashes: mean first detection and mean time until every live member marked it dead, ns. */
  crashes: number;
  firstDetectionMeanNs: number;
  failureDetectionMeanNs: number;
  failureDetectionMaxNs: number;
  /** Only with network events (so runs without them keep their summary byte for byte). */
  network?: NetworkEventSummary;
  /** Only with partitions: per heal, the time until every live host held every live host of the other side alive. */
  partitionHeals?: PartitionHealSummary[];
  totals: GossipTotals;
}

/** Headline figures of network events, over those that converged, ns. */
export interface NetworkEventSummary {
  /** `network-join` and `network-leave` events. */
  events: number;
  /** Median and worst time until every live host knew of a join or leave. */
  reach100MedianNs: number;
  reach100MaxNs: number;
  /** Median and worst time until a joiner held every entry live at its join (`network-sync`). */
  joinerSyncMedianNs: number;
  joinerSyncMaxNs: number;
}

/** One partition heal in the summary. */
export interface PartitionHealSummary {
  label: string;
  /** When the partition healed, ns. */
  healNs: number;
  /** Time from the heal until every cross pair was alive in every view, ns; null = not within the run. */
  remergedNs: number | null;
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

export function gossipSummary(g: GossipResult): GossipSummary {
  const table = g.events.filter((e) => e.kind.startsWith('endpoint'));
  const r99 = table.map((e) => e.reachNs[2]).filter((x): x is number => x !== undefined);
  const r100 = table.map((e) => e.reachNs[3]).filter((x): x is number => x !== undefined);
  const crashes = g.events.filter((e) => e.kind === 'crash');
  const first = crashes.map((e) => e.firstDetectionNs).filter((x): x is number => x !== undefined);
  const full = crashes.map((e) => e.reachNs[3]).filter((x): x is number => x !== undefined);
  const mean = (xs: number[]) => (xs.length === 0 ? 0 : Math.round(xs.reduce((a, b) => a + b, 0) / xs.length));
  const notConverged = g.events.filter((e) => e.reachNs[3] === undefined);
  const networkEvents = g.events.filter((e) => e.kind === 'network-join' || e.kind === 'network-leave');
  const reached = (xs: typeof g.events) => xs.map((e) => e.reachNs[3]).filter((x): x is number => x !== undefined);
  const spread = reached(networkEvents);
  const synced = reached(g.events.filter((e) => e.kind === 'network-sync'));
  const max = (xs: number[]) => (xs.length === 0 ? 0 : Math.max(...xs));
  const heals = g.events.filter((e) => e.kind === 'partition-heal');
  const network: NetworkEventSummary = {
    events: networkEvents.length,
    reach100MedianNs: median(spread),
    reach100MaxNs: max(spread),
    joinerSyncMedianNs: median(synced),
    joinerSyncMaxNs: max(synced),
  };
  return {
    events: g.events.length,
    converged: g.events.length - notConverged.length,
    notConverged: notConverged.slice(0, 20).map((e) => `${e.kind} ${e.label}`),
    tableReach99MedianNs: median(r99),
    tableReach100MedianNs: median(r100),
    tableReach100MaxNs: r100.length === 0 ? 0 : Math.max(...r100),
    crashes: crashes.length,
    firstDetectionMeanNs: mean(first),
    failureDetectionMeanNs: mean(full),
    failureDetectionMaxNs: full.length === 0 ? 0 : Math.max(...full),
    ...(networkEvents.length > 0 ? { network } : {}),
    ...(heals.length > 0 ? { partitionHeals: heals.map((e) => ({ label: e.label, healNs: e.startNs, remergedNs: e.reachNs[3] ?? null })) } : {}),
    totals: g.totals,
  };
}

/** The gossip section of summary.md. */
export function gossipMarkdown(s: GossipSummary, table: (h: string[], rows: string[][]) => string): string {
  const t = s.totals;
  const out = ['', '## Gossip control plane', ''];
  if (s.notConverged.length > 0) {
    out.push(`**${s.events - s.converged} of ${s.events} events never reached every host that should know them** (${s.notConverged.slice(0, 5).join('; ')}${s.notConverged.length > 5 ? '; …' : ''}).`, '');
  } else out.push(`All ${s.events} tracked events reached every host that should know them.`, '');
  out.push(
    table(
      ['metric', 'value'],
      [
        ['hosts', String(t.nodes)],
        ['table events: median time to 99 % / 100 %', `${formatDurationNs(s.tableReach99MedianNs)} / ${formatDurationNs(s.tableReach100MedianNs)}`],
        ['table events: worst time to 100 %', formatDurationNs(s.tableReach100MaxNs)],
        ['crashes: mean first detection', s.crashes ? formatDurationNs(s.firstDetectionMeanNs) : 'no crash'],
        ['crashes: mean / worst time until every live member marks it dead', s.crashes ? `${formatDurationNs(s.failureDetectionMeanNs)} / ${formatDurationNs(s.failureDetectionMaxNs)}` : 'no crash'],
        ...networkRows(s.network),
        ...(s.partitionHeals ?? []).map((h) => [
          `${h.label}: healed at ${formatDurationNs(h.healNs)}, every cross pair alive in every view after`,
          h.remergedNs === null ? 'not within the run' : formatDurationNs(h.remergedNs),
        ]),
        ['false suspicions / false deaths', `${t.falseSuspicions} / ${t.falseDeaths}`],
        ['gossip packets per host per second', String(t.packetsPerNodePerS.total)],
        ['gossip bytes per host per second', String(t.bytesPerNodePerS.total)],
        ['broadcast queue depth: memberlist max / mean', `${t.queueDepthMax} / ${t.queueDepthMean}`],
        ['broadcast queue depth: NetworkDB max / mean', `${t.tableQueueDepthMax} / ${t.tableQueueDepthMean}`],
        ['UDP datagrams lost (loss, partitions, firewalls)', String(t.udpDropped)],
        ['probes answered only over TCP', String(t.tcpOnlyProbes)],
        ['failed push/pulls / bulk syncs / joins', `${t.pushPullFailures} / ${t.bulkSyncFailures} / ${t.joinFailures}`],
        ['reconnects to failed nodes (failed)', `${t.reconnects} (${t.reconnectFailures})`],
      ],
    ),
    '',
    'Per-event times to 50/90/99/100 % and the share informed over time are in gossip.csv.',
  );
  return out.join('\n');
}

/** summary.md rows of network events; none without them. */
function networkRows(n: NetworkEventSummary | undefined): string[][] {
  if (n === undefined) return [];
  return [
    ['network joins and leaves: median / worst time to 100 %', `${formatDurationNs(n.reach100MedianNs)} / ${formatDurationNs(n.reach100MaxNs)}`],
    ['network joins: median / worst time until the joiner holds every entry', `${formatDurationNs(n.joinerSyncMedianNs)} / ${formatDurationNs(n.joinerSyncMaxNs)}`],
  ];
}
