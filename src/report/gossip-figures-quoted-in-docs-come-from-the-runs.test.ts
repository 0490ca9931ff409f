import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/load.ts';
import { runScenario } from '../scenario/run.ts';
import { resultFiles } from './write-results.ts';

/**
 * docs/shipped-scenarios.md quotes figures of the gossip scenarios' runs. Each one is rebuilt
 * here from the summary.json and gossip.csv a run writes, formatted as the docs write it, and the
 * docs must contain it word for word; when the model moves a figure, this fails until the docs
 * say what the run says. Seconds are given to 10 ms, so the figures are exact to their last digit.
 */
const DOC = readFileSync('docs/shipped-scenarios.md', 'utf8').replace(/\s+/g, ' ');

interface Row {
  kind: string;
  label: string;
  shouldKnow: number;
  informed: number;
  reach50pctNs: number;
  reach99pctNs: number;
  reach100pctNs: number;
}

/** The `gossip` object of summary.json, as parsed (its fields are in docs/results-reference.md). */
type Summary = any;

const s = (ns: number) => `${(ns / 1e9).toFixed(2)} s`;
const row = (rows: Row[], kind: string) => rows.find((r) => r.kind === kind)!;

/** The claims of each scenario's paragraph, from its gossip summary and gossip.csv rows. */
const CLAIMS: Record<string, (g: Summary, rows: Row[]) => string[]> = {
  'gossip-500': (g) => {
    const b = g.totals.bytesPerNodePerS;
    return [
      `first suspected ${s(g.firstDetectionMeanNs)} after the crash and every member has it dead at ${s(g.failureDetectionMaxNs)}`,
      `reach 99 % of the hosts in a median ${s(g.tableReach99MedianNs)} and all of them in ${s(g.tableReach100MedianNs)} (worst ${s(g.tableReach100MaxNs)})`,
      `holds up to ${g.totals.tableQueueDepthMax} events (mean depth ${Math.round(g.totals.tableQueueDepthMean)})`,
      `Gossip costs ${(b.total / 1000).toFixed(1)} kB per host per second, ${Math.round((100 * b.bulkSync) / b.total)} % of it bulk sync`,
      `takes ${Math.round(b.pushPull)} B of it`,
    ];
  },
  'gossip-churn': (g, rows) => {
    const t = g.totals;
    const heal = row(rows, 'partition-heal');
    return [
      `(${t.falseSuspicions} and ${t.falseDeaths}), probes answered only over TCP (${t.tcpOnlyProbes}), failed push/pulls and bulk syncs (${t.pushPullFailures} and ${t.bulkSyncFailures})`,
      `and ${g.events - g.converged} of the ${g.events} tracked events not reaching every host`,
      `alive ${s(heal.reach99pctNs)} after it, but ${heal.shouldKnow - heal.informed} host never does within the run`,
    ];
  },
  'gossip-network-join': (_g, rows) => {
    const join = row(rows, 'network-join');
    return [
      `reaches all ${join.shouldKnow} other hosts in ${s(join.reach100pctNs)} (50 % at ${s(join.reach50pctNs)}`,
      `holding every entry of \`dbnet\` ${Math.round(row(rows, 'network-sync').reach100pctNs / 1000)} µs after it joins`,
      `row of h12 reaches every host in ${s(row(rows, 'network-leave').reach100pctNs)}`,
    ];
  },
  'gossip-partition': (g) => [
    `(${g.totals.reconnectFailures} of ${g.totals.reconnects} attempts fail)`,
    `alive ${s(g.partitionHeals[0].remergedNs)} after the heal`,
    `in a median ${s(g.tableReach100MedianNs)} after their creation (worst ${s(g.tableReach100MaxNs)})`,
  ],
};

function parseCsv(text: string): Row[] {
  const [head, ...lines] = text.trim().split('\n');
  const cols = head!.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    const get = (c: string) => cells[cols.indexOf(c)]!;
    const num = (c: string) => (get(c) === '' ? Number.NaN : Number(get(c)));
    return {
      kind: get('kind'),
      label: get('label'),
      shouldKnow: num('shouldKnow'),
      informed: num('informed'),
      reach50pctNs: num('reach50pctNs'),
      reach99pctNs: num('reach99pctNs'),
      reach100pctNs: num('reach100pctNs'),
    };
  });
}

describe('gossip figures quoted in docs/shipped-scenarios.md', () => {
  it.each(Object.keys(CLAIMS))('are those a run of %s writes', async (name) => {
    const file = `scenarios/${name}.yaml`;
    const result = await runScenario(loadScenario(file).resolved);
    const files = await resultFiles(result, { scenarioFile: file, scenarioSha256: '', toolVersion: 'test', sets: [] });
    const summary = JSON.parse(files.get('summary.json')!);
    const rows = parseCsv(files.get('gossip.csv')!);
    for (const claim of CLAIMS[name]!(summary.gossip, rows)) expect(DOC).toContain(claim);
  });
});
