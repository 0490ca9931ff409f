import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { customProfileSchema } from '../../scenario/schema-overlay.ts';
import { captureOutputAsync } from '../capture-output.ts';
import { whyStackCannotBeTimed } from '../stack-timing.ts';
import { whyOffloadsCannotBeToggled } from '../testbed.ts';
import { calibrateCommand } from './calibrate.ts';

const work = mkdtempSync(join(tmpdir(), 'overlaysim-calibrate-stack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Why this machine cannot run the real measurement (no root, no `ip`, no namespaces), if so. */
const why = whyStackCannotBeTimed();
/** Why offloads cannot be toggled (no ethtool), if so: then only offloads on are timed. */
const offloadsWhy = whyOffloadsCannotBeToggled();

/**
 * One bounded smoke test of the real measurement: a single repeat of at most 3000 datagrams,
 * 64 MiB or 0.2 s per case. The fitted numbers depend on this machine and its load, so only
 * that the command completes, writes a profile that validates, says what it measured, and
 * cleans up are checked; the fit itself is tested on synthetic points
 * (stack-fit-recovers-costs-from-measurements.test.ts, calibrate-predicts-its-own-measurements.test.ts).
 */
describe('calibrate, kernel stack', () => {
  it.skipIf(why !== undefined)(`times UDP and TCP over veth and VXLAN in its own namespaces, fits the stack costs, and deletes the namespaces${why ? ` (skipped: ${why})` : ''}`, async () => {
    const out = join(work, 'stack.json');
    const { result, stdout, stderr } = await captureOutputAsync(() =>
      calibrateCommand({ out, repeats: '1', cipher: 'aes-128-gcm', base: 'aesni', stackRepeats: '1' }, { budgetMs: 5, warmupMs: 2, stackBounds: { datagrams: 3000, tcpBytes: 2 ** 26, maxMs: 200 } }),
    );
    expect(result, stderr).toBe(0);
    expect(stdout).toContain('kernel stack: UDP datagrams and one TCP stream through plain veth, and through container veth → bridge → VXLAN');
    expect(stdout).toMatch(/worst error of the written profile against the medians: [\d.]+ %/);
    // The lines docs/commands.md quotes as the report's shape.
    expect(stdout).toContain('\n  in network namespaces laid out as Docker’s overlay, created for this and deleted after\n');
    // Column widths follow the figures, so the header is matched cell by cell.
    expect(stdout).toMatch(/\n {2}proto +stack +offl +size B +unit +writes +reads +seg tx +seg rx +packets +acks +softirqs +IP B +median ns +min–max ns +predicted ns +error\n/);
    expect(stdout).toContain('\n  fit per side (least squares of relative errors, with the simulator’s cost model): syscallNs ');
    // Pinned where taskset and two CPUs are available (as here: the machine has 2), saying so either way.
    expect(stdout).toMatch(/\n {2}(sender on CPU \d+ and receiver on CPU \d+ \(taskset\), each with a core of its own as the simulator's hosts|sender and receiver not pinned to CPUs \(.+\): the scheduler may put both on one core in some runs, which costs more per TCP byte)\n/);
    expect(stdout).toContain(
      '\n  work per unit: system calls (the sender’s writes, the receiver’s reads), segments each side’s device counted (GSO super-segments, GRO batches), wire packets, pure ACKs, inner IP bytes\n',
    );
    expect(stdout).toContain(
      '\n  softirqs: NET_RX softirq runs on the whole machine per unit, each a NAPI poll on each side (a datagram takes a poll to itself, a TCP stream’s packets share one among tens); VXLAN pays vxlanPollNs per poll\n',
    );
    // Whether this kernel can run Docker's ESP and WireGuard, the report says, either way.
    expect(stdout).toMatch(/\n {2}ESP in the kernel \(Docker's encrypted overlay, rfc4106\(gcm\(aes\)\)\): this kernel (has it|cannot run it \(ip xfrm state add … aead rfc4106\(gcm\(aes\)\): .+\)); /);
    expect(stdout).toMatch(/\n {2}WireGuard in the kernel: this kernel (has it|cannot run it \(ip link add … type wireguard: .+\)); /);
    // Either verdict names the load it was made under.
    expect(stdout).toMatch(/\(machine load \(1-minute load average\) [\d.]+ before and [\d.]+ after, on \d+ cores\)/);
    // One row per case: 6 with offloads on, 6 more off where ethtool toggles them.
    const rows = stdout.split('\n').filter((l) => /^ {2}(udp|tcp) /.test(l));
    expect(rows.length).toBe(offloadsWhy === undefined ? 12 : 6);
    // The offloads really were on and off: TCP with TSO/GSO sends super-segments of many
    // packets (64 KiB holds 45), without them every packet is its own segment.
    // A datagram is one sendmsg and one recvmsg.
    for (const row of rows.filter((r) => r.startsWith('  udp'))) expect(row.trim().split(/\s+/).slice(5, 7)).toEqual(['1.0', '1.0']);
    for (const row of rows.filter((r) => r.startsWith('  tcp'))) {
      const [, , offloads, , , writes, reads, segmentsSent, , packets] = row.trim().split(/\s+/);
      // The sender writes 64 KiB at a time: about 15 calls per MB, a few more where a write
      // returned early; the receiver reads at most 64 KiB a call (Node's read buffer).
      expect(Number(writes)).toBeGreaterThanOrEqual(15);
      expect(Number(reads)).toBeGreaterThanOrEqual(15);
      expect(Number(writes)).toBeLessThan(Number(packets) / 4);
      if (offloads === 'on') expect(Number(segmentsSent)).toBeLessThan(Number(packets) / 4);
      // Within 2%: the device also counts the odd ARP or neighbour-discovery packet.
      else expect(Math.abs(Number(segmentsSent) / Number(packets) - 1)).toBeLessThan(0.02);
    }
    const profile = customProfileSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(profile.measured?.some((m) => m.startsWith('kernel: UDP'))).toBe(true);
    if (offloadsWhy !== undefined) expect(profile.measured).toContain(`not measured: offloads off (${offloadsWhy}); checksumNsPerByte is the base profile's`);
    // Whether this kernel has ESP's AES-GCM and WireGuard, it says either way.
    expect(profile.measured?.filter((m) => /^ESP in the kernel .*: this kernel (has it|cannot run it)/.test(m))).toHaveLength(1);
    expect(profile.measured?.filter((m) => /^WireGuard in the kernel: this kernel (has it|cannot run it)/.test(m))).toHaveLength(1);
    for (const value of [profile.syscallNs, profile.segmentNs, profile.copyNsPerByte, profile.vxlanNs, profile.vxlanPollNs]) {
      expect(Number.isFinite(value)).toBe(true);
      expect(value).toBeGreaterThanOrEqual(0);
    }
    // No bounds on the fitted values: on a loaded machine one repeat can push a cost to 0.
    const left = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout;
    expect(left).not.toContain(`osim-${process.pid}-`);
  });
});
