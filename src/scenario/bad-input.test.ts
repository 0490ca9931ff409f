import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureOutputAsync } from '../cli/capture-output.ts';
import { main } from '../cli/main.ts';

/**
 * The bad-input suite: every malformed scenario in fixtures/bad/ is run through the CLI's `main`
 * (cwd = repo root), in this process: about a hundred child processes took a minute of CI. Each
 * must exit 3, name file:line:col, the field path and what was expected, and write nothing. A few
 * fixtures also go through the real `node bin/overlaysim.js`, to show that the process prints and
 * exits exactly as `main` does.
 */

const FIXTURES = 'src/scenario/fixtures/bad';
const SCHEMA_LINE = '# yaml-language-server: $schema=../../../../schema/scenario.schema.json';

interface Row {
  /** Fixture file name in fixtures/bad/. */
  file: string;
  /** 1-based position of the reported problem; omitted when it has none (an empty file). */
  line?: number;
  col?: number;
  /** Field path printed after the position; '' for problems of the whole file. */
  path: string;
  /** Words that must appear in the message on that same line. */
  words: string[];
  /** How many problems the scenario has. */
  problems: number;
}

const ROWS: Row[] = [
  { file: 'delay-without-unit.yaml',          line: 10, col: 12, path: 'underlay.hostLink.delay',         words: ['expected a duration with a unit', 'got number 5'], problems: 1 },
  { file: 'bandwidth-is-a-size.yaml',         line: 8,  col: 26, path: 'underlay.hostLink.bandwidth',     words: ['"10GB" is a size, not a bit rate', 'e.g. 10Gbps'], problems: 1 },
  { file: 'duration-unknown-unit.yaml',       line: 3,  col: 11, path: 'duration',                        words: ['cannot read "10 parsecs"', 'expected a duration with a unit'], problems: 1 },
  { file: 'typo-bandwith.yaml',               line: 9,  col: 5,  path: 'underlay.hostLink.bandwith',      words: ['unknown field "bandwith"', 'did you mean "bandwidth"'], problems: 2 },
  { file: 'typo-worklaods.yaml',              line: 8,  col: 1,  path: 'worklaods',                       words: ['unknown field "worklaods"', 'did you mean "workloads"'], problems: 1 },
  { file: 'typo-intervall.yaml',              line: 13, col: 5,  path: 'workloads[0].intervall',          words: ['unknown field "intervall"', 'did you mean "interval"'], problems: 1 },
  { file: 'workload-kind-without-prefix.yaml',line: 10, col: 24, path: 'workloads[0].kind',               words: ['unknown kind "cbr"', 'did you mean "udp-cbr"', 'udp-cbr, udp-poisson, ping'], problems: 1 },
  { file: 'negative-payload.yaml',            line: 14, col: 14, path: 'workloads[0].payload',            words: ['expected a size of 0B or more', 'got "-5B"'], problems: 1 },
  { file: 'zero-packet-size.yaml',            line: 9,  col: 91, path: 'workloads[0].packetSize',         words: ['expected a size greater than zero', 'got "0B"'], problems: 1 },
  { file: 'unknown-host-in-workload.yaml',    line: 11, col: 47, path: 'workloads[1].to',                 words: ['unknown host, service or task "h99"', 'h1, h2, h3, …, h16 (16 hosts)'], problems: 1 },
  { file: 'unknown-node-in-link.yaml',        line: 10, col: 22, path: 'underlay.links[1].between[1]',    words: ['unknown node "core2"', 'did you mean "core1"'], problems: 1 },
  { file: 'duplicate-host-names.yaml',        line: 9,  col: 7,  path: 'underlay.hosts[2]',               words: ['duplicate node name "web1"', 'already declared at underlay.hosts[0]'], problems: 1 },
  { file: 'duplicate-workload-names.yaml',    line: 10, col: 13, path: 'workloads[1].name',               words: ['duplicate workload name "bulk"', 'already used by workloads[0]'], problems: 1 },
  { file: 'disconnected-switches.yaml',       line: 9,  col: 3,  path: 'underlay.links',                  words: ['topology is disconnected', 'host a1 to host b1', '{a1, a2, swA}, {b1, b2, swB}'], problems: 1 },
  { file: 'empty-file.yaml',                                     path: '',                                words: ['the file is empty', 'expected a scenario'], problems: 1 },
  { file: 'unclosed-bracket.yaml',            line: 6,  col: 10, path: '',                                words: ['YAML syntax error', '"[" is never closed by "]"'], problems: 1 },
  { file: 'bad-indentation.yaml',             line: 7,  col: 4,  path: '',                                words: ['YAML syntax error', 'check the indentation'], problems: 2 },
  { file: 'tab-indentation.yaml',             line: 8,  col: 1,  path: '',                                words: ['YAML syntax error', 'Tabs are not allowed'], problems: 1 },
  { file: 'unknown-topology-kind.yaml',       line: 5,  col: 13, path: 'underlay.topology',               words: ['unknown topology "ring"', 'explicit, star, leaf-spine'], problems: 1 },
  { file: 'huge-host-count.yaml',             line: 6,  col: 10, path: 'underlay.hosts',                  words: ['expected at most 5000 hosts', 'got number 10000000'], problems: 1 },
  { file: 'payload-above-ipv4-limit.yaml',    line: 15, col: 14, path: 'workloads[0].payload',            words: ['65536-byte IP packet', 'above the IPv4 limit of 65535'], problems: 1 },
  { file: 'stop-before-start.yaml',           line: 16, col: 11, path: 'workloads[0].stop',               words: ['expected stop to be later than start (5.000 s)', 'got 2.000 s'], problems: 1 },
  { file: 'rate-and-packet-rate.yaml',        line: 14, col: 17, path: 'workloads[0].packetRate',         words: ['rate or packetRate, not both'], problems: 1 },
  { file: 'more-racks-than-hosts.yaml',       line: 7,  col: 10, path: 'underlay.racks',                  words: ['at most one rack per host (4)', 'got 8'], problems: 1 },
  { file: 'top-level-list.yaml',              line: 2,  col: 1,  path: '',                                words: ['expected a mapping of scenario fields at the top level', 'got a list'], problems: 1 },
  { file: 'mtu-below-overhead.yaml',          line: 9,  col: 10, path: 'networks.secure.mtu',             words: ['mtu 100 leaves containers an MTU of 24 B', 'expected at least 144'], problems: 1 },
  { file: 'unknown-network-in-service.yaml',  line: 9,  col: 34, path: 'services.web.networks[0]',        words: ['unknown network "apnet"', 'did you mean "appnet"'], problems: 1 },
  { file: 'encrypted-host-network.yaml',      line: 9,  col: 16, path: 'networks.bare.encrypted',         words: ['a host network is the bare underlay and cannot be encrypted'], problems: 1 },
  { file: 'unknown-cpu-profile.yaml',         line: 8,  col: 8,  path: 'hosts.cpu',                       words: ['unknown CPU profile "aes-ni"', 'did you mean "aesni"'], problems: 1 },
  { file: 'removed-offload-factor.yaml',      line: 6,  col: 29, path: 'hosts.offload',                   words: ['offload was removed', 'offloads: true or false'], problems: 1 },
  { file: 'subnet-too-small.yaml',            line: 7,  col: 21, path: 'networks.appnet.subnet',          words: ['10.0.9.0/24 holds 253 addresses', 'this scenario needs 321: 300 tasks + 1 VIP + 20 node LB endpoints'], problems: 1 },
  { file: 'subnet-capacity-one-too-many.yaml', line: 19, col: 21, path: 'networks.appnet.subnet',        words: ['10.0.9.0/24 holds 253 addresses', 'this scenario needs 254: 232 tasks + 2 VIPs + 20 node LB endpoints'], problems: 1 },
  { file: 'vip-mode-on-dnsrr-service.yaml',   line: 10, col: 61, path: 'workloads[0].mode',               words: ['cache has endpointMode: dnsrr and so no VIP', 'use mode: dnsrr or mode: task'], problems: 1 },
  { file: 'measure-window-beyond-run.yaml',  line: 4,  col: 26, path: 'measure.to',                      words: ['expected a window end within the run (duration 10.000 s)', 'got 20.000 s'], problems: 1 },
  { file: 'loss-direction-above-one.yaml',   line: 8,  col: 46, path: 'underlay.links[0].loss',          words: ['expected a probability between 0 and 1', '{ forward: p, reverse: q }'], problems: 1 },
  { file: 'unknown-service-in-workload.yaml', line: 11, col: 50, path: 'workloads[0].to',                 words: ['unknown host, service or task "dbb"', 'did you mean "db"'], problems: 1 },
  { file: 'variant-path-typo.yaml',           line: 9,  col: 16, path: 'networks.apnet.encrypted',        words: ['networks.apnet is not in the scenario', 'did you mean "appnet"'], problems: 1 },
  { file: 'services-share-no-network.yaml',   line: 11, col: 5,  path: 'workloads[0]',                    words: ['web and db share no network'], problems: 1 },
  { file: 'gossip-typo-retransmit-mult.yaml', line: 7, col: 17, path: 'gossip.memberlist.retransmitMul', words: ['unknown field "retransmitMul"', 'did you mean "retransmitMult"'], problems: 1 },
  { file: 'gossip-unknown-host-in-event.yaml', line: 7, col: 42, path: 'gossip.events[0].hosts[1]', words: ['unknown host "h99"', 'did you mean "h9"'], problems: 1 },
  { file: 'gossip-partition-heals-before-it-starts.yaml', line: 7, col: 54, path: 'gossip.events[0].heal', words: ['expected heal to be later than at (10 s)', 'got 5 s'], problems: 1 },
  { file: 'gossip-endpoints-unknown-network.yaml', line: 9, col: 43, path: 'gossip.events[0].network', words: ['unknown network "apnet"', 'did you mean "appnet"'], problems: 1 },
  { file: 'rpc-think-with-rate.yaml',         line: 14, col: 12, path: 'workloads[0].think',              words: ['think applies to the closed loop only'], problems: 1 },
  { file: 'same-host-tcp-on-ideal-hosts.yaml', line: 11, col: 5, path: 'workloads[0]',                    words: ['client.1 and server.1 are on one host', 'with cpu: none it costs nothing'], problems: 1 },
  { file: 'scale-puts-tcp-task-beside-client-on-ideal-hosts.yaml', line: 13, col: 5, path: 'workloads[0]', words: ['client.1 and server.2 are on one host', 'with cpu: none it costs nothing'], problems: 1 },
  { file: 'rpc-connections-without-rate.yaml', line: 14, col: 18, path: 'workloads[0].connections',      words: ['connections applies to the open loop only'], problems: 1 },
  { file: 'gossip-probe-interval-without-unit.yaml', line: 7, col: 32, path: 'gossip.memberlist.probeInterval', words: ['expected a duration with a unit', 'got number 1000'], problems: 1 },
  { file: 'gossip-network-event-unknown-network.yaml', line: 9, col: 41, path: 'gossip.events[0].network', words: ['unknown network "apnet"', 'did you mean "appnet"', 'networks: appnet'], problems: 1 },
  { file: 'gossip-network-event-unknown-host.yaml', line: 9, col: 62, path: 'gossip.events[0].hosts[1]', words: ['unknown host "h33"', 'did you mean "h3"'], problems: 1 },
  { file: 'gossip-network-join-already-attached.yaml', line: 10, col: 62, path: 'gossip.events[0].hosts[1]', words: ['host "h15" is already attached to network "appnet" at 9 s', 'it joined at 2 s (gossip.events[1])'], problems: 1 },
  { file: 'gossip-network-leave-not-attached.yaml', line: 9, col: 61, path: 'gossip.events[0].hosts[1]', words: ['host "h14" is not attached to network "appnet" at 7 s', 'it runs no task of a service on that network'], problems: 1 },
  { file: 'yaml-alias-without-anchor.yaml',  line: 5,  col: 49, path: '',                                words: ['YAML alias *link names no anchor &link'], problems: 1 },
  { file: 'yaml-alias-bomb.yaml',             line: 8,  col: 16, path: '',                                words: ['YAML aliases expand too far', 'write the values out instead'], problems: 1 },
  { file: 'rate-too-large.yaml',              line: 5,  col: 62, path: 'underlay.hostLink.bandwidth',     words: ['cannot read "1e300Tbps"', 'at most 1000Tbps'], problems: 1 },
  { file: 'rate-below-one-bps.yaml',          line: 5,  col: 62, path: 'underlay.hostLink.bandwidth',     words: ['expected a rate from 1bps to 1000Tbps', 'got "1e-3bps"'], problems: 1 },
  { file: 'service-named-like-host.yaml',     line: 8,  col: 3,  path: 'services.h1',                     words: ['service "h1" has the name of an underlay node', 'rename the service'], problems: 1 },
  { file: 'network-listed-twice.yaml',        line: 8,  col: 38, path: 'services.web.networks[1]',        words: ['network "n1" is listed twice', 'also at networks[0]'], problems: 1 },
  { file: 'parallel-links.yaml',              line: 12, col: 9,  path: 'underlay.links[2].between',       words: ['a second link between s and a', 'the first is underlay.links[0]'], problems: 1 },
  { file: 'scale-outgrows-subnet.yaml',      line: 17, col: 7,  path: 'gossip.events[0]',                words: ['at 1.000 s network appnet runs out of addresses', '10.0.9.0/26 holds 61 addresses', 'needs 62: 57 tasks + 1 VIP + 4 node LB endpoints'], problems: 1 },
  { file: 'workload-on-service-without-replicas.yaml', line: 11, col: 37, path: 'workloads[0].from',     words: ['service "web" has replicas: 0', 'no task to send from'], problems: 1 },
];

interface Outcome {
  status: number | null;
  stderr: string;
}

/** Environment of every child: no colour codes in stderr, whatever the terminal or CI says. */
const ENV: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined };

/** Runs the CLI synchronously. */
function cli(args: string[]): Outcome {
  const r = spawnSync(process.execPath, ['bin/overlaysim.js', ...args], { encoding: 'utf8', env: ENV, timeout: 60_000 });
  return { status: r.status, stderr: r.stderr };
}

/** Runs the CLI as a child process without blocking, so a small pool can run several at once. */
function cliAsync(args: string[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/overlaysim.js', ...args], { env: ENV, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

/** Runs the CLI's `main` in this process, its output captured. */
async function cliInProcess(args: string[]): Promise<Outcome> {
  const { result, stderr } = await captureOutputAsync(() => main(['node', 'overlaysim', ...args]));
  return { status: result, stderr };
}

/** Fixtures also run as a real process: a position error, a whole-file error, a YAML error. */
const SPAWNED = ['delay-without-unit.yaml', 'empty-file.yaml', 'unclosed-bracket.yaml'];

/** The `error ...` lines of stderr. */
function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('error '));
}

/** Every file under `dir` with its bytes, for byte-for-byte comparison. */
function snapshot(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (sub: string) => {
    for (const name of readdirSync(join(dir, sub)).sort()) {
      const rel = join(sub, name);
      if (statSync(join(dir, rel)).isDirectory()) walk(rel);
      else files.set(rel, readFileSync(join(dir, rel)));
    }
  };
  walk('');
  return files;
}

let tmp: string;
const runs = new Map<string, Outcome>();
const validations = new Map<string, Outcome>();
const outOf = (file: string) => join(tmp, file.replace(/\.yaml$/, ''), 'out');

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'overlaysim-bad-input-'));
  for (const row of ROWS) {
    const path = `${FIXTURES}/${row.file}`;
    mkdirSync(join(tmp, row.file.replace(/\.yaml$/, '')));
    runs.set(row.file, await cliInProcess(['run', path, '--out', outOf(row.file), '--quiet']));
    validations.set(row.file, await cliInProcess(['validate', path]));
  }
}, 120_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the bad-input fixtures', () => {
  it('has one table row for every fixture file, and at least 18 of them', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml')).sort();
    expect(ROWS.map((r) => r.file).sort()).toEqual(files);
    expect(files.length).toBeGreaterThanOrEqual(18);
  });

  it.each(ROWS.map((r) => r.file))('%s starts with the yaml-language-server schema line', (file) => {
    expect(readFileSync(`${FIXTURES}/${file}`, 'utf8').split('\n')[0]).toBe(SCHEMA_LINE);
  });
});

describe('`run` on a broken scenario', () => {
  const labelled = ROWS.map((row) => [row.line === undefined ? row.file : `${row.file}:${row.line}:${row.col}`, row] as const);
  it.each(labelled)('%s: exit 3, names the path and what was expected, writes nothing', (_label, row) => {
    const file = `${FIXTURES}/${row.file}`;
    const { status, stderr } = runs.get(row.file) as Outcome;
    expect(status, stderr).toBe(3);

    const where = row.line === undefined ? file : `${file}:${row.line}:${row.col}`;
    const prefix = `error ${where}: ${row.path ? `${row.path}: ` : ''}`;
    const line = errorLines(stderr).find((l) => l.startsWith(prefix));
    expect(line, `no line starting with ${JSON.stringify(prefix)} in:\n${stderr}`).toBeDefined();
    for (const word of row.words) expect(line).toContain(word);
    if (row.line === undefined) expect(stderr).not.toMatch(new RegExp(`${file.replace(/[.]/g, '\\.')}:\\d`));

    expect(errorLines(stderr)).toHaveLength(row.problems);
    expect(stderr).toContain(`${row.problems} problem${row.problems === 1 ? '' : 's'} in the scenario; nothing was run or written.`);
    expect(existsSync(outOf(row.file))).toBe(false);
    // No half-written temporary folder beside it either.
    expect(readdirSync(join(outOf(row.file), '..'))).toEqual([]);
  });
});

describe('the real process', () => {
  it.each(SPAWNED)('%s: exits and prints as main does in process', async (file) => {
    const out = join(tmp, 'spawned', file, 'out');
    const spawned = await cliAsync(['run', `${FIXTURES}/${file}`, '--out', out, '--quiet']);
    const inProcess = runs.get(file) as Outcome;
    expect(spawned.status, spawned.stderr).toBe(inProcess.status);
    expect(spawned.stderr).toBe(inProcess.stderr);
    expect(existsSync(out)).toBe(false);
  });
});

describe('`validate` on a broken scenario', () => {
  it.each(ROWS.map((row) => [row.file, row] as const))('%s: exit 3 with the same report as `run`', (_file, row) => {
    const { status, stderr } = validations.get(row.file) as Outcome;
    expect(status, stderr).toBe(3);
    expect(errorLines(stderr)).toEqual(errorLines((runs.get(row.file) as Outcome).stderr));
  });
});

describe('the command line around a scenario', () => {
  it('a --set override with a bad value exits 3 and names --set and the field', () => {
    const out = join(tmp, 'set', 'out');
    const { status, stderr } = cli(['run', 'scenarios/p2p-udp.yaml', '--set', 'duration=5', '--out', out, '--quiet']);
    expect(status, stderr).toBe(3);
    expect(errorLines(stderr)).toEqual(['error --set: duration: expected a duration with a unit (ns, us, µs, ms, s, m), e.g. 10ms, got number 5']);
    expect(existsSync(join(tmp, 'set'))).toBe(false);
  });

  it('a --set override with a bad value fails `validate` too', () => {
    const { status, stderr } = cli(['validate', 'scenarios/p2p-udp.yaml', '--set', 'underlay.links.0.bandwidth=1GB']);
    expect(status, stderr).toBe(3);
    expect(errorLines(stderr)).toEqual([expect.stringMatching(/^error --set: underlay\.links\[0\]\.bandwidth: "1GB" is a size, not a bit rate/)]);
  });

  it('a missing scenario file is a usage error: exit 2, nothing written', () => {
    const out = join(tmp, 'missing', 'out');
    const { status, stderr } = cli(['run', `${FIXTURES}/no-such-scenario.yaml`, '--out', out, '--quiet']);
    expect(status, stderr).toBe(2);
    expect(stderr).toContain(`cannot read scenario file ${FIXTURES}/no-such-scenario.yaml: ENOENT`);
    expect(existsSync(join(tmp, 'missing'))).toBe(false);
  });

  it('an unknown command-line option is a usage error: exit 2', () => {
    const { status, stderr } = cli(['run', 'scenarios/p2p-udp.yaml', '--quiet', '--ouput', join(tmp, 'typo')]);
    expect(status, stderr).toBe(2);
    expect(stderr).toContain("unknown option '--ouput'");
    expect(existsSync(join(tmp, 'typo'))).toBe(false);
  });

  it('an existing results folder is left byte-for-byte intact when a later run of a bad scenario fails', () => {
    const parent = join(tmp, 'kept');
    const out = join(parent, 'out');
    mkdirSync(join(out, 'sub'), { recursive: true });
    writeFileSync(join(out, 'run.json'), '{ "seed": 1 }\n');
    writeFileSync(join(out, 'flows.csv'), 'flow,rxPackets\ncbr,424592\n');
    writeFileSync(join(out, 'summary.md'), '# p2p-udp\n\ngoodput 500 Mbit/s\n');
    writeFileSync(join(out, 'sub', 'note.bin'), Buffer.from([0, 1, 2, 255]));
    const before = snapshot(out);

    const { status, stderr } = cli(['run', `${FIXTURES}/typo-bandwith.yaml`, '--out', out, '--quiet']);
    expect(status, stderr).toBe(3);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(parent)).toEqual(['out']);
  });
});
